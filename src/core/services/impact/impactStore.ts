import { CaselinkError, cancelledError, describeError, isCancelled } from '../../errors';
import { Emitter, type Event } from '../../events';
import { IMPACT_RANGES, type DefectImpact, type ImpactData, type ImpactFilters, type ImpactRange, type ImpactReport } from '../../model/impact';
import type { DefectTracker } from '../../ports/defectTracker';
import type { Ticket } from '../../model/ticket';
import type { Logger } from '../../ports/logger';
import type { TicketSource } from '../../ports/ticketSource';
import type { DefectTextCache } from './impactLoader';

type Aggregate = typeof import('./aggregate');
type Loader = typeof import('./impactLoader');
// Aggregation reads feedback blocks with zod: both load with the first report, not at activation.
const aggregateModule = (): Aggregate => require('./aggregate') as Aggregate;
const loaderModule = (): Loader => require('./impactLoader') as Loader;

/** Filters from outside (the public API, a webview): checked, with a message saying what is wrong. */
export function checkImpactFilters(raw: unknown): ImpactFilters {
  const value = (raw ?? {}) as { range?: unknown; connectionId?: unknown };
  if (typeof raw !== 'object' || raw === null) throw new CaselinkError('config', `Impact filters must be an object like { "range": "30d" }, not ${JSON.stringify(raw)}.`);
  const range = value.range ?? '30d';
  if (!IMPACT_RANGES.includes(range as ImpactRange)) throw new CaselinkError('config', `Impact filters: range must be one of ${IMPACT_RANGES.join(', ')}, not ${JSON.stringify(range)}.`);
  if (value.connectionId !== undefined && (typeof value.connectionId !== 'string' || !value.connectionId)) {
    throw new CaselinkError('config', `Impact filters: connectionId must be a connection id (a non-empty string), not ${JSON.stringify(value.connectionId)}.`);
  }
  return { range: range as ImpactRange, ...(value.connectionId !== undefined ? { connectionId: value.connectionId as string } : {}) };
}

export interface ImpactStoreDeps {
  /** The ticket source and tracker in use (stable proxies: a switch is seen through invalidate()). */
  readonly source: TicketSource;
  readonly tracker: DefectTracker;
  readonly log: Logger;
  readonly now?: () => Date;
  /** Read at each load, so a settings change applies to the next one. */
  readonly maxTickets?: () => number;
}

export type ImpactStatus = 'idle' | 'loading' | 'ready' | 'error';

interface InFlight {
  readonly controller: AbortController;
  readonly promise: Promise<ImpactReport | undefined>;
}

/**
 * The impact report the dashboard, trees and hovers share: loads once, keeps the raw data so a
 * filter change only re-aggregates, and keeps the last good report through a failed reload.
 * Constructing it does no I/O.
 */
export class ImpactStore {
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange: Event<void> = this.#onDidChange.event;
  readonly #now: () => Date;
  #status: ImpactStatus = 'idle';
  #error: string | undefined;
  #report: ImpactReport | undefined;
  #filters: ImpactFilters = { range: '30d' };
  #data: ImpactData | undefined;
  /** The connection filter the data was loaded for: changing it reloads. */
  #dataConnection: string | undefined;
  #stale = false;
  #inflight: InFlight | undefined;
  #byReference: Map<string, DefectImpact> | undefined;
  #cache: DefectTextCache | undefined;
  #disposed = false;

  constructor(private readonly deps: ImpactStoreDeps) {
    this.#now = deps.now ?? (() => new Date());
  }

  get status(): ImpactStatus {
    return this.#status;
  }

  /** What went wrong, phrased for the user, while status is 'error'; the last good report stays. */
  get error(): string | undefined {
    return this.#error;
  }

  get report(): ImpactReport | undefined {
    return this.#report;
  }

  get filters(): ImpactFilters {
    return this.#filters;
  }

  /** True after invalidate() until the next load: the report shown is older than the data. */
  get stale(): boolean {
    return this.#stale;
  }

  async setFilters(filters: ImpactFilters): Promise<ImpactReport | undefined> {
    const connectionChanged = filters.connectionId !== this.#dataConnection;
    this.#filters = { range: filters.range, ...(filters.connectionId !== undefined ? { connectionId: filters.connectionId } : {}) };
    if (!this.#data || connectionChanged || this.#stale) return this.load({ force: true });
    this.#aggregate();
    this.#fire();
    return this.#report;
  }

  /**
   * Loads the data and aggregates it. Callers during a load share it; `force` starts a new load
   * that cancels the one in flight. Resolves to the report (the last good one after a failure).
   */
  load(options: { force?: boolean; signal?: AbortSignal } = {}): Promise<ImpactReport | undefined> {
    if (this.#disposed) return Promise.resolve(this.#report);
    if (this.#inflight && !options.force) return this.#inflight.promise;
    this.#inflight?.controller.abort();
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) controller.abort();
    const promise = this.#run(controller).finally(() => {
      options.signal?.removeEventListener('abort', onAbort);
      if (this.#inflight?.controller === controller) this.#inflight = undefined;
    });
    this.#inflight = { controller, promise };
    return promise;
  }

  /** The current report, loading it first when there is none or it was invalidated. */
  ensureLoaded(): Promise<ImpactReport | undefined> {
    if (this.#inflight) return this.#inflight.promise;
    if (this.#report && !this.#stale) return Promise.resolve(this.#report);
    return this.load();
  }

  /**
   * A report for other filters without changing the shared ones (the dashboard's): aggregated
   * from the loaded data, loading it first if needed. Undefined when nothing could be loaded.
   */
  async reportFor(filters: ImpactFilters): Promise<ImpactReport | undefined> {
    const current = await this.ensureLoaded();
    if (!this.#data) return undefined;
    if (current && filters.range === this.#filters.range && filters.connectionId === this.#filters.connectionId) return current;
    return aggregateModule().aggregateImpact({ ...this.#data, now: this.#now(), filters });
  }

  /** O(1): a defect by key ("LUM-12", "#12"), id ("12") or URL, case-insensitive; from the last report. */
  defectByReference(reference: string): DefectImpact | undefined {
    if (!this.#report || typeof reference !== 'string') return undefined;
    if (!this.#byReference) {
      const index = new Map<string, DefectImpact>();
      // Keys first, then ids, so a key never loses to another defect's bare id.
      for (const d of this.#report.defects) index.set(d.key.toLowerCase(), d);
      for (const d of this.#report.defects) {
        for (const alias of [d.defectId, `#${d.defectId}`, d.defect?.url]) if (alias && !index.has(alias.toLowerCase())) index.set(alias.toLowerCase(), d);
      }
      this.#byReference = index;
    }
    return this.#byReference.get(reference.trim().toLowerCase());
  }

  /**
   * A ticket changed in Caselink (a reply, its status, tags, assignee): the report follows by
   * re-aggregating the loaded data with the new ticket in it, instead of reading every ticket and
   * defect again. With no data yet there is nothing to update; during a load, that load may have
   * read the ticket before the change, so it starts over.
   */
  applyTicketUpdate(ticket: Ticket): void {
    if (this.#inflight) return this.invalidate();
    if (!this.#data) return;
    const tickets = this.#data.tickets;
    const at = tickets.findIndex((t) => t.id === ticket.id && t.connectionId === ticket.connectionId);
    this.#data = { ...this.#data, tickets: at < 0 ? [...tickets, ticket] : tickets.map((t, i) => (i === at ? ticket : t)) };
    this.#aggregate();
    this.#fire();
  }

  /**
   * The data changed elsewhere (links, feedback filed, another backend): the next ensureLoaded
   * reloads. With a defect id, that defect's text is read again even if its updatedAt did not move.
   */
  invalidate(defectId?: string): void {
    this.#stale = true;
    if (defectId !== undefined) this.#cache?.forget(defectId);
    // A load in flight may have read before the change: start over; its callers get the new report.
    if (this.#inflight) void this.load({ force: true });
    else this.#fire();
  }

  dispose(): void {
    this.#disposed = true;
    this.#inflight?.controller.abort();
    this.#onDidChange.dispose();
  }

  async #run(controller: AbortController): Promise<ImpactReport | undefined> {
    const { source, tracker, log } = this.deps;
    const previous = this.#status;
    this.#status = 'loading';
    this.#fire();
    try {
      // The loop of a long load awaits between pages; a cancel lands at the next one.
      await Promise.resolve();
      if (controller.signal.aborted) throw cancelledError();
      const loader = loaderModule();
      this.#cache ??= new loader.DefectTextCache();
      const data = await loader.loadImpactData({ source, tracker, log, cache: this.#cache, signal: controller.signal, ...(this.deps.maxTickets ? { maxTickets: this.deps.maxTickets() } : {}) });
      if (controller.signal.aborted) throw cancelledError();
      this.#data = data;
      this.#dataConnection = this.#filters.connectionId;
      this.#stale = false;
      this.#aggregate();
      this.#status = 'ready';
      this.#error = undefined;
      return this.#report;
    } catch (err) {
      if (controller.signal.aborted || isCancelled(err)) {
        // Superseded by a newer load: its callers get the newer report.
        if (this.#inflight && this.#inflight.controller !== controller) return this.#inflight.promise;
        // Cancelled by its caller: back to what was there before.
        this.#status = previous === 'loading' ? (this.#report ? 'ready' : 'idle') : previous;
        return this.#report;
      }
      const message = err instanceof CaselinkError ? err.message : describeError(err);
      this.#error = `Could not load the impact report from ${source.info.label} and ${tracker.info.label}: ${message}`;
      this.#status = 'error';
      log.error(this.#error);
      return this.#report;
    } finally {
      if (this.#inflight?.controller === controller || !this.#inflight) this.#fire();
    }
  }

  #aggregate(): void {
    if (!this.#data) return;
    const started = Date.now();
    this.#report = aggregateModule().aggregateImpact({ ...this.#data, now: this.#now(), filters: this.#filters });
    this.#byReference = undefined;
    this.deps.log.debug(`aggregated ${this.#report.totals.tickets} tickets, ${this.#report.defects.length} defects in ${Date.now() - started} ms`);
  }

  #fire(): void {
    if (!this.#disposed) this.#onDidChange.fire();
  }
}
