// Grouped queue model benchmark worker, started by bench/run.js in a fresh process per ticket count:
//   node --expose-gc --no-flush-bytecode out/bench/queue.js <ticketCount> [runs]
// (--no-flush-bytecode: otherwise V8 drops the bytecode of functions idle for a few GCs, such as the
// demo generator's, and the heap shrinks by that much in the middle of a memory measurement.)
// Drives the real demo backend and QueueModel (transpiled to out/src/) the way the Queue view does,
// with a fixed clock so every run sees the same tickets.
import { createDemoBackends } from '../src/backends/demo/demoBackend';
import type { GroupBy } from '../src/core/model/queue';
import { silentLogger } from '../src/core/ports/logger';
import { comparatorFor, groupTickets } from '../src/core/services/queueLogic';
import { QueueModel, type QueueSnapshot, type QueueViewState } from '../src/core/services/queueModel';
import { gc, heapUsed, report, summarize, time, type Summary } from './stats';

const GROUP_BYS: readonly GroupBy[] = ['status', 'priority', 'assignee', 'tag', 'organization', 'due', 'none'];
const NOW = new Date('2026-11-22T12:00:00.000Z');
const RETAINED = 4;

export interface GroupResult extends Summary {
  /** The first snapshot() with this grouping, before the loop: it also pays for optimising the code. */
  readonly firstMs: number;
  /** Heap a snapshot keeps alive. */
  readonly heapBytes: number;
  readonly groupCount: number;
  /** Tickets over all groups: more than the ticket count for tags, where a ticket is in each of its tag groups. */
  readonly placed: number;
  /** groupTickets() alone on already sorted tickets. */
  readonly groupOnlyMs: number;
}

export interface QueueResult {
  readonly ticketCount: number;
  readonly runs: number;
  readonly generateMs: number;
  readonly datasetBytes: number;
  readonly jsonBytes: number;
  readonly jsonParseMs: Summary;
  readonly jsonParseHeapBytes: number;
  readonly firstRefreshMs: number;
  readonly refreshMs: Summary;
  readonly refreshHeapBytes: number;
  readonly pages: number;
  /** Copying and sorting the loaded tickets, the part of every snapshot() before grouping. */
  readonly sortMs: Summary;
  readonly groups: Record<GroupBy, GroupResult>;
}

async function main(): Promise<void> {
  const ticketCount = Number(process.argv[2]) || 10_000;
  const runs = Number(process.argv[3]) || 7;
  const pageSize = 500;

  // The demo data, generated once, as the extension does on first use.
  let heap0 = heapUsed();
  let t0 = performance.now();
  const backends = createDemoBackends({ now: NOW, ticketCount });
  const tickets = backends.data().tickets;
  const generateMs = performance.now() - t0;
  const datasetBytes = heapUsed() - heap0;
  if (tickets.length !== ticketCount) throw new Error(`generated ${tickets.length} tickets, wanted ${ticketCount}`);

  // Baseline: parsing the same tickets from JSON, which any client of a helpdesk API pays at least.
  let json: string | undefined = JSON.stringify(tickets);
  const jsonBytes = Buffer.byteLength(json);
  const jsonParseMs = summarize(await time(runs, () => JSON.parse(json!)));
  heap0 = heapUsed();
  let parsed: unknown[] | undefined = JSON.parse(json);
  const jsonParseHeapBytes = heapUsed() - heap0;
  if (parsed?.length !== ticketCount) throw new Error('the JSON round trip lost tickets');
  parsed = undefined;
  json = undefined; // 7 MB per 10k tickets, which would slow every GC below

  // The model the Queue view uses, loading everything in one refresh.
  const initial: QueueViewState = { filter: {}, groupBy: 'status', sort: 'updated', quickFilter: '' };
  const model = new QueueModel(backends.source, { pageSize, loadBatch: ticketCount }, initial, silentLogger, () => NOW);
  heap0 = heapUsed();
  t0 = performance.now();
  await model.refresh();
  const firstRefreshMs = performance.now() - t0;
  const refreshHeapBytes = heapUsed() - heap0;
  let snap: QueueSnapshot | undefined = model.snapshot();
  if (snap.status !== 'ready' || snap.loadedCount !== ticketCount || snap.hasMore) {
    throw new Error(`the refresh did not load everything: ${snap.status}, ${snap.loadedCount} loaded, hasMore ${snap.hasMore}`);
  }
  // Later refreshes page through the demo source's cached query result: mostly the model's own cost.
  const refreshMs = summarize(await time(runs, () => model.refresh()));

  // Parts of a snapshot: copying and sorting the visible tickets, then grouping them.
  const sortMs = summarize(await time(runs, () => [...model.loadedTickets()].sort(comparatorFor('updated'))));
  const sorted = [...model.loadedTickets()].sort(comparatorFor('updated'));
  const ctx = { now: NOW, meId: model.me?.id };

  const groups = {} as Record<GroupBy, GroupResult>;
  for (const groupBy of GROUP_BYS) {
    model.update({ groupBy });
    gc();
    t0 = performance.now();
    model.snapshot();
    const firstMs = performance.now() - t0;
    // update() invalidates the cached snapshot, so each timed snapshot() rebuilds it.
    const samples = await time(runs, () => {
      model.update({ groupBy });
      return model.snapshot();
    });
    // What a snapshot keeps alive: RETAINED snapshots held at once (the model's cached one dropped
    // first), divided by RETAINED, so that small heap movements unrelated to them average out.
    model.update({ groupBy });
    snap = undefined;
    heap0 = heapUsed();
    const held: QueueSnapshot[] = [];
    for (let i = 0; i < RETAINED; i++) {
      model.update({ groupBy });
      held.push(model.snapshot());
    }
    const heapBytes = (heapUsed() - heap0) / RETAINED;
    snap = held[0];
    held.length = 0;
    const placed = snap.groups.reduce((n, g) => n + g.tickets.length, 0);
    if (snap.visibleCount !== ticketCount || (groupBy !== 'tag' && placed !== ticketCount)) throw new Error(`${groupBy}: ${placed} of ${ticketCount} tickets placed`);
    const groupOnlyMs = summarize(await time(runs, () => groupTickets(sorted, groupBy, ctx))).median;
    groups[groupBy] = { ...summarize(samples), firstMs, heapBytes, groupCount: snap.groups.length, placed, groupOnlyMs };
  }
  model.dispose();

  const result: QueueResult = {
    ticketCount, runs, generateMs, datasetBytes, jsonBytes, jsonParseMs, jsonParseHeapBytes,
    firstRefreshMs, refreshMs, refreshHeapBytes, pages: Math.ceil(ticketCount / pageSize), sortMs, groups,
  };
  report(result);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
