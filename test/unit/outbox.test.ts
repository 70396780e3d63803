import * as assert from 'assert';
import * as z from 'zod';
import { CaselinkError, type ErrorReason } from '../../src/core/errors';
import { MemoryKeyValueStore } from '../../src/core/ports/keyValueStore';
import { silentLogger, type Logger } from '../../src/core/ports/logger';
import { backoffDelay, DEFAULT_OUTBOX_POLICY, Outbox, type OutboxClock, type OutboxItem, type Submitter } from '../../src/core/services/outbox';

const KEY = 'caselink.outbox.v1';
const T0 = Date.parse('2026-11-22T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

interface Payload {
  title: string;
  body: string;
}
interface Filed {
  id: string;
}
const PayloadSchema = z.object({ title: z.string(), body: z.string() });

/** Time that moves only when the test says so; timers fire on advance(). */
class FakeClock implements OutboxClock {
  #now = T0;
  #next = 1;
  readonly timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.#now;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const handle = this.#next++;
    this.timers.set(handle, { at: this.#now + ms, fn });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** How long until the next timer fires; undefined when none is set. */
  get nextDelay(): number | undefined {
    const ats = [...this.timers.values()].map((t) => t.at);
    return ats.length ? Math.min(...ats) - this.#now : undefined;
  }
  advance(ms: number): void {
    this.#now += ms;
    for (const [handle, timer] of [...this.timers]) {
      if (timer.at <= this.#now) {
        this.timers.delete(handle);
        timer.fn();
      }
    }
  }
}

type Step = { error: Error; recordFirst?: boolean } | 'hang';

/**
 * The tracker. Records carry the idempotency key, as a real tracker holds it in a field; a second
 * submit of the same item creates a second record, as a real tracker would, so duplicates show.
 */
class FakeServer implements Submitter<Payload, Filed> {
  readonly records: Array<{ id: string; idempotencyKey: string; payload: Payload }> = [];
  readonly calls: string[] = [];
  readonly submitScript: Step[] = [];
  readonly findScript: Error[] = [];
  inflight = 0;
  maxInflight = 0;
  gate: Promise<void> | undefined;
  onSubmit: ((item: OutboxItem<Payload, Filed>) => void) | undefined;

  async find(item: OutboxItem<Payload, Filed>): Promise<Filed | undefined> {
    this.calls.push('find');
    const error = this.findScript.shift();
    if (error) throw error;
    const found = this.records.find((r) => r.idempotencyKey === item.idempotencyKey);
    return found && { id: found.id };
  }

  async submit(item: OutboxItem<Payload, Filed>, signal: AbortSignal): Promise<Filed> {
    this.calls.push('submit');
    this.onSubmit?.(item);
    this.maxInflight = Math.max(this.maxInflight, ++this.inflight);
    try {
      if (this.gate) await this.gate;
      if (signal.aborted) throw new CaselinkError('cancelled', 'The request was cancelled.');
      const step = this.submitScript.shift();
      if (step && step !== 'hang' && !step.recordFirst) throw step.error;
      const id = `#${100 + this.records.length}`;
      this.records.push({ id, idempotencyKey: item.idempotencyKey, payload: item.payload });
      if (step === 'hang') return await new Promise<never>(() => undefined);
      if (step) throw step.error;
      return { id };
    } finally {
      this.inflight--;
    }
  }
}

/** A store whose writes fail while `failIf` says so. */
class FlakyStore extends MemoryKeyValueStore {
  failIf: ((doc: { items: Array<{ state: string }> }) => boolean) | undefined;
  override async update(key: string, value: unknown): Promise<void> {
    if (this.failIf?.(value as { items: Array<{ state: string }> })) throw new Error('disk full');
    return super.update(key, value);
  }
}

function captureLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = { ...silentLogger, lines, warn: (m: string) => void lines.push(m), error: (m: string | Error) => void lines.push(String(m)), child: () => log };
  return log;
}

function setup(options: { store?: MemoryKeyValueStore; server?: FakeServer; clock?: FakeClock; log?: Logger } = {}) {
  const store = options.store ?? new MemoryKeyValueStore();
  const server = options.server ?? new FakeServer();
  const clock = options.clock ?? new FakeClock();
  const outbox = new Outbox<Payload, Filed>({ store, submitter: server, log: options.log ?? silentLogger, clock, random: () => 0.5, payload: PayloadSchema });
  return { store, server, clock, outbox };
}

const stored = (store: MemoryKeyValueStore) => store.get<{ version: number; items: Array<OutboxItem<Payload, Filed>>; rejected?: unknown[] }>(KEY)!;
const net = () => new CaselinkError('network', 'The tracker did not answer in time.');
const feedback = { title: 'Export fails', body: 'The customer wrote: “Export to CSV hangs.”' };

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(condition(), 'condition not reached');
}

describe('Outbox', () => {
  it('stores an item as sending before the server sees it, then files it once and keeps the result', async () => {
    const { store, server, outbox } = setup();
    let changes = 0;
    outbox.onDidChange(() => changes++);
    const seenBySubmit: Array<{ state: string; attempts: number }> = [];
    server.onSubmit = () => seenBySubmit.push(...stored(store).items.map((i) => ({ state: i.state, attempts: i.attempts })));
    const item = await outbox.enqueue('fileFeedback', 'Export fails', feedback);
    assert.strictEqual(item.state, 'pending');
    assert.match(item.idempotencyKey, /^[0-9a-f-]{36}$/);
    await outbox.process();
    assert.deepStrictEqual(seenBySubmit, [{ state: 'sending', attempts: 1 }]);
    const [done] = outbox.items();
    assert.strictEqual(done.state, 'done');
    assert.deepStrictEqual(done.result, { id: '#100' });
    assert.deepStrictEqual(server.calls, ['submit'], 'a first attempt has nothing to look for');
    assert.deepStrictEqual(server.records.map((r) => r.idempotencyKey), [item.idempotencyKey]);
    assert.strictEqual(stored(store).items[0].state, 'done');
    assert.ok(changes >= 3, 'queued, sending, done');
  });

  it('retries a network failure after a backoff, looking for the record first', async () => {
    const { server, clock, outbox } = setup();
    server.submitScript.push({ error: net() });
    await outbox.enqueue('fileFeedback', 'Export fails', feedback);
    await outbox.process();
    let [item] = outbox.items();
    assert.strictEqual(item.state, 'unknown');
    assert.strictEqual(item.lastError?.reason, 'network');
    assert.strictEqual(item.nextAttemptAt, iso(T0 + backoffDelay(1, () => 0.5)));
    assert.strictEqual(clock.nextDelay, 3_750);
    clock.advance(3_749);
    await outbox.process();
    assert.deepStrictEqual(server.calls, ['submit'], 'not before its time');
    clock.advance(1);
    await outbox.process();
    [item] = outbox.items();
    assert.strictEqual(item.state, 'done');
    assert.deepStrictEqual(server.calls, ['submit', 'find', 'submit']);
    assert.strictEqual(server.records.length, 1);
  });

  it('waits as long as a 429 asks, holding every item back, and does not look first (a 429 created nothing)', async () => {
    const { server, clock, outbox } = setup();
    server.submitScript.push({ error: new CaselinkError('rateLimited', 'Slow down.', { retryAfterMs: 30_000 }) });
    const a = await outbox.enqueue('fileFeedback', 'A', feedback);
    await outbox.process();
    await outbox.enqueue('addEvidence', 'B', feedback);
    await outbox.process();
    assert.deepStrictEqual(server.calls, ['submit'], 'B waits too');
    const item = outbox.items().find((i) => i.id === a.id)!;
    assert.strictEqual(item.state, 'pending');
    assert.strictEqual(item.nextAttemptAt, iso(T0 + 30_000));
    assert.strictEqual(clock.nextDelay, 30_000);
    clock.advance(29_999);
    await outbox.process();
    assert.deepStrictEqual(server.calls, ['submit']);
    clock.advance(1);
    await outbox.process();
    assert.deepStrictEqual(server.calls, ['submit', 'submit', 'submit']);
    assert.deepStrictEqual(outbox.items().map((i) => i.state), ['done', 'done']);
    assert.strictEqual(server.records.length, 2);
  });

  it('leaves a definitive failure (auth) to the user, then retry() sends it with the same key', async () => {
    const { server, clock, outbox } = setup();
    server.submitScript.push({ error: new CaselinkError('auth', 'Sign in again.') });
    const queued = await outbox.enqueue('fileFeedback', 'Export fails', feedback);
    await outbox.process();
    let [item] = outbox.items();
    assert.strictEqual(item.state, 'failed');
    assert.strictEqual(item.lastError?.reason, 'auth');
    assert.strictEqual(clock.timers.size, 0, 'no automatic retry');
    clock.advance(3_600_000);
    await outbox.process();
    assert.deepStrictEqual(server.calls, ['submit']);
    await outbox.retry(queued.id);
    await outbox.process();
    [item] = outbox.items();
    assert.strictEqual(item.state, 'done');
    assert.strictEqual(item.idempotencyKey, queued.idempotencyKey);
    assert.deepStrictEqual(server.calls, ['submit', 'submit'], 'a 401 created nothing, so nothing to look for');
    assert.strictEqual(server.records.length, 1);
  });

  it('keeps looking first after an unknown outcome, even across a later definitive failure', async () => {
    const { server, clock, outbox } = setup();
    server.submitScript.push({ error: net(), recordFirst: true });
    server.findScript.push(new CaselinkError('auth', 'Sign in again.'));
    const queued = await outbox.enqueue('fileFeedback', 'Export fails', feedback);
    await outbox.process();
    clock.advance(clock.nextDelay!);
    await outbox.process();
    assert.strictEqual(outbox.items()[0].state, 'failed');
    assert.strictEqual(outbox.items()[0].maybeSubmitted, true);
    await outbox.retry(queued.id);
    await outbox.process();
    assert.deepStrictEqual(server.calls, ['submit', 'find', 'find']);
    assert.strictEqual(outbox.items()[0].state, 'done');
    assert.strictEqual(server.records.length, 1);
  });

  describe('what each failure of a submit leads to', () => {
    const table: Array<[ErrorReason | 'TypeError', 'unknown' | 'pending' | 'failed', boolean]> = [
      ['network', 'unknown', true],
      ['cancelled', 'unknown', true],
      ['schema', 'unknown', true],
      ['rateLimited', 'pending', false],
      ['auth', 'failed', false],
      ['forbidden', 'failed', false],
      ['config', 'failed', false],
      ['notFound', 'failed', false],
      ['conflict', 'failed', true],
      ['internal', 'failed', true],
      ['TypeError', 'failed', true],
    ];
    for (const [reason, state, maybeSubmitted] of table) {
      it(`${reason}: ${state}, ${state === 'failed' ? 'no automatic retry' : 'retried automatically'}${maybeSubmitted ? ', looks first next time' : ''}`, async () => {
        const { server, clock, outbox } = setup();
        server.submitScript.push({ error: reason === 'TypeError' ? new TypeError('x is undefined') : new CaselinkError(reason, 'It failed.') });
        await outbox.enqueue('fileFeedback', 'Export fails', feedback);
        await outbox.process();
        const [item] = outbox.items();
        assert.strictEqual(item.state, state);
        assert.strictEqual(item.maybeSubmitted, maybeSubmitted);
        assert.strictEqual(item.lastError?.reason, reason === 'TypeError' ? 'internal' : reason);
        assert.strictEqual(clock.timers.size, state === 'failed' ? 0 : 1);
      });
    }

    it('schema: an unreadable answer is checked once by looking; an unreadable lookup is final', async () => {
      const { server, clock, outbox } = setup();
      server.submitScript.push({ error: new CaselinkError('schema', 'Unreadable answer.'), recordFirst: true });
      server.findScript.push(new CaselinkError('schema', 'Unreadable answer.'));
      await outbox.enqueue('fileFeedback', 'Export fails', feedback);
      await outbox.process();
      clock.advance(clock.nextDelay!);
      await outbox.process();
      assert.strictEqual(outbox.items()[0].state, 'failed');
      assert.strictEqual(clock.timers.size, 0);
      assert.deepStrictEqual(server.calls, ['submit', 'find']);
      assert.strictEqual(server.records.length, 1, 'never submitted twice');
    });
  });

  it('discards a failed item, but not one being sent', async () => {
    const { store, server, outbox } = setup();
    server.submitScript.push({ error: new CaselinkError('forbidden', 'No permission.') });
    const failed = await outbox.enqueue('fileFeedback', 'A', feedback);
    await outbox.process();
    let release!: () => void;
    server.gate = new Promise((r) => (release = r));
    const sending = await outbox.enqueue('fileFeedback', 'B', feedback);
    await until(() => server.inflight === 1);
    await assert.rejects(outbox.discard(sending.id), (err: CaselinkError) => err.reason === 'conflict');
    await outbox.discard(failed.id);
    release();
    await outbox.process();
    assert.deepStrictEqual(outbox.items().map((i) => [i.label, i.state]), [['B', 'done']]);
    assert.deepStrictEqual(stored(store).items.map((i) => i.label), ['B']);
    await assert.rejects(outbox.discard(failed.id), (err: CaselinkError) => err.reason === 'notFound');
  });

  it('survives a restart: a new outbox over the same storage has the item, its key and its error', async () => {
    const { store, server, outbox } = setup();
    server.submitScript.push({ error: new CaselinkError('auth', 'Sign in again.') });
    const queued = await outbox.enqueue('fileFeedback', 'Export fails', feedback);
    await outbox.process();
    outbox.dispose();
    const after = setup({ store, server }).outbox;
    const [item] = after.items();
    assert.deepStrictEqual([item.id, item.idempotencyKey, item.state, item.lastError?.reason, item.payload], [queued.id, queued.idempotencyKey, 'failed', 'auth', feedback]);
    await after.retry(item.id);
    await after.process();
    assert.strictEqual(after.items()[0].state, 'done');
    assert.strictEqual(server.records.length, 1);
  });

  describe('a crash between send and answer', () => {
    it('the server filed it but the answer was lost (network error): the next attempt finds it and does not file again', async () => {
      const { server, clock, outbox } = setup();
      server.submitScript.push({ error: net(), recordFirst: true });
      await outbox.enqueue('fileFeedback', 'Export fails', feedback);
      await outbox.process();
      clock.advance(clock.nextDelay!);
      await outbox.process();
      const [item] = outbox.items();
      assert.strictEqual(item.state, 'done');
      assert.deepStrictEqual(item.result, { id: '#100' });
      assert.deepStrictEqual(server.calls, ['submit', 'find']);
      assert.strictEqual(server.records.length, 1);
    });

    it('the process died while the server was filing it: a new outbox finds it and does not file again', async () => {
      const store = new MemoryKeyValueStore();
      const server = new FakeServer();
      server.submitScript.push('hang');
      const before = setup({ store, server }).outbox;
      await before.enqueue('fileFeedback', 'Export fails', feedback);
      await until(() => server.records.length === 1);
      assert.deepStrictEqual(stored(store).items.map((i) => [i.state, i.attempts]), [['sending', 1]]);
      // `before` is dropped without a word, as a crashed extension host would drop it.
      const after = setup({ store, server }).outbox;
      assert.deepStrictEqual(after.items().map((i) => [i.state, i.maybeSubmitted]), [['unknown', true]]);
      await after.process();
      assert.strictEqual(after.items()[0].state, 'done');
      assert.deepStrictEqual(after.items()[0].result, { id: '#100' });
      assert.deepStrictEqual(server.calls, ['submit', 'find']);
      assert.strictEqual(server.records.length, 1);
    });

    const sendingDoc = (key: string) => ({
      version: 1,
      items: [{ id: 'item-1', kind: 'fileFeedback', idempotencyKey: key, label: 'Export fails', payload: feedback, state: 'sending', attempts: 1, maybeSubmitted: true, createdAt: iso(T0), updatedAt: iso(T0) }],
    });

    it('from a stored `sending` state whose record exists: found, marked done, exactly one record', async () => {
      const store = new MemoryKeyValueStore();
      await store.update(KEY, sendingDoc('key-1'));
      const server = new FakeServer();
      server.records.push({ id: '#7', idempotencyKey: 'key-1', payload: feedback });
      const { outbox } = setup({ store, server });
      await outbox.process();
      assert.deepStrictEqual([outbox.items()[0].state, outbox.items()[0].result], ['done', { id: '#7' }]);
      assert.deepStrictEqual(server.calls, ['find']);
      assert.strictEqual(server.records.length, 1);
      assert.strictEqual(stored(store).items[0].state, 'done');
    });

    it('from a stored `sending` state whose request never arrived: not found, filed once', async () => {
      const store = new MemoryKeyValueStore();
      await store.update(KEY, sendingDoc('key-2'));
      const { outbox, server } = setup({ store });
      await outbox.process();
      assert.strictEqual(outbox.items()[0].state, 'done');
      assert.deepStrictEqual(server.calls, ['find', 'submit']);
      assert.deepStrictEqual(server.records.map((r) => r.idempotencyKey), ['key-2']);
    });
  });

  it('never sends two items, or one item twice, at the same time however often process() is called', async () => {
    const { server, outbox } = setup();
    let release!: () => void;
    server.gate = new Promise((r) => (release = r));
    const a = await outbox.enqueue('fileFeedback', 'A', feedback);
    await outbox.enqueue('fileFeedback', 'B', feedback);
    const runs = [outbox.process(), outbox.process(), outbox.process()];
    await outbox.retry(a.id);
    await until(() => server.inflight === 1);
    release();
    await Promise.all([...runs, outbox.process()]);
    assert.deepStrictEqual(server.calls, ['submit', 'submit']);
    assert.strictEqual(server.maxInflight, 1);
    assert.deepStrictEqual(outbox.items().map((i) => i.state), ['done', 'done']);
    assert.strictEqual(server.records.length, 2);
  });

  describe('storage', () => {
    it('keeps every item that reads from a damaged document, and the rest verbatim', async () => {
      const valid = (id: string, state = 'failed') => ({ id, kind: 'fileFeedback', idempotencyKey: `key-${id}`, label: id, payload: feedback, state, attempts: 8, maybeSubmitted: false, createdAt: iso(T0), updatedAt: iso(T0), lastError: { reason: 'fromTheFuture', message: 'x' } });
      const junk = [{ id: 'x' }, 42, valid('a', 'pending'), { ...valid('c'), state: 'bogus' }, { ...valid('d'), payload: { title: 3 } }];
      const store = new MemoryKeyValueStore();
      await store.update(KEY, { version: 1, items: [valid('a', 'pending'), ...junk, valid('b')], rejected: ['set aside before'] });
      const log = captureLog();
      const { outbox } = setup({ store, log });
      assert.deepStrictEqual(outbox.items().map((i) => i.id), ['a', 'b']);
      assert.strictEqual(outbox.items()[1].lastError?.reason, 'internal', 'an unknown reason is read, not rejected');
      const rejected = outbox.rejected();
      assert.strictEqual(rejected.length, 6);
      assert.deepStrictEqual(rejected.slice(1).map((r) => r.raw), junk);
      assert.match(rejected[1].message, /^item 1: kind/);
      assert.match(rejected[3].message, /a second item with id a/);
      assert.match(rejected[4].message, /^item 4: state/);
      assert.match(rejected[5].message, /^item 5: payload: title/);
      assert.strictEqual(log.lines.length, 1);
      assert.match(log.lines[0], /kept 2 item\(s\) and set aside 5/);
      await outbox.discard('b');
      assert.deepStrictEqual(stored(store).rejected?.length, 6, 'what was set aside stays in storage');
      const again = setup({ store, log }).outbox;
      assert.strictEqual(again.rejected().length, 6);
      assert.strictEqual(log.lines.length, 1, 'reported once, not at every start');
    });

    it('starts empty, keeping the text, when the document is not JSON or from another version', async () => {
      for (const bad of ['{"version":1,"items":[{"id"', { version: 2, items: [] }, [1, 2]]) {
        const store = new MemoryKeyValueStore();
        await store.update(KEY, bad);
        const { outbox } = setup({ store });
        assert.deepStrictEqual(outbox.items(), []);
        assert.deepStrictEqual(outbox.rejected().map((r) => r.raw), [bad]);
        await outbox.enqueue('fileFeedback', 'Export fails', feedback);
        await outbox.process();
        assert.deepStrictEqual(stored(store).rejected?.map((r) => (r as { raw: unknown }).raw), [bad]);
        assert.strictEqual(stored(store).items[0].state, 'done');
      }
    });

    it('sends nothing it could not store first', async () => {
      const store = new FlakyStore();
      const { server, outbox } = setup({ store });
      store.failIf = () => true;
      await assert.rejects(outbox.enqueue('fileFeedback', 'Export fails', feedback), /could not store/);
      assert.deepStrictEqual(outbox.items(), []);
      store.failIf = (doc) => doc.items.some((i) => i.state === 'sending');
      await outbox.enqueue('fileFeedback', 'Export fails', feedback);
      await outbox.process();
      assert.deepStrictEqual(server.calls, []);
      assert.strictEqual(outbox.items()[0].state, 'pending');
      assert.strictEqual(outbox.items()[0].attempts, 0);
    });

    it('keeps the 20 most recent done items', async () => {
      const { clock, outbox } = setup();
      for (let i = 0; i < 25; i++) {
        await outbox.enqueue('fileFeedback', `item ${i}`, feedback);
        await outbox.process();
        clock.advance(1_000);
      }
      const labels = outbox.items().map((i) => i.label);
      assert.strictEqual(labels.length, DEFAULT_OUTBOX_POLICY.keepDone);
      assert.deepStrictEqual([labels[0], labels[19]], ['item 5', 'item 24']);
    });
  });

  describe('backoff', () => {
    it('grows from 5 s, with jitter in the upper half, and is capped at 10 minutes', () => {
      for (const random of [() => 0, () => 0.5, () => 0.999]) {
        const delays = Array.from({ length: 15 }, (_, i) => backoffDelay(i + 1, random));
        assert.ok(delays[0] >= 2_500 && delays[0] <= 5_000, String(delays[0]));
        for (let i = 1; i < delays.length; i++) assert.ok(delays[i] >= delays[i - 1], `${delays[i]} after ${delays[i - 1]}`);
        assert.ok(delays.every((d) => d <= 600_000));
        assert.ok(delays[14] >= 300_000, 'reaches the cap region');
      }
      assert.strictEqual(backoffDelay(30, () => 1), 600_000);
    });

    it('gives up after 8 attempts with growing waits, looking first each time, and files nothing twice', async () => {
      const { server, clock, outbox } = setup();
      for (let i = 0; i < 8; i++) server.submitScript.push({ error: net() });
      await outbox.enqueue('fileFeedback', 'Export fails', feedback);
      await outbox.process();
      const waits: number[] = [];
      while (clock.nextDelay !== undefined) {
        waits.push(clock.nextDelay);
        clock.advance(clock.nextDelay);
        await outbox.process();
      }
      assert.deepStrictEqual(waits, [3_750, 7_500, 15_000, 30_000, 60_000, 120_000, 240_000]);
      const [item] = outbox.items();
      assert.deepStrictEqual([item.state, item.attempts, item.maybeSubmitted], ['failed', 8, true]);
      assert.deepStrictEqual(server.calls, ['submit', ...Array<string[]>(7).fill(['find', 'submit']).flat()]);
      assert.strictEqual(server.records.length, 0);
    });
  });

  it('dispose stops the timer and aborts a send, which the next start looks up', async () => {
    const store = new MemoryKeyValueStore();
    const server = new FakeServer();
    let release!: () => void;
    server.gate = new Promise((r) => (release = r));
    const { outbox } = setup({ store, server });
    await outbox.enqueue('fileFeedback', 'Export fails', feedback);
    await until(() => server.inflight === 1);
    const run = outbox.process();
    outbox.dispose();
    release();
    await run;
    assert.deepStrictEqual(stored(store).items.map((i) => [i.state, i.maybeSubmitted, i.nextAttemptAt]), [['unknown', true, iso(T0)]]);
    const after = setup({ store, server });
    await after.outbox.process();
    assert.deepStrictEqual(server.calls, ['submit', 'find', 'submit']);
    assert.strictEqual(after.outbox.items()[0].state, 'done');
    assert.strictEqual(after.clock.timers.size, 0);
  });
});
