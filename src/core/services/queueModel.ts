import { CaselinkError, describeError, isCancelled } from '../errors';
import { Emitter } from '../events';
import type { Logger } from '../ports/logger';
import type { TicketSource } from '../ports/ticketSource';
import type { GroupBy, SortOrder, TicketFilter } from '../model/queue';
import type { Person, Ticket } from '../model/ticket';
import { compileFilter, comparatorFor, groupTickets, isFilterEmpty, type TicketGroup } from './queueLogic';

export interface QueueOptions {
  /** Tickets per backend request. */
  readonly pageSize: number;
  /** How many tickets a refresh or a "Load more" brings in before it stops and offers more. */
  readonly loadBatch: number;
}

export interface QueueViewState {
  /** The saved view in use; undefined means the whole queue. */
  readonly viewName?: string;
  readonly filter: TicketFilter;
  readonly groupBy: GroupBy;
  readonly sort: SortOrder;
  /** The quick filter typed by the user, applied to loaded tickets without a new request. */
  readonly quickFilter: string;
}

export type QueueStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface QueueSnapshot {
  readonly status: QueueStatus;
  readonly groups: readonly TicketGroup[];
  /** Tickets that pass the quick filter. */
  readonly visibleCount: number;
  readonly loadedCount: number;
  /** The backend's total for the view's filter, when known. */
  readonly total?: number;
  readonly hasMore: boolean;
  readonly error?: CaselinkError;
  readonly lastRefreshedAt?: Date;
}

/**
 * The queue as the user sees it: which tickets are loaded, how they are grouped and sorted.
 * vscode-free so the same model drives the tree, the status bar, the public API and the benchmarks.
 * Failures keep the last good data and are reported in the snapshot, never thrown at the view.
 */
export class QueueModel {
  readonly #onDidChange = new Emitter<void>();
  readonly onDidChange = this.#onDidChange.event;

  #state: QueueViewState;
  #tickets: Ticket[] = [];
  #byRef = new Map<string, Ticket>();
  #nextCursor: string | undefined;
  #total: number | undefined;
  #status: QueueStatus = 'idle';
  #error: CaselinkError | undefined;
  #lastRefreshedAt: Date | undefined;
  #me: Person | undefined;
  #inflight: AbortController | undefined;
  #snapshot: QueueSnapshot | undefined;
  /** Loaded tickets in the current sort order; filtering keeps the order, so one sort serves every keystroke. */
  #sorted: { order: SortOrder; tickets: Ticket[] } | undefined;

  constructor(
    private readonly source: TicketSource,
    private readonly options: QueueOptions,
    initial: QueueViewState,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#state = initial;
  }

  get state(): QueueViewState {
    return this.#state;
  }
  get me(): Person | undefined {
    return this.#me;
  }
  get connectionLabel(): string {
    return this.source.info.label;
  }
  get hasLoaded(): boolean {
    return this.#status !== 'idle';
  }

  /** Changing the saved view's filter needs new data; grouping, sorting and the quick filter do not. */
  update(change: Partial<QueueViewState>): void {
    const before = this.#state;
    this.#state = { ...before, ...change };
    this.#invalidate();
    if (change.filter !== undefined && JSON.stringify(change.filter) !== JSON.stringify(before.filter)) {
      void this.refresh();
    }
  }

  findTicket(connectionId: string, id: string): Ticket | undefined {
    return this.#byRef.get(`${connectionId}:${id}`);
  }

  /** Changes whenever the loaded tickets change (not for grouping or filtering). */
  get dataVersion(): number {
    return this.#dataVersion;
  }
  #dataVersion = 0;

  /** Every loaded ticket, unfiltered by the quick filter, in backend order. */
  loadedTickets(): readonly Ticket[] {
    return this.#tickets;
  }

  /** Forgets everything loaded (another helpdesk was chosen) and loads again. */
  async reset(): Promise<void> {
    this.cancel();
    this.#tickets = [];
    this.#byRef = new Map();
    this.#sorted = undefined;
    this.#dataVersion++;
    this.#nextCursor = undefined;
    this.#total = undefined;
    this.#error = undefined;
    this.#me = undefined;
    this.#lastRefreshedAt = undefined;
    this.#status = 'idle';
    this.#invalidate();
    await this.refresh();
  }

  /** A ticket changed through Caselink: show the change without reloading the whole queue. */
  applyTicketUpdate(ticket: Ticket): void {
    const ref = `${ticket.connectionId}:${ticket.id}`;
    const index = this.#tickets.findIndex((t) => `${t.connectionId}:${t.id}` === ref);
    if (index < 0) return;
    this.#tickets[index] = ticket;
    this.#byRef.set(ref, ticket);
    this.#sorted = undefined;
    this.#dataVersion++;
    this.#invalidate();
  }

  /** Reloads from the first page. A refresh in flight is cancelled. */
  async refresh(): Promise<void> {
    await this.#load(true);
  }

  /** Brings in the next batch after what is loaded. */
  async loadMore(): Promise<void> {
    if (!this.#nextCursor || this.#status === 'loading') return;
    await this.#load(false);
  }

  cancel(): void {
    this.#inflight?.abort();
  }

  async #load(fromStart: boolean): Promise<void> {
    this.#inflight?.abort();
    const controller = new AbortController();
    this.#inflight = controller;
    this.#status = 'loading';
    this.#fire();
    const started = Date.now();
    try {
      this.#me ??= await this.source.currentUser(controller.signal);
      const collected: Ticket[] = fromStart ? [] : [...this.#tickets];
      let cursor = fromStart ? undefined : this.#nextCursor;
      let total: number | undefined;
      let fetched = 0;
      do {
        const page = await this.source.listTickets(this.#state.filter, { cursor, limit: this.options.pageSize }, controller.signal);
        collected.push(...page.items);
        fetched += page.items.length;
        cursor = page.nextCursor;
        total = page.total;
      } while (cursor && fetched < this.options.loadBatch);
      if (controller.signal.aborted) return;
      // One pass builds the index and drops duplicates: offset paging can return a ticket twice
      // when the queue changes between pages (Zendesk documents it).
      const byRef = new Map<string, Ticket>();
      const unique: Ticket[] = [];
      for (const t of collected) {
        const ref = `${t.connectionId}:${t.id}`;
        if (byRef.has(ref)) continue;
        byRef.set(ref, t);
        unique.push(t);
      }
      this.#tickets = unique;
      this.#byRef = byRef;
      this.#sorted = undefined;
      this.#dataVersion++;
      this.#nextCursor = cursor;
      this.#total = total;
      this.#status = 'ready';
      this.#error = undefined;
      this.#lastRefreshedAt = this.now();
      this.log.debug(`loaded ${fetched} tickets (${this.#tickets.length} in all) from ${this.source.info.label} in ${Date.now() - started} ms`);
    } catch (err) {
      if (controller.signal.aborted || isCancelled(err)) return;
      this.#error = err instanceof CaselinkError ? err : new CaselinkError('internal', describeError(err), { cause: err });
      // Keep showing the last good tickets: an error must never empty the queue.
      this.#status = 'error';
      this.log.error(`Loading the queue from ${this.source.info.label} failed: ${this.#error.message}`);
    } finally {
      if (this.#inflight === controller) this.#inflight = undefined;
      if (!controller.signal.aborted) this.#fire();
    }
  }

  snapshot(): QueueSnapshot {
    if (this.#snapshot) return this.#snapshot;
    const ctx = { now: this.now(), meId: this.#me?.id };
    const { filter, quickFilter, sort, groupBy } = this.#state;
    // The view filter was sent to the backend as a hint; apply it again so every backend behaves alike.
    const combined: TicketFilter = { ...filter, text: [filter.text, quickFilter].filter(Boolean).join(' ') };
    if (this.#sorted?.order !== sort) this.#sorted = { order: sort, tickets: [...this.#tickets].sort(comparatorFor(sort)) };
    const sorted = this.#sorted.tickets;
    const visible = isFilterEmpty(combined) ? sorted : sorted.filter(compileFilter(combined, ctx));
    this.#snapshot = {
      status: this.#status,
      groups: groupTickets(visible, groupBy, ctx),
      visibleCount: visible.length,
      loadedCount: this.#tickets.length,
      total: this.#total,
      hasMore: !!this.#nextCursor,
      error: this.#error,
      lastRefreshedAt: this.#lastRefreshedAt,
    };
    return this.#snapshot;
  }

  #invalidate(): void {
    this.#snapshot = undefined;
    this.#onDidChange.fire();
  }

  #fire(): void {
    this.#invalidate();
  }

  dispose(): void {
    this.cancel();
    this.#onDidChange.dispose();
  }
}
