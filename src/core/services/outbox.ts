import { CaselinkError, describeError, type ErrorReason } from '../errors';
import { Emitter } from '../events';
import type { KeyValueStore } from '../ports/keyValueStore';
import type { Logger } from '../ports/logger';

/*
 * A persistent outbox: what the user asked to file is written to storage before anything is sent,
 * sent one item at a time, retried with backoff, and never sent twice. Each item carries an
 * idempotency key for its whole life, which the Submitter stores in the record it creates; when an
 * attempt may have reached the server without Caselink learning the outcome, the next attempt first
 * asks the Submitter to `find` a record with that key and, if there is one, takes it as the result.
 *
 * Every attempt writes state `sending` (attempts + 1, `maybeSubmitted`) BEFORE calling the server and
 * the outcome AFTER, so a crash in between leaves `sending` in storage, which loads as `unknown`.
 * `maybeSubmitted` is sticky: it is set before a submit and cleared only by a submit the server
 * definitely refused (after a `find` that found nothing, when one was due). So "look first" survives
 * a later definitive failure: a timeout, then an expired token, then the user's Retry still looks first.
 *
 * What a failed attempt leads to, by the CaselinkError's reason (anything else counts as `internal`).
 * "May exist" is whether a submit that failed this way may still have created the record:
 *
 * | reason      | may exist | why                                               | next state | automatic retry                    |
 * |-------------|-----------|---------------------------------------------------|------------|------------------------------------|
 * | network     | yes       | timeout, reset, 5xx: the server may have written  | unknown    | yes, backoff                       |
 * | cancelled   | yes       | aborted mid-request (dispose: due at next start)  | unknown    | yes                                |
 * | schema      | yes       | a 2xx whose body could not be read (or was cut)   | unknown    | yes, by looking; from find: final  |
 * | rateLimited | no        | a 429 is refused before it is processed           | pending¹   | after retryAfterMs (else backoff); the whole outbox waits |
 * | auth        | no        | 401                                               | failed     | no: sign in, then Retry            |
 * | forbidden   | no        | 403                                               | failed     | no                                 |
 * | config      | no        | refused before sending                            | failed     | no                                 |
 * | notFound    | no        | 404: the project or the target record is gone     | failed     | no                                 |
 * | conflict    | yes       | 409/422; a 409 can mean "exists already"          | failed     | no; Retry looks first              |
 * | internal    | yes       | an unexpected status, or a bug after the request  | failed     | no; Retry looks first              |
 *
 * ¹ `unknown` when an earlier attempt may have created the record (`maybeSubmitted` is sticky).
 * A failure of `find` never changes `maybeSubmitted` (it created nothing and proved nothing); its
 * state follows the table, except that `schema` from `find` is final. After `maxAttempts` attempts a
 * transient failure becomes `failed` too. `failed` items stay until the user retries (same
 * idempotency key, attempts from 0) or discards them: nothing the user typed is dropped.
 * Done items are kept (the `keepDone` most recent) so the UI can say "filed as #123".
 *
 * The owner calls `process()` once the tracker is usable (not in activate: no network there);
 * enqueue, retry and the backoff timer call it afterwards. One storage key per window: give the
 * outbox workspaceState, not globalState, or two windows would send the same items.
 */

export type OutboxState = 'pending' | 'sending' | 'unknown' | 'failed' | 'done';

export interface OutboxItem<TPayload, TResult> {
  readonly id: string;
  readonly kind: string;
  readonly idempotencyKey: string;
  readonly label: string;
  readonly payload: TPayload;
  readonly state: OutboxState;
  /** Attempts since the item was queued or last retried by the user. */
  readonly attempts: number;
  /** An earlier attempt may have created the record: the next one looks for it before submitting. */
  readonly maybeSubmitted: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the next automatic attempt is due; absent: due now (pending/unknown) or none (failed/done). */
  readonly nextAttemptAt?: string;
  readonly lastError?: { readonly reason: ErrorReason; readonly message: string };
  readonly result?: TResult;
}

/** Sends items. Both calls must store / look for `item.idempotencyKey` in the record itself. */
export interface Submitter<TPayload, TResult> {
  /** The record carrying the item's idempotency key, read consistently (no lagging search index); undefined when none. */
  find(item: OutboxItem<TPayload, TResult>, signal: AbortSignal): Promise<TResult | undefined>;
  submit(item: OutboxItem<TPayload, TResult>, signal: AbortSignal): Promise<TResult>;
}

/** What a zod schema offers; payloads and results are checked with the feature's own schemas on load. */
export interface Parser<T> {
  safeParse(raw: unknown): { success: true; data: T } | { success: false; error?: unknown };
}

export interface OutboxClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface OutboxPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
  readonly keepDone: number;
}

/** Base 5 s, doubling to a 10 min cap; after 8 attempts (5 to 10 min of trying) an item waits for the user. */
export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = { baseDelayMs: 5_000, maxDelayMs: 600_000, maxAttempts: 8, keepDone: 20 };

export interface OutboxOptions<TPayload, TResult> {
  readonly store: KeyValueStore;
  readonly submitter: Submitter<TPayload, TResult>;
  readonly log: Logger;
  /** The storage key; the default holds version 1 of the document. */
  readonly key?: string;
  readonly payload?: Parser<TPayload>;
  readonly result?: Parser<TResult>;
  readonly policy?: Partial<OutboxPolicy>;
  readonly clock?: OutboxClock;
  readonly random?: () => number;
  readonly newId?: () => string;
}

/** Stored entries that could not be read, kept in the document so nothing is lost; the UI may offer them. */
export interface RejectedEntry {
  readonly at: string;
  readonly message: string;
  readonly raw: unknown;
}

interface Rule {
  readonly retry: boolean;
  readonly retryFromFind: boolean;
  readonly mayExist: boolean;
}
const RULES: Record<ErrorReason, Rule> = {
  network: { retry: true, retryFromFind: true, mayExist: true },
  cancelled: { retry: true, retryFromFind: true, mayExist: true },
  schema: { retry: true, retryFromFind: false, mayExist: true },
  rateLimited: { retry: true, retryFromFind: true, mayExist: false },
  auth: { retry: false, retryFromFind: false, mayExist: false },
  forbidden: { retry: false, retryFromFind: false, mayExist: false },
  config: { retry: false, retryFromFind: false, mayExist: false },
  notFound: { retry: false, retryFromFind: false, mayExist: false },
  conflict: { retry: false, retryFromFind: false, mayExist: true },
  internal: { retry: false, retryFromFind: false, mayExist: true },
};

/** The wait after the n-th failed attempt: exponential from the base, capped, jittered within its upper half (so waits never shrink). */
export function backoffDelay(failedAttempts: number, random: () => number, policy: OutboxPolicy = DEFAULT_OUTBOX_POLICY): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

const HOUR_MS = 3_600_000;
/** Version of the stored document; readOutboxDocument sets aside any other. */
const DOCUMENT_VERSION = 1;
/** An item as the outbox holds it: the same fields, writable. */
export type StoredItem<P, R> = { -readonly [K in keyof OutboxItem<P, R>]: OutboxItem<P, R>[K] };
type Schemas = typeof import('../schemas/outbox');
/** zod loads with the first read of the outbox, not at activation. */
const schemas = (): Schemas => require('../schemas/outbox') as Schemas;

const realClock: OutboxClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Outbox<TPayload, TResult> {
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  readonly #key: string;
  readonly #policy: OutboxPolicy;
  readonly #clock: OutboxClock;
  readonly #log: Logger;
  #items: Array<StoredItem<TPayload, TResult>> | undefined;
  #rejected: RejectedEntry[] = [];
  /** Queued but not yet in storage: not sent until it is. */
  readonly #unsaved = new Set<string>();
  #writes: Promise<unknown> = Promise.resolve();
  #running: Promise<void> | undefined;
  #wanted = false;
  #inflight: AbortController | undefined;
  #timer: unknown;
  /** A 429 holds every item back until then. */
  #pausedUntil = 0;
  #disposed = false;

  constructor(private readonly options: OutboxOptions<TPayload, TResult>) {
    this.#key = options.key ?? 'caselink.outbox.v1';
    this.#policy = { ...DEFAULT_OUTBOX_POLICY, ...options.policy };
    this.#clock = options.clock ?? realClock;
    this.#log = options.log;
  }

  items(): readonly OutboxItem<TPayload, TResult>[] {
    return this.#load().map((item) => ({ ...item }));
  }

  rejected(): readonly RejectedEntry[] {
    this.#load();
    return [...this.#rejected];
  }

  /** Stores the item, then starts sending. If storing fails this throws and nothing is sent: the caller keeps the text. */
  async enqueue(kind: string, label: string, payload: TPayload): Promise<OutboxItem<TPayload, TResult>> {
    if (this.#disposed) throw new CaselinkError('internal', 'Caselink is shutting down; try again after the window reloads.');
    const items = this.#load();
    const at = this.#iso();
    const newId = this.options.newId ?? (() => globalThis.crypto.randomUUID());
    const item: StoredItem<TPayload, TResult> = { id: newId(), kind, idempotencyKey: newId(), label, payload, state: 'pending', attempts: 0, maybeSubmitted: false, createdAt: at, updatedAt: at };
    items.push(item);
    this.#unsaved.add(item.id);
    try {
      await this.#save();
    } catch (err) {
      if (items.includes(item)) items.splice(items.indexOf(item), 1);
      throw new CaselinkError('internal', `Caselink could not store “${label}” in its outbox, so it was not sent. Try again.`, { cause: err });
    } finally {
      this.#unsaved.delete(item.id);
    }
    this.#onDidChange.fire();
    void this.process();
    return { ...item };
  }

  /** The user's Retry: due now (unless a 429 holds everything back), same idempotency key, a fresh run of automatic attempts. */
  async retry(id: string): Promise<void> {
    const item = this.#get(id);
    if (item.state === 'sending' || item.state === 'done') return;
    Object.assign(item, { state: item.maybeSubmitted ? 'unknown' : 'pending', attempts: 0, nextAttemptAt: undefined, updatedAt: this.#iso() });
    await this.#save();
    this.#onDidChange.fire();
    void this.process();
  }

  async discard(id: string): Promise<void> {
    const item = this.#get(id);
    if (item.state === 'sending') throw new CaselinkError('conflict', `“${item.label}” is being sent right now; discard it once this attempt ends.`);
    this.#load().splice(this.#load().indexOf(item), 1);
    await this.#save();
    this.#onDidChange.fire();
  }

  /** Sends the due items one at a time. Calls while a run is going join it (and make it look again). */
  process(): Promise<void> {
    if (this.#disposed) return Promise.resolve();
    this.#wanted = true;
    return (this.#running ??= this.#drain());
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#inflight?.abort();
    this.#onDidChange.dispose();
  }

  async #drain(): Promise<void> {
    // Yield once, so #running is set before the finally below clears it.
    await Promise.resolve();
    try {
      while (this.#wanted && !this.#disposed) {
        this.#wanted = false;
        for (let item = this.#nextDue(); item && !this.#disposed; item = this.#nextDue()) {
          if (!(await this.#attempt(item))) break;
        }
      }
    } finally {
      this.#running = undefined;
      this.#schedule();
    }
  }

  /** One attempt; false when storage failed and the run should stop. */
  async #attempt(item: StoredItem<TPayload, TResult>): Promise<boolean> {
    const before = { ...item };
    const lookFirst = item.maybeSubmitted;
    Object.assign(item, { state: 'sending', attempts: item.attempts + 1, maybeSubmitted: true, nextAttemptAt: undefined, updatedAt: this.#iso() });
    try {
      await this.#save();
    } catch (err) {
      Object.assign(item, before, { nextAttemptAt: this.#iso(this.#policy.baseDelayMs) });
      this.#log.error(`Could not store the outbox before sending “${item.label}”; not sending it until storage works: ${describeError(err)}`);
      return false;
    }
    this.#onDidChange.fire();
    const controller = (this.#inflight = new AbortController());
    let stage: 'find' | 'submit' = 'find';
    try {
      let result = lookFirst ? await this.options.submitter.find({ ...item }, controller.signal) : undefined;
      if (result !== undefined) this.#log.info(`“${item.label}” had reached the tracker already; not filing it again.`);
      else {
        stage = 'submit';
        result = await this.options.submitter.submit({ ...item }, controller.signal);
      }
      Object.assign(item, { state: 'done', result, maybeSubmitted: false, lastError: undefined, nextAttemptAt: undefined, updatedAt: this.#iso() });
      this.#pruneDone();
    } catch (err) {
      this.#fail(item, err, stage, controller.signal.aborted);
    } finally {
      this.#inflight = undefined;
    }
    // If this write fails, storage still says `sending`, which loads as `unknown`: the next start looks first.
    await this.#save().catch((err: unknown) => this.#log.error(`Could not store the outcome of “${item.label}”: ${describeError(err)}`));
    this.#onDidChange.fire();
    return true;
  }

  #fail(item: StoredItem<TPayload, TResult>, err: unknown, stage: 'find' | 'submit', aborted: boolean): void {
    const reason: ErrorReason = aborted ? 'cancelled' : err instanceof CaselinkError ? err.reason : 'internal';
    const rule = RULES[reason] ?? RULES.internal;
    if (stage === 'submit') item.maybeSubmitted = rule.mayExist;
    const transient = stage === 'find' ? rule.retryFromFind : rule.retry;
    const retryAfterMs = err instanceof CaselinkError ? err.options.retryAfterMs : undefined;
    let delay: number | undefined;
    if (aborted && this.#disposed) delay = 0;
    else if (transient && item.attempts < this.#policy.maxAttempts) {
      delay = reason === 'rateLimited' && retryAfterMs !== undefined ? Math.min(Math.max(retryAfterMs, 1_000), HOUR_MS) : backoffDelay(item.attempts, this.options.random ?? Math.random, this.#policy);
      if (reason === 'rateLimited') this.#pausedUntil = this.#clock.now() + delay;
    }
    Object.assign(item, {
      state: delay === undefined ? 'failed' : item.maybeSubmitted ? 'unknown' : 'pending',
      nextAttemptAt: delay === undefined ? undefined : this.#iso(delay),
      lastError: { reason, message: describeError(err) },
      updatedAt: this.#iso(),
    });
    const next = delay === undefined ? 'not retrying automatically' : `next attempt in ${Math.round(delay / 1000)} s`;
    this.#log.warn(`“${item.label}” (${item.kind}) attempt ${item.attempts} failed at ${stage} (${reason}); ${next}. ${describeError(err)}`);
  }

  #nextDue(): StoredItem<TPayload, TResult> | undefined {
    const now = this.#clock.now();
    if (this.#pausedUntil > now) return undefined;
    return this.#load().find((i) => (i.state === 'pending' || i.state === 'unknown') && !this.#unsaved.has(i.id) && (!i.nextAttemptAt || Date.parse(i.nextAttemptAt) <= now));
  }

  #schedule(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#disposed) return;
    const waiting = this.#load().filter((i) => i.state === 'pending' || i.state === 'unknown');
    if (!waiting.length) return;
    const due = Math.max(this.#pausedUntil, Math.min(...waiting.map((i) => (i.nextAttemptAt ? Date.parse(i.nextAttemptAt) : 0))));
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.process();
    }, Math.max(0, due - this.#clock.now()));
  }

  #pruneDone(): void {
    const items = this.#load();
    const done = items.filter((i) => i.state === 'done').sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
    for (const old of done.slice(this.#policy.keepDone)) items.splice(items.indexOf(old), 1);
  }

  #get(id: string): StoredItem<TPayload, TResult> {
    const item = this.#load().find((i) => i.id === id);
    if (!item) throw new CaselinkError('notFound', 'That outbox item is gone: it was sent or discarded meanwhile.');
    return item;
  }

  /** Writes the whole document; writes are queued so they land in order. */
  #save(): Promise<void> {
    const doc = { version: DOCUMENT_VERSION, items: this.#load().map((i) => ({ ...i })), ...(this.#rejected.length ? { rejected: [...this.#rejected] } : {}) };
    const write = this.#writes.then(() => this.options.store.update(this.#key, doc));
    this.#writes = write.catch(() => undefined);
    return write;
  }

  #iso(offsetMs = 0): string {
    return new Date(this.#clock.now() + offsetMs).toISOString();
  }

  #load(): StoredItem<TPayload, TResult>[] {
    if (this.#items) return this.#items;
    const stored = this.options.store.get<unknown>(this.#key);
    const { items, kept, fresh } = stored === undefined || stored === null ? { items: [], kept: [], fresh: [] } : schemas().readOutboxDocument(stored, DOCUMENT_VERSION, this.options, this.#iso());
    for (const item of items) {
      // Interrupted between send and answer: the outcome is unknown, so the next attempt looks first.
      if (item.state === 'sending') Object.assign(item, { state: 'unknown', maybeSubmitted: true, nextAttemptAt: undefined });
    }
    if (fresh.length) this.#log.warn(`Outbox: kept ${items.length} item(s) and set aside ${fresh.length} unreadable entr${fresh.length === 1 ? 'y' : 'ies'}, which stay in storage: ${fresh.map((r) => r.message).join('; ')}`);
    this.#items = items;
    this.#rejected = [...kept, ...fresh];
    return items;
  }
}
