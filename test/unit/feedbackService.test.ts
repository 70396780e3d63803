import * as assert from 'assert';
import { createDemoBackends } from '../../src/backends/demo/demoBackend';
import { CaselinkError } from '../../src/core/errors';
import type { EvidenceComment, FeedbackRecord } from '../../src/core/model/feedback';
import type { DefectTracker } from '../../src/core/ports/defectTracker';
import { MemoryKeyValueStore } from '../../src/core/ports/keyValueStore';
import { silentLogger } from '../../src/core/ports/logger';
import { FeedbackRecord as FeedbackRecordSchema } from '../../src/core/schemas/feedback';
import { parseEvidenceComment, parseFeedbackBody, renderFeedbackBody } from '../../src/core/services/feedbackFormat';
import { prefillFromCase, ticketRefOf } from '../../src/core/services/feedbackPrefill';
import { buildFeedbackRecord, FeedbackSubmitter, mergeEvidenceIntoRecord, type FeedbackPayload, type FeedbackResult } from '../../src/core/services/feedbackService';
import { Outbox, type OutboxClock } from '../../src/core/services/outbox';

const now = new Date('2026-11-22T12:00:00.000Z');

/** Time only moves when the test says so. */
class ManualClock implements OutboxClock {
  t = now.getTime();
  timers: Array<{ at: number; fn: () => void }> = [];
  now() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown) {
    this.timers = this.timers.filter((t) => t !== handle);
  }
  async advance(ms: number) {
    this.t += ms;
    const due = this.timers.filter((t) => t.at <= this.t);
    this.timers = this.timers.filter((t) => t.at > this.t);
    for (const t of due) t.fn();
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface SetupOptions {
  breakAfterCreate?: boolean;
  /** A tracker that cannot change descriptions (no updateDescription). */
  withoutUpdate?: boolean;
  /** updateDescription throws this. */
  failUpdate?: Error;
}

function setup(options: SetupOptions = {}) {
  const demo = createDemoBackends({ now, ticketCount: 40 });
  let broken = options.breakAfterCreate ?? false;
  const logs: string[] = [];
  const log = { ...silentLogger, debug: (m: string) => void logs.push(`debug ${m}`), info: (m: string) => void logs.push(`info ${m}`), warn: (m: string) => void logs.push(`warn ${m}`) };
  // The tracker files the record and then "the connection drops": the answer never arrives.
  const tracker: DefectTracker = new Proxy(demo.tracker, {
    get(target, prop, receiver) {
      if (prop === 'updateDescription' && options.withoutUpdate) return undefined;
      if (prop === 'updateDescription' && options.failUpdate) return async () => Promise.reject(options.failUpdate);
      if (prop === 'createDefect' || prop === 'addComment') {
        return async (...args: unknown[]) => {
          const result = await (target[prop] as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (broken) {
            broken = false;
            throw new CaselinkError('network', 'The connection was cut after the request was sent.');
          }
          return result;
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const clock = new ManualClock();
  const submitter = new FeedbackSubmitter({ tracker: (id) => (id === 'demo-tracker' ? tracker : undefined), source: (id) => (id === 'demo' ? demo.source : undefined), log });
  const outbox = new Outbox<FeedbackPayload, FeedbackResult>({ store: new MemoryKeyValueStore(), submitter, log: silentLogger, clock, random: () => 0.5 });
  return { demo, tracker, clock, outbox, submitter, logs };
}

async function recordFor(demo: ReturnType<typeof createDemoBackends>, ticketId: string): Promise<FeedbackRecord> {
  const ticket = await demo.source.getTicket(ticketId);
  const history = await demo.source.getHistory(ticketId);
  const { draft } = prefillFromCase({ ticket, history });
  return buildFeedbackRecord({ ...draft, sources: draft.sources! }, { ticket, history, now, idempotencyKey: 'replaced-by-the-outbox' }, (raw) => FeedbackRecordSchema.parse(raw));
}

async function settle(outbox: Outbox<FeedbackPayload, FeedbackResult>, clock: ManualClock, id: string) {
  for (let i = 0; i < 20; i++) {
    const item = outbox.items().find((x) => x.id === id)!;
    if (item.state === 'done' || item.state === 'failed') return item;
    await clock.advance(60_000);
    await outbox.process();
  }
  return outbox.items().find((x) => x.id === id)!;
}

describe('filing feedback through the outbox (demo backends)', () => {
  it('files a record whose machine block reads back, links the case and leaves one internal note', async () => {
    const { demo, clock, outbox } = setup();
    const record = await recordFor(demo, '1001');
    const item = await outbox.enqueue('fileFeedback', record.title, { type: 'file', trackerId: 'demo-tracker', record });
    const done = await settle(outbox, clock, item.id);
    assert.strictEqual(done.state, 'done', JSON.stringify(done.lastError));
    const filed = done.result!;
    const text = await demo.tracker.getDefectText(filed.defectId);
    const back = parseFeedbackBody(text.description);
    assert.strictEqual(back.status, 'ok');
    assert.strictEqual((back as { value: FeedbackRecord }).value.idempotencyKey, item.idempotencyKey);
    assert.ok((await demo.tracker.linkedDefects({ connectionId: 'demo', ticketId: '1001' })).some((d) => d.defectId === filed.defectId));
    const notes = (await demo.source.getHistory('1001')).filter((e) => e.kind === 'message' && e.visibility === 'internal' && e.body.includes(filed.key));
    assert.strictEqual(notes.length, 1);
  });

  it('after a lost answer, finds the record it already filed: exactly one record, one note', async () => {
    const { demo, clock, outbox } = setup({ breakAfterCreate: true });
    const record = await recordFor(demo, '1002');
    const before = demo.data().defects.length;
    const item = await outbox.enqueue('fileFeedback', record.title, { type: 'file', trackerId: 'demo-tracker', record });
    await new Promise((r) => setTimeout(r, 20));
    assert.strictEqual(outbox.items().find((x) => x.id === item.id)!.state, 'unknown');
    const done = await settle(outbox, clock, item.id);
    assert.strictEqual(done.state, 'done');
    assert.strictEqual(demo.data().defects.length, before + 1, 'exactly one record was filed');
    const notes = (await demo.source.getHistory('1002')).filter((e) => e.kind === 'message' && e.body.includes(done.result!.key));
    assert.strictEqual(notes.length, 1, 'one internal note on the case');
  });

  it('adds a case as +1 evidence to an existing record, once, even after a lost answer', async () => {
    const { demo, clock, outbox } = setup({ breakAfterCreate: true });
    const existing = demo.data().defects[0];
    const ticket = await demo.source.getTicket('1003');
    const history = await demo.source.getHistory('1003');
    const { draft } = prefillFromCase({ ticket, history });
    const comment = { schemaVersion: 1, idempotencyKey: 'replaced-by-the-outbox', ticket: ticketRefOf(ticket), customers: draft.customers ?? [], evidence: draft.evidence ?? [], note: '', addedAt: now.toISOString() };
    const item = await outbox.enqueue('addEvidence', `+1 ${existing.key}`, { type: 'evidence', trackerId: 'demo-tracker', defectId: existing.id, comment });
    const done = await settle(outbox, clock, item.id);
    assert.strictEqual(done.state, 'done');
    const comments = (await demo.tracker.getDefectText(existing.id)).comments;
    assert.strictEqual(comments.length, 1, 'one comment despite the retry');
    assert.strictEqual(parseEvidenceComment(comments[0]).status, 'ok');
    assert.ok((await demo.tracker.linkedDefects({ connectionId: 'demo', ticketId: '1003' })).some((d) => d.defectId === existing.id));
  });

  it('waits for the user when the tracker connection is gone, keeping the record', async () => {
    const { demo, outbox } = setup();
    const record = await recordFor(demo, '1004');
    const item = await outbox.enqueue('fileFeedback', record.title, { type: 'file', trackerId: 'removed', record });
    await new Promise((r) => setTimeout(r, 20));
    const failed = outbox.items().find((x) => x.id === item.id)!;
    assert.strictEqual(failed.state, 'failed');
    assert.strictEqual(failed.lastError?.reason, 'config');
    assert.deepStrictEqual((failed.payload as { record: FeedbackRecord }).record.title, record.title);
  });
});

async function commentFor(demo: ReturnType<typeof createDemoBackends>, ticketId: string, addedAt = now.toISOString()): Promise<EvidenceComment> {
  const ticket = await demo.source.getTicket(ticketId);
  const { draft } = prefillFromCase({ ticket, history: await demo.source.getHistory(ticketId) });
  return { schemaVersion: 1, idempotencyKey: 'replaced-by-the-outbox', ticket: ticketRefOf(ticket), customers: draft.customers ?? [], evidence: draft.evidence ?? [], note: '', addedAt };
}

/** Tickets of two different organisations, so a +1 adds a customer. */
async function twoOrganisations(demo: ReturnType<typeof createDemoBackends>): Promise<[string, string]> {
  const tickets = demo.data().tickets.filter((t) => t.organization);
  const first = tickets[0];
  const second = tickets.find((t) => t.organization!.name !== first.organization!.name)!;
  return [first.id, second.id];
}

function aRecord(overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return FeedbackRecordSchema.parse({
    title: 'Exports time out for large workspaces', productArea: 'Exports', kind: 'defect', problem: 'Exports of more than 10k rows never finish.', severity: 'major',
    customers: [{ organization: 'Acme Logistics', tier: 'enterprise', arr: 120000 }, { organization: 'Globex' }],
    sources: [{ connectionId: 'rt', ticketId: '11', key: '#11' }],
    schemaVersion: 1, idempotencyKey: 'record-key-0001', createdAt: '2026-11-01T10:00:00.000Z',
    frequency: { firstSeen: '2026-10-30T09:00:00.000Z', lastSeen: '2026-11-01T10:00:00.000Z', linkedCases: 1 },
    supportCost: { cases: 1, replies: 3, hoursOpen: 20 },
    ...overrides,
  });
}

function aComment(overrides: Partial<EvidenceComment> = {}): EvidenceComment {
  return {
    schemaVersion: 1, idempotencyKey: 'comment-key-0001', ticket: { connectionId: 'rt', ticketId: '12', key: '#12' },
    customers: [{ organization: ' globex ', tier: 'business', arr: 50000 }, { organization: 'Initech', tier: 'team' }],
    evidence: [{ ticket: { connectionId: 'rt', ticketId: '12', key: '#12' }, eventId: 'e1', at: '2026-11-20T08:00:00.000Z', quote: 'It times out again.' }],
    note: '', addedAt: '2026-11-21T08:00:00.000Z',
    ...overrides,
  };
}

describe('a +1 merged into the record (aggregate impact)', () => {
  it('adds the case and its customers once, and moves the counts and "last seen" on', () => {
    const { record, changed } = mergeEvidenceIntoRecord(aRecord(), aComment());
    assert.ok(changed);
    assert.deepStrictEqual(record.sources.map((s) => s.key), ['#11', '#12']);
    // Globex is the same organisation (names compared trimmed, any case): its unknown tier and ARR are filled, not duplicated.
    assert.deepStrictEqual(record.customers, [
      { organization: 'Acme Logistics', tier: 'enterprise', arr: 120000 },
      { organization: 'Globex', tier: 'business', arr: 50000 },
      { organization: 'Initech', tier: 'team' },
    ]);
    assert.strictEqual(record.frequency.linkedCases, 2);
    assert.strictEqual(record.frequency.lastSeen, '2026-11-21T08:00:00.000Z');
    assert.strictEqual(record.frequency.firstSeen, '2026-10-30T09:00:00.000Z');
    assert.strictEqual(record.supportCost.cases, 2);
    assert.strictEqual(record.supportCost.replies, 3, 'the record\'s own cost figures are kept');
  });

  it('is set-like: merging the same case again changes nothing', () => {
    const once = mergeEvidenceIntoRecord(aRecord(), aComment()).record;
    const twice = mergeEvidenceIntoRecord(once, aComment({ idempotencyKey: 'comment-key-0002' }));
    assert.strictEqual(twice.changed, false);
    assert.deepStrictEqual(twice.record, once);
  });

  it('never replaces a known tier or ARR, never moves "last seen" back, and takes the tracker\'s linked count when larger', () => {
    const { record } = mergeEvidenceIntoRecord(aRecord(), aComment({ customers: [{ organization: 'Acme Logistics', tier: 'free', arr: 1 }], addedAt: '2026-10-01T00:00:00.000Z', evidence: [] }), 7);
    assert.deepStrictEqual(record.customers[0], { organization: 'Acme Logistics', tier: 'enterprise', arr: 120000 });
    assert.strictEqual(record.frequency.lastSeen, '2026-11-01T10:00:00.000Z');
    assert.strictEqual(record.frequency.linkedCases, 7);
  });

  it('through the outbox: the record\'s description lists both cases, merged customers and two linked cases; a rerun leaves it the same', async () => {
    const { demo, clock, outbox, submitter } = setup();
    const [firstId, secondId] = await twoOrganisations(demo);
    const record = await recordFor(demo, firstId);
    const filed = await settle(outbox, clock, (await outbox.enqueue('fileFeedback', record.title, { type: 'file', trackerId: 'demo-tracker', record })).id);
    const defectId = filed.result!.defectId;
    const comment = await commentFor(demo, secondId);
    const item = await outbox.enqueue('addEvidence', '+1', { type: 'evidence', trackerId: 'demo-tracker', defectId, comment });
    const done = await settle(outbox, clock, item.id);
    assert.strictEqual(done.state, 'done', JSON.stringify(done.lastError));
    assert.strictEqual(done.result!.warnings, undefined);
    const text = await demo.tracker.getDefectText(defectId);
    const back = parseFeedbackBody(text.description);
    assert.strictEqual(back.status, 'ok');
    const merged = (back as { value: FeedbackRecord }).value;
    assert.deepStrictEqual(merged.sources.map((s) => s.ticketId), [firstId, secondId]);
    assert.strictEqual(merged.frequency.linkedCases, 2);
    assert.strictEqual(merged.supportCost.cases, 2);
    assert.deepStrictEqual(merged.customers.map((c) => c.organization).sort(), [...new Set([...record.customers, ...comment.customers].map((c) => c.organization))].sort());
    assert.match(text.description, /2 linked cases/, 'the readable header shows the new count');
    // A crash after the update but before the ack: the retry finds the comment and merges again, to the same text.
    const again = await submitter.find(done, new AbortController().signal);
    assert.ok(again);
    assert.strictEqual((await demo.tracker.getDefectText(defectId)).description, text.description);
  });

  it('finishes the update when the answer to the comment was lost (find after a crash)', async () => {
    const { demo, clock, outbox } = setup({ breakAfterCreate: true });
    const [firstId, secondId] = await twoOrganisations(demo);
    const ticket = await demo.source.getTicket(firstId);
    const record = await recordFor(demo, firstId);
    // Filed directly, so the one break hits the +1's comment.
    const defect = await demo.tracker.createDefect({ title: record.title, description: renderFeedbackBody(record), ticket: { connectionId: ticket.connectionId, ticketId: ticket.id } });
    const item = await outbox.enqueue('addEvidence', '+1', { type: 'evidence', trackerId: 'demo-tracker', defectId: defect.id, comment: await commentFor(demo, secondId) });
    const done = await settle(outbox, clock, item.id);
    assert.strictEqual(done.state, 'done');
    assert.strictEqual((await demo.tracker.getDefectText(defect.id)).comments.length, 1);
    const back = parseFeedbackBody((await demo.tracker.getDefectText(defect.id)).description);
    assert.strictEqual(back.status === 'ok' && back.value.frequency.linkedCases, 2);
  });

  it('leaves a defect that is not a Caselink record alone, and says why in the log', async () => {
    const { demo, clock, outbox, logs } = setup();
    const existing = demo.data().defects[0];
    const item = await outbox.enqueue('addEvidence', '+1', { type: 'evidence', trackerId: 'demo-tracker', defectId: existing.id, comment: await commentFor(demo, '1003') });
    const done = await settle(outbox, clock, item.id);
    assert.strictEqual(done.state, 'done');
    assert.strictEqual(done.result!.warnings, undefined);
    assert.strictEqual((await demo.tracker.getDefectText(existing.id)).description, '');
    assert.ok(logs.some((l) => l.startsWith('info') && l.includes('not filed with Caselink')), logs.join('\n'));
  });

  it('leaves a record whose block does not parse untouched, with a warning', async () => {
    const { demo, clock, outbox } = setup();
    const existing = demo.data().defects[1];
    const broken = 'Written by hand.\n\n```caselink-feedback\n{ "schemaVersion": 1, "title": \n```\n';
    await demo.tracker.updateDescription(existing.id, broken);
    const item = await outbox.enqueue('addEvidence', '+1', { type: 'evidence', trackerId: 'demo-tracker', defectId: existing.id, comment: await commentFor(demo, '1003') });
    const done = await settle(outbox, clock, item.id);
    assert.strictEqual(done.state, 'done');
    assert.strictEqual((await demo.tracker.getDefectText(existing.id)).description, broken);
    assert.match(done.result!.warnings?.join(' ') ?? '', /not valid JSON/);
  });

  it('keeps text edited by hand and replaces only the machine block', async () => {
    const { demo, clock, outbox } = setup();
    const [firstId, secondId] = await twoOrganisations(demo);
    const record = await recordFor(demo, firstId);
    const defect = await demo.tracker.createDefect({ title: record.title, description: `Triage note: reproduced on staging.\n\n${renderFeedbackBody(record)}` });
    const item = await outbox.enqueue('addEvidence', '+1', { type: 'evidence', trackerId: 'demo-tracker', defectId: defect.id, comment: await commentFor(demo, secondId) });
    assert.strictEqual((await settle(outbox, clock, item.id)).state, 'done');
    const text = (await demo.tracker.getDefectText(defect.id)).description;
    assert.ok(text.startsWith('Triage note: reproduced on staging.'));
    const back = parseFeedbackBody(text);
    assert.strictEqual(back.status === 'ok' && back.value.sources.length, 2);
    assert.strictEqual(text.match(/```caselink-feedback/g)?.length, 1, 'one machine block');
  });

  it('skips the update, with a debug line only, when the tracker cannot change descriptions', async () => {
    const { demo, clock, outbox, logs } = setup({ withoutUpdate: true });
    const [firstId, secondId] = await twoOrganisations(demo);
    const record = await recordFor(demo, firstId);
    const defect = await demo.tracker.createDefect({ title: record.title, description: renderFeedbackBody(record) });
    const item = await outbox.enqueue('addEvidence', '+1', { type: 'evidence', trackerId: 'demo-tracker', defectId: defect.id, comment: await commentFor(demo, secondId) });
    const done = await settle(outbox, clock, item.id);
    assert.strictEqual(done.state, 'done');
    assert.strictEqual(done.result!.warnings, undefined);
    assert.strictEqual((await demo.tracker.getDefectText(defect.id)).description, renderFeedbackBody(record));
    assert.ok(logs.some((l) => l.startsWith('debug') && l.includes('cannot change descriptions')), logs.join('\n'));
  });

  it('turns a failed update into a warning: the +1 itself is done, not retried', async () => {
    const { demo, clock, outbox } = setup({ failUpdate: new CaselinkError('forbidden', 'You may not edit this issue.') });
    const [firstId, secondId] = await twoOrganisations(demo);
    const record = await recordFor(demo, firstId);
    const defect = await demo.tracker.createDefect({ title: record.title, description: renderFeedbackBody(record) });
    const item = await outbox.enqueue('addEvidence', '+1', { type: 'evidence', trackerId: 'demo-tracker', defectId: defect.id, comment: await commentFor(demo, secondId) });
    const done = await settle(outbox, clock, item.id);
    assert.strictEqual(done.state, 'done');
    assert.strictEqual(done.attempts, 1, 'sent once');
    assert.match(done.result!.warnings?.join(' ') ?? '', /figures could not be updated: .*may not edit/);
    assert.strictEqual((await demo.tracker.getDefectText(defect.id)).comments.length, 1);
    assert.strictEqual((await demo.tracker.getDefectText(defect.id)).description, renderFeedbackBody(record));
  });
});
