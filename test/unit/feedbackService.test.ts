import * as assert from 'assert';
import { createDemoBackends } from '../../src/backends/demo/demoBackend';
import { CaselinkError } from '../../src/core/errors';
import type { FeedbackRecord } from '../../src/core/model/feedback';
import type { DefectTracker } from '../../src/core/ports/defectTracker';
import { MemoryKeyValueStore } from '../../src/core/ports/keyValueStore';
import { silentLogger } from '../../src/core/ports/logger';
import { FeedbackRecord as FeedbackRecordSchema } from '../../src/core/schemas/feedback';
import { parseEvidenceComment, parseFeedbackBody } from '../../src/core/services/feedbackFormat';
import { prefillFromCase, ticketRefOf } from '../../src/core/services/feedbackPrefill';
import { buildFeedbackRecord, FeedbackSubmitter, type FeedbackPayload, type FeedbackResult } from '../../src/core/services/feedbackService';
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

function setup(options: { breakAfterCreate?: boolean } = {}) {
  const demo = createDemoBackends({ now, ticketCount: 40 });
  let broken = options.breakAfterCreate ?? false;
  // The tracker files the record and then "the connection drops": the answer never arrives.
  const tracker: DefectTracker = new Proxy(demo.tracker, {
    get(target, prop, receiver) {
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
  const submitter = new FeedbackSubmitter({ tracker: (id) => (id === 'demo-tracker' ? tracker : undefined), source: (id) => (id === 'demo' ? demo.source : undefined), log: silentLogger });
  const outbox = new Outbox<FeedbackPayload, FeedbackResult>({ store: new MemoryKeyValueStore(), submitter, log: silentLogger, clock, random: () => 0.5 });
  return { demo, tracker, clock, outbox };
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
