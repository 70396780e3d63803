import * as assert from 'assert';
import { createDemoBackends } from '../../src/backends/demo/demoBackend';
import { CaselinkError } from '../../src/core/errors';
import { MemoryKeyValueStore } from '../../src/core/ports/keyValueStore';
import { DraftStore } from '../../src/core/services/draftStore';
import { firstUnreadEvent, normalizeHistory } from '../../src/core/services/history';
import { CaseSnapshot, HostMessage, WebviewMessage } from '../../src/protocol/caseProtocol';

const now = new Date('2026-11-22T12:00:00.000Z');

describe('history normalisation', () => {
  const msg = (id: string, at: string) => ({ id, kind: 'message', at, authorRole: 'customer', visibility: 'public', body: id, format: 'text', attachments: [] });

  it('orders entries by time and keeps the backend order for equal times', () => {
    const { events } = normalizeHistory([msg('c', '2026-11-03T00:00:00Z'), msg('a', '2026-11-01T00:00:00Z'), msg('b1', '2026-11-02T00:00:00Z'), msg('b2', '2026-11-02T00:00:00Z')]);
    assert.deepStrictEqual(events.map((e) => e.id), ['a', 'b1', 'b2', 'c']);
  });

  it('keeps entries it cannot read as visible placeholders and counts them', () => {
    const { events, unreadable } = normalizeHistory([
      msg('ok', '2026-11-01T00:00:00Z'),
      { id: 'x', kind: 'sla-breach', at: '2026-11-02T00:00:00Z', policy: 'gold' },
      { kind: 'message', body: 'no id or time' },
      'garbage',
    ]);
    assert.strictEqual(unreadable, 3);
    assert.strictEqual(events.length, 4);
    const placeholder = events.find((e) => e.id === 'x')!;
    assert.strictEqual(placeholder.kind, 'other');
    assert.match((placeholder as { description: string }).description, /could not read \(type “sla-breach”\)/);
  });

  it('accepts an attachment without a size', () => {
    const { events, unreadable } = normalizeHistory([{ ...msg('a', '2026-11-01T00:00:00Z'), attachments: [{ id: 'f', name: 'log.txt' }] }]);
    assert.strictEqual(unreadable, 0);
    assert.strictEqual(events[0].kind === 'message' && events[0].attachments[0].size, undefined);
  });

  it('finds the first entry after the last look', () => {
    const { events } = normalizeHistory([msg('a', '2026-11-01T00:00:00Z'), msg('b', '2026-11-02T00:00:00Z'), msg('c', '2026-11-03T00:00:00Z')]);
    assert.strictEqual(firstUnreadEvent(events, '2026-11-01T12:00:00.000Z')?.id, 'b');
    assert.strictEqual(firstUnreadEvent(events, '2026-11-05T00:00:00.000Z'), undefined);
  });
});

describe('DraftStore', () => {
  it('keeps drafts per ticket across instances (a window reload) and forgets empty ones', async () => {
    const store = new MemoryKeyValueStore();
    const drafts = new DraftStore(store);
    await drafts.set('demo:1', { reply: 'Hello Ana', note: 'check logs', mode: 'note' });
    await drafts.set('demo:2', { reply: 'Other', note: '', mode: 'reply' });
    const reloaded = new DraftStore(store);
    assert.deepStrictEqual(reloaded.get('demo:1'), { reply: 'Hello Ana', note: 'check logs', mode: 'note' });
    await reloaded.clear('demo:1', 'reply');
    assert.deepStrictEqual(reloaded.get('demo:1'), { reply: '', note: 'check logs', mode: 'note' });
    await reloaded.set('demo:2', { reply: '', note: '', mode: 'reply' });
    assert.deepStrictEqual(Object.keys(store.get<Record<string, unknown>>('caselink.drafts.v1')!), ['demo:1']);
    assert.deepStrictEqual(reloaded.get('demo:404'), { reply: '', note: '', mode: 'reply' });
  });

  it('drops drafts nobody touched for a month', async () => {
    const store = new MemoryKeyValueStore();
    let clock = Date.parse('2026-10-01T00:00:00Z');
    const drafts = new DraftStore(store, () => clock);
    await drafts.set('demo:old', { reply: 'stale', note: '', mode: 'reply' });
    clock += 31 * 24 * 3_600_000;
    await drafts.set('demo:new', { reply: 'fresh', note: '', mode: 'reply' });
    assert.strictEqual(drafts.get('demo:old').reply, '');
    assert.strictEqual(drafts.get('demo:new').reply, 'fresh');
  });
});

describe('demo helpdesk writes', () => {
  it('posts a reply once per idempotency key, sets the ticket pending and records it in history', async () => {
    const { source } = createDemoBackends({ now, ticketCount: 50 });
    const open = (await source.listTickets({ status: ['open'] }, { limit: 1 })).items[0];
    const before = (await source.getHistory(open.id)).length;
    const first = await source.addMessage(open.id, { visibility: 'public', body: 'We are on it.', idempotencyKey: 'k1' });
    const again = await source.addMessage(open.id, { visibility: 'public', body: 'We are on it.', idempotencyKey: 'k1' });
    assert.strictEqual(again.id, first.id);
    const history = await source.getHistory(open.id);
    assert.strictEqual(history.filter((e) => e.kind === 'message' && e.body === 'We are on it.').length, 1);
    assert.strictEqual(history.length, before + 2, 'the reply and the status change');
    const after = await source.getTicket(open.id);
    assert.strictEqual(after.status, 'pending');
    assert.ok(after.updatedAt > open.updatedAt);
  });

  it('adds an internal note without changing the status', async () => {
    const { source } = createDemoBackends({ now, ticketCount: 50 });
    const open = (await source.listTickets({ status: ['open'] }, { limit: 1 })).items[0];
    const note = await source.addMessage(open.id, { visibility: 'internal', body: 'Looks like LUM-2101', idempotencyKey: 'n1' });
    assert.strictEqual(note.kind === 'message' && note.visibility, 'internal');
    assert.strictEqual((await source.getTicket(open.id)).status, 'open');
  });

  it('changes status, priority, assignee and tags, and records each change', async () => {
    const { source } = createDemoBackends({ now, ticketCount: 50 });
    const t = (await source.listTickets({}, { limit: 1 })).items[0];
    const updated = await source.updateTicket(t.id, { status: 'solved', priority: 'low', assigneeId: 'agent-2', addTags: ['Needs Docs'], removeTags: [t.tags[0]] });
    assert.strictEqual(updated.status, 'solved');
    assert.strictEqual(updated.priority, 'low');
    assert.strictEqual(updated.assignee?.id, 'agent-2');
    assert.ok(updated.tags.includes('needs-docs') && !updated.tags.includes(t.tags[0]));
    const changes = (await source.getHistory(t.id)).filter((e) => e.kind === 'change' && e.at === updated.updatedAt).map((e) => (e as { field: string }).field);
    assert.ok(changes.includes('status') && changes.includes('assignee') && changes.includes('tags'));
    const unassigned = await source.updateTicket(t.id, { assigneeId: null });
    assert.strictEqual(unassigned.assignee, undefined);
    await assert.rejects(source.updateTicket(t.id, { assigneeId: 'nobody' }), (e: unknown) => e instanceof CaselinkError && e.reason === 'notFound');
  });

  it('links and unlinks defects idempotently, with link counts, and reports a missing defect', async () => {
    const { source, tracker, data } = createDemoBackends({ now, ticketCount: 50 });
    const t = (await source.listTickets({}, { limit: 1 })).items[0];
    const ref = { connectionId: 'demo', ticketId: t.id };
    const defect = data().defects[0];
    const countBefore = data().links.filter((l) => l.defectId === defect.id).length;
    await tracker.unlink(ref, defect.id);
    await tracker.link(ref, defect.id);
    await tracker.link(ref, defect.id);
    const linked = await tracker.linkedDefects(ref);
    const entry = linked.find((d) => d.defectId === defect.id)!;
    assert.strictEqual(entry.defect?.key, defect.key);
    assert.strictEqual(entry.linkedTickets, data().links.filter((l) => l.defectId === defect.id).length);
    assert.ok(entry.linkedTickets >= 1 && entry.linkedTickets <= countBefore + 1);
    await tracker.unlink(ref, defect.id);
    assert.ok(!(await tracker.linkedDefects(ref)).some((d) => d.defectId === defect.id));
    data().links.push({ ticketConnectionId: 'demo', ticketId: t.id, trackerId: 'demo-tracker', defectId: 'gone' });
    const withMissing = await tracker.linkedDefects(ref);
    assert.match(withMissing.find((d) => d.defectId === 'gone')!.problem!, /no longer exists/);
    await assert.rejects(tracker.link(ref, 'nope'), (e: unknown) => e instanceof CaselinkError && e.reason === 'notFound');
  });
});

describe('demo tracker: filing a defect', () => {
  it('creates a defect linked to the ticket, and refuses an empty title', async () => {
    const { tracker } = createDemoBackends({ now, ticketCount: 20 });
    const ref = { connectionId: 'demo', ticketId: '1001' };
    const defect = await tracker.createDefect({ title: 'Export drops umlauts', description: 'x', productArea: 'Data import & export', priority: 'high', ticket: ref });
    assert.match(defect.key, /^LUM-\d+$/);
    assert.ok((await tracker.linkedDefects(ref)).some((d) => d.defectId === defect.id && d.linkedTickets === 1));
    await assert.rejects(tracker.createDefect({ title: '  ', description: '' }), (e: unknown) => e instanceof CaselinkError && e.reason === 'conflict');
  });
});

describe('case panel protocol', () => {
  it('accepts the messages the webview sends', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'send', requestId: 'r1', kind: 'reply', text: 'Hello' },
      { type: 'setStatus', requestId: 'r2', status: 'solved' },
      { type: 'saveDraft', drafts: { reply: 'a', note: '', mode: 'reply' } },
      { type: 'openLink', url: 'https://example.com' },
      { type: 'unlinkDefect', requestId: 'r3', defectId: '2101' },
      { type: 'selection', selection: { eventId: 'e1', text: 'exactly these words' } },
      { type: 'selection', selection: null },
    ]) assert.ok(WebviewMessage.safeParse(m).success, JSON.stringify(m));
  });

  it('rejects bad shapes: unknown types, missing ids, wrong enums, empty sends, oversized text', () => {
    for (const m of [
      null,
      'ready',
      { type: 'rm -rf' },
      { type: 'send', kind: 'reply', text: 'no request id' },
      { type: 'send', requestId: 'r', kind: 'email', text: 'x' },
      { type: 'send', requestId: 'r', kind: 'reply', text: '' },
      { type: 'setStatus', requestId: 'r', status: 'deleted' },
      { type: 'saveDraft', drafts: { reply: 'x'.repeat(100_001), note: '', mode: 'reply' } },
      { type: 'send', requestId: 'x'.repeat(101), kind: 'note', text: 'x' },
      { type: 'selection', selection: { eventId: 'e1', text: '   ' } },
      { type: 'selection', selection: { eventId: 'e1', text: 'x'.repeat(4_001) } },
      { type: 'selection', selection: { text: 'no entry' } },
      { type: 'selection' },
    ]) assert.ok(!WebviewMessage.safeParse(m).success, JSON.stringify(m)?.slice(0, 80));
  });

  it('describes host messages and snapshots with schemas too', () => {
    const snapshot = {
      ticket: { state: 'error', message: 'gone' }, history: { state: 'loading' }, defects: { state: 'loaded', value: [] },
      notices: [], connectionLabel: 'Demo', trackerLabel: 'Demo tracker', now: now.toISOString(),
      options: { statuses: ['open'], priorities: ['low'] }, allowRemoteImages: false, busy: [],
    };
    assert.ok(CaseSnapshot.safeParse(snapshot).success);
    assert.ok(HostMessage.safeParse({ type: 'snapshot', snapshot }).success);
    assert.ok(!HostMessage.safeParse({ type: 'snapshot', snapshot: { ...snapshot, busy: 'x' } }).success);
  });
});

describe('demo tracker: markers and comments', () => {
  it('finds a filed record by its marker and keeps comments', async () => {
    const { tracker } = createDemoBackends({ now, ticketCount: 20 });
    const filed = await tracker.createDefect({ title: 'Scheduled export is empty', description: 'Body with key 0f7c2a9e-marker' });
    assert.strictEqual((await tracker.findByMarker('0f7c2a9e-marker'))?.id, filed.id);
    assert.strictEqual(await tracker.findByMarker('not-there-123'), undefined);
    await tracker.addComment(filed.id, '+1 from RT-12');
    assert.deepStrictEqual(await tracker.getDefectText(filed.id), { description: 'Body with key 0f7c2a9e-marker', comments: ['+1 from RT-12'] });
    await assert.rejects(tracker.addComment('nope', 'x'), (e: unknown) => e instanceof CaselinkError && e.reason === 'notFound');
  });
});
