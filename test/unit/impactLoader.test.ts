import * as assert from 'assert';
import { createDemoBackends } from '../../src/backends/demo/demoBackend';
import { CaselinkError, isCancelled } from '../../src/core/errors';
import type { DefectTracker } from '../../src/core/ports/defectTracker';
import { silentLogger } from '../../src/core/ports/logger';
import type { TicketSource } from '../../src/core/ports/ticketSource';
import { renderEvidenceComment } from '../../src/core/services/feedbackFormat';
import { DefectTextCache, loadImpactData } from '../../src/core/services/impact/impactLoader';
import { ImpactStore, checkImpactFilters } from '../../src/core/services/impact/impactStore';
import { notifyingTracker } from '../../src/core/services/impact/trackerChanges';
import { anEvidenceComment } from '../builders/impact';

const NOW = new Date('2026-11-22T12:00:00.000Z');

/** The demo backends with a count of the calls that cost requests on a real server. */
function demo(ticketCount = 400) {
  const backends = createDemoBackends({ now: NOW, ticketCount });
  const calls = { pages: 0, firstPages: 0, texts: [] as string[], signals: [] as AbortSignal[] };
  const source = new Proxy(backends.source, {
    get(target, prop) {
      if (prop === 'listTickets') {
        return (filter: never, page: { cursor?: string; limit: number }, signal?: AbortSignal) => {
          calls.pages++;
          if (!page.cursor) calls.firstPages++;
          if (signal) calls.signals.push(signal);
          return target.listTickets(filter, page, signal);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as TicketSource;
  let failText: ((id: string) => Error | undefined) | undefined;
  const tracker = new Proxy(backends.tracker, {
    get(target, prop) {
      if (prop === 'getDefects') {
        // Real trackers give each defect its web address; the demo's has none.
        return async (ids: string[], signal?: AbortSignal) => (await target.getDefects(ids, signal)).map((x) => ({ ...x, url: `https://tracker.example/issues/${x.id}` }));
      }
      if (prop === 'getDefectText') {
        return async (id: string, signal?: AbortSignal) => {
          calls.texts.push(id);
          const error = failText?.(id);
          if (error) throw error;
          return target.getDefectText(id, signal);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as DefectTracker;
  return { backends, source, tracker, calls, failTextFor: (f: (id: string) => Error | undefined) => (failText = f) };
}

describe('impact loader (demo backends)', () => {
  it('reads every ticket of every status, their links, the linked defects and their texts', async () => {
    const d = demo();
    const data = await loadImpactData({ source: d.source, tracker: d.tracker, log: silentLogger });
    const all = d.backends.data();
    assert.strictEqual(data.tickets.length, 400);
    assert.deepStrictEqual(new Set(data.tickets.map((t) => t.status)), new Set(['new', 'open', 'pending', 'hold', 'solved', 'closed']));
    assert.strictEqual(data.links.length, all.links.length);
    const linked = new Set(all.links.map((l) => l.defectId));
    assert.strictEqual(data.defects.length, linked.size);
    assert.strictEqual(data.feedbackTexts.size, linked.size);
    assert.strictEqual(d.calls.texts.length, linked.size);
    assert.strictEqual(data.partial, false);
    assert.deepStrictEqual(data.problems, []);
  });

  it('stops at maxTickets and says the data is partial', async () => {
    const d = demo();
    const data = await loadImpactData({ source: d.source, tracker: d.tracker, log: silentLogger, maxTickets: 150 });
    assert.strictEqual(data.tickets.length, 150);
    assert.strictEqual(data.partial, true);
  });

  it('reports a defect whose text cannot be read as a problem, without secrets, and goes on', async () => {
    const d = demo();
    const victim = d.backends.data().links[0].defectId;
    d.failTextFor((id) => (id === victim ? new CaselinkError('network', 'Redmine did not answer (token=s3cr3t-value)') : undefined));
    const data = await loadImpactData({ source: d.source, tracker: d.tracker, log: silentLogger });
    assert.strictEqual(data.problems!.length, 1);
    assert.match(data.problems![0], /^LUM-\d+: its text could not be read/);
    assert.ok(!data.problems![0].includes('s3cr3t'), data.problems![0]);
    assert.ok(!data.feedbackTexts.has(victim));
    assert.ok(data.defects.some((x) => x.id === victim), 'the defect itself is still there');
  });

  it('reads again only the defects that changed since the last load', async () => {
    const d = demo();
    const cache = new DefectTextCache();
    await loadImpactData({ source: d.source, tracker: d.tracker, log: silentLogger, cache });
    const first = d.calls.texts.length;
    assert.ok(first > 0);
    const changed = d.backends.data().defects.find((x) => x.id === d.backends.data().links[0].defectId)!;
    Object.assign(changed, { updatedAt: '2026-11-22T11:30:00.000Z' });
    const again = await loadImpactData({ source: d.source, tracker: d.tracker, log: silentLogger, cache });
    assert.deepStrictEqual(d.calls.texts.slice(first), [changed.id]);
    assert.strictEqual(again.feedbackTexts.size, first);
  });

  it('stops when aborted, with a cancelled error', async () => {
    const d = demo(2_000);
    const controller = new AbortController();
    const loading = loadImpactData({ source: d.source, tracker: d.tracker, log: silentLogger, signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(loading, (err: unknown) => isCancelled(err));
    assert.strictEqual(d.calls.pages, 1, 'no page after the abort');
    assert.deepStrictEqual(d.calls.texts, []);
  });
});

describe('impact store', () => {
  const storeOf = (d: ReturnType<typeof demo>) => new ImpactStore({ source: d.source, tracker: d.tracker, log: silentLogger, now: () => NOW });

  it('does no work until asked, and shares one load between concurrent callers', async () => {
    const d = demo();
    const store = storeOf(d);
    assert.strictEqual(store.status, 'idle');
    assert.strictEqual(d.calls.pages, 0);
    const [a, b, c] = await Promise.all([store.load(), store.ensureLoaded(), store.load()]);
    assert.strictEqual(d.calls.firstPages, 1);
    assert.ok(a && a === b && b === c);
    assert.strictEqual(store.status, 'ready');
    await store.ensureLoaded();
    assert.strictEqual(d.calls.firstPages, 1, 'a loaded report is reused');
  });

  it('a newer load cancels the older one, whose callers get the newer report', async () => {
    const d = demo();
    const store = storeOf(d);
    const older = store.load();
    const newer = store.load({ force: true });
    const [a, b] = await Promise.all([older, newer]);
    assert.strictEqual(a, b);
    assert.strictEqual(d.calls.firstPages, 1, 'the older load stopped before asking the helpdesk');
    assert.strictEqual(store.status, 'ready');
  });

  it('re-aggregates on a filter change without reloading, and reloads when the connection filter changes', async () => {
    const d = demo();
    const store = storeOf(d);
    const thirty = await store.ensureLoaded();
    const pages = d.calls.pages;
    let changes = 0;
    store.onDidChange(() => changes++);
    const seven = await store.setFilters({ range: '7d' });
    assert.strictEqual(d.calls.pages, pages);
    assert.ok(seven!.totals.tickets < thirty!.totals.tickets);
    assert.deepStrictEqual(store.filters, { range: '7d' });
    assert.strictEqual(changes, 1);
    const other = await store.reportFor({ range: 'all' });
    assert.ok(other!.totals.tickets > thirty!.totals.tickets);
    assert.deepStrictEqual(store.filters, { range: '7d' }, 'reportFor leaves the shared filters alone');
    const none = await store.setFilters({ range: '7d', connectionId: 'elsewhere' });
    assert.ok(d.calls.pages > pages);
    assert.strictEqual(none!.totals.tickets, 0);
  });

  it('follows a ticket changed in a case by re-aggregating, without reading the helpdesk again', async () => {
    const d = demo();
    const store = storeOf(d);
    store.applyTicketUpdate(await d.source.getTicket('1000'));
    assert.strictEqual(store.report, undefined, 'nothing to update before a load');
    assert.strictEqual(d.calls.pages, 0);
    const before = (await store.setFilters({ range: 'all' }))!;
    const pages = d.calls.pages;
    const open = [...before.ticketIndex.values()].find((t) => t.status === 'open')!;
    const ticket = await d.source.getTicket(open.id);
    let changes = 0;
    store.onDidChange(() => changes++);
    store.applyTicketUpdate({ ...ticket, status: 'solved', tags: [...ticket.tags, 'caselink-test-tag'] });
    const after = store.report!;
    assert.strictEqual(d.calls.pages, pages, 'no page read again');
    assert.strictEqual(changes, 1);
    assert.strictEqual(after.totals.tickets, before.totals.tickets);
    assert.strictEqual(after.totals.openTickets, before.totals.openTickets - 1);
    assert.strictEqual(after.ticketIndex.get(open.ref)!.status, 'solved');
    assert.deepStrictEqual(after.tags.find((g) => g.name === 'caselink-test-tag')?.ticketRefs, [open.ref]);
  });

  it('finds a defect by key, #id, id or URL in constant time from the last report', async () => {
    const d = demo();
    const store = storeOf(d);
    assert.strictEqual(store.defectByReference('LUM-2100'), undefined, 'nothing before a report');
    const report = (await store.setFilters({ range: 'all' }))!;
    const top = report.defects[0];
    const url = `https://tracker.example/issues/${top.defectId}`;
    for (const ref of [top.key, top.key.toLowerCase(), `#${top.defectId}`, top.defectId, ` ${top.key} `, url]) assert.strictEqual(store.defectByReference(ref), top, ref);
    assert.strictEqual(store.defectByReference('no-such-defect'), undefined);
    assert.strictEqual(store.defectByReference('#1'), undefined);
  });

  it('keeps the last good report through a failed reload, with an actionable message', async () => {
    const d = demo();
    const store = storeOf(d);
    const good = await store.load();
    d.backends.source.failNextRequest(new CaselinkError('network', 'Demo helpdesk did not answer. Check your connection and try again.'));
    const after = await store.load({ force: true });
    assert.strictEqual(store.status, 'error');
    assert.match(store.error!, /^Could not load the impact report from Demo helpdesk and Demo tracker: Demo helpdesk did not answer/);
    assert.strictEqual(after, good);
    assert.strictEqual(store.report, good);
    const recovered = await store.load({ force: true });
    assert.strictEqual(store.status, 'ready');
    assert.strictEqual(store.error, undefined);
    assert.notStrictEqual(recovered, good);
  });

  it('reloads after invalidate(), e.g. when evidence is added through the tracker', async () => {
    const d = demo();
    const store = storeOf(d);
    const tracker = notifyingTracker(d.tracker, (defectId) => store.invalidate(defectId));
    const before = (await store.setFilters({ range: 'all' }))!;
    const target = before.defects[0];
    const ticket = d.backends.data().tickets.find((t) => !target.ticketRefs.includes(`demo:${t.id}`))!;
    await tracker.addComment(target.defectId, renderEvidenceComment(anEvidenceComment(ticket, [{ organization: 'Brand New Customer', arr: 50_000 }], [])));
    assert.strictEqual(store.stale, true);
    const after = (await store.ensureLoaded())!;
    const updated = after.defects.find((x) => x.defectId === target.defectId)!;
    assert.strictEqual(updated.evidenceComments, 1);
    assert.strictEqual(updated.cases, target.cases + 1);
    assert.ok(updated.organizationNames.includes('Brand New Customer'));
  });

  it('checks filters from outside with messages that say what is wrong', () => {
    assert.deepStrictEqual(checkImpactFilters({ range: '90d', connectionId: 'rt' }), { range: '90d', connectionId: 'rt' });
    assert.deepStrictEqual(checkImpactFilters({}), { range: '30d' });
    assert.throws(() => checkImpactFilters({ range: '2y' }), /range must be one of 7d, 30d, 90d, 365d, all, not "2y"/);
    assert.throws(() => checkImpactFilters({ range: '7d', connectionId: 3 }), /connectionId must be/);
    assert.throws(() => checkImpactFilters('30d'), /must be an object/);
  });
});
