import { CaselinkError, throwIfAborted } from '../../core/errors';
import type { ConnectionInfo } from '../../core/model/connection';
import type { Defect, DefectLink } from '../../core/model/defect';
import type { HistoryEvent } from '../../core/model/history';
import type { TicketFilter } from '../../core/model/queue';
import type { Person, Ticket } from '../../core/model/ticket';
import type { DefectTracker, TicketRef } from '../../core/ports/defectTracker';
import type { Page, PageRequest, TicketSource } from '../../core/ports/ticketSource';
import { compileFilter, comparatorFor } from '../../core/services/queueLogic';
import { CUSTOMER_FOLLOW_UPS } from './catalog';
import { DEMO_DEFAULTS, generateDemoData, type DemoDataset, type DemoOptions } from './generator';
import { Random } from './random';

/** How often the demo's simulated customers write in, while someone is looking. */
const ACTIVITY_INTERVAL_MS = 60_000;

/**
 * The embedded demo helpdesk: a ticket source that needs no account. It behaves like a remote one
 * (paging with cursors, server-side filtering, "not found", cancellation) so every code path that a
 * real backend exercises is exercised in the demo too.
 */
export class DemoTicketSource implements TicketSource {
  readonly info: ConnectionInfo;

  readonly #extraEvents = new Map<string, HistoryEvent[]>();
  #version = 0;
  #activityCount = 0;
  #lastActivity: number;

  constructor(
    private readonly dataset: () => DemoDataset,
    connectionId: string = DEMO_DEFAULTS.connectionId,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.info = { id: connectionId, kind: 'demo', label: 'Demo helpdesk' };
    this.#lastActivity = clock().getTime();
  }

  /**
   * A customer writes in on an open ticket, so the demo shows what polling and "updated since you
   * last looked" markers do. Deterministic: the n-th reply always lands on the same ticket.
   */
  simulateCustomerReply(): Ticket | undefined {
    const r = new Random(0xc0ffee + this.#activityCount++);
    const candidates = this.data.tickets.filter((t) => t.status === 'open' || t.status === 'pending');
    if (!candidates.length) return undefined;
    const before = r.pick(candidates);
    const at = this.clock().toISOString();
    const after: Ticket = { ...before, status: 'open', updatedAt: at };
    this.#replace(after);
    const events = this.#extraEvents.get(after.id) ?? [];
    events.push({
      id: `${after.id}-sim-${this.#activityCount}`, kind: 'message', at, author: after.requester, authorRole: 'customer',
      visibility: 'public', format: 'text', body: r.pick(CUSTOMER_FOLLOW_UPS), attachments: [],
    });
    if (before.status !== 'open') events.push({ id: `${after.id}-sim-${this.#activityCount}-s`, kind: 'change', at, field: 'status', from: before.status, to: 'open' });
    this.#extraEvents.set(after.id, events);
    return after;
  }

  #replace(ticket: Ticket): void {
    const list = this.data.tickets;
    const index = list.findIndex((t) => t.id === ticket.id);
    if (index >= 0) list[index] = ticket;
    this.#version++;
  }

  #failure: CaselinkError | undefined;

  /** Makes the next queue request fail, to show (and test) how Caselink reports a broken backend. */
  failNextRequest(error: CaselinkError): void {
    this.#failure = error;
  }

  #maybeSimulateActivity(): void {
    const now = this.clock().getTime();
    if (now - this.#lastActivity < ACTIVITY_INTERVAL_MS) return;
    this.#lastActivity = now;
    this.simulateCustomerReply();
  }

  private get data(): DemoDataset {
    return this.dataset();
  }

  async currentUser(signal?: AbortSignal): Promise<Person> {
    throwIfAborted(signal);
    return { ...this.data.me };
  }

  async listTickets(filter: TicketFilter, page: PageRequest, signal?: AbortSignal): Promise<Page<Ticket>> {
    throwIfAborted(signal);
    if (this.#failure) {
      const failure = this.#failure;
      this.#failure = undefined;
      throw failure;
    }
    if (!page.cursor) this.#maybeSimulateActivity();
    const offset = page.cursor ? Number.parseInt(page.cursor, 10) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw new CaselinkError('schema', `Demo helpdesk: invalid page cursor "${page.cursor}".`);
    const matching = this.#query(filter);
    const items = matching.slice(offset, offset + page.limit);
    const next = offset + items.length;
    return { items, total: matching.length, ...(next < matching.length ? { nextCursor: String(next) } : {}) };
  }

  async getTicket(id: string, signal?: AbortSignal): Promise<Ticket> {
    throwIfAborted(signal);
    const ticket = this.data.tickets.find((t) => t.id === id);
    if (!ticket) throw new CaselinkError('notFound', `Demo helpdesk: ticket ${id} does not exist.`);
    return ticket;
  }

  async getHistory(id: string, signal?: AbortSignal): Promise<readonly HistoryEvent[]> {
    await this.getTicket(id, signal);
    return [...this.data.history(id), ...(this.#extraEvents.get(id) ?? [])];
  }

  #lastQuery: { key: string; result: Ticket[] } | undefined;

  #query(filter: TicketFilter): Ticket[] {
    // Paging through 50,000 tickets asks for the same query many times: compute it once.
    const key = `${this.#version}:${JSON.stringify(filter)}`;
    if (this.#lastQuery?.key === key) return this.#lastQuery.result;
    const test = compileFilter(filter, { now: new Date(), meId: this.data.me.id });
    const result = this.data.tickets.filter(test).sort(comparatorFor('updated'));
    this.#lastQuery = { key, result };
    return result;
  }
}

export class DemoDefectTracker implements DefectTracker {
  readonly info: ConnectionInfo;

  constructor(
    private readonly dataset: () => DemoDataset,
    trackerId: string = DEMO_DEFAULTS.trackerId,
  ) {
    this.info = { id: trackerId, kind: 'demo', label: 'Demo tracker' };
  }

  private get data(): DemoDataset {
    return this.dataset();
  }

  async getDefects(ids: readonly string[], signal?: AbortSignal): Promise<readonly Defect[]> {
    throwIfAborted(signal);
    const wanted = new Set(ids);
    return this.data.defects.filter((d) => wanted.has(d.id));
  }

  async searchDefects(text: string, limit: number, signal?: AbortSignal): Promise<readonly Defect[]> {
    throwIfAborted(signal);
    const needles = text.toLowerCase().split(/\s+/).filter(Boolean);
    return this.data.defects
      .filter((d) => needles.every((n) => `${d.key} ${d.title} ${d.productArea ?? ''}`.toLowerCase().includes(n)))
      .slice(0, limit);
  }

  async linksForTickets(tickets: readonly TicketRef[], signal?: AbortSignal): Promise<readonly DefectLink[]> {
    throwIfAborted(signal);
    const wanted = new Set(tickets.map((t) => `${t.connectionId}:${t.ticketId}`));
    return this.data.links.filter((l) => wanted.has(`${l.ticketConnectionId}:${l.ticketId}`));
  }

  async linksForDefect(defectId: string, signal?: AbortSignal): Promise<readonly DefectLink[]> {
    throwIfAborted(signal);
    return this.data.links.filter((l) => l.defectId === defectId);
  }
}

/** The data is generated on first use, not at construction: activation stays cheap. */
export function createDemoBackends(options: DemoOptions): { source: DemoTicketSource; tracker: DemoDefectTracker; data: () => DemoDataset } {
  let data: DemoDataset | undefined;
  const get = () => (data ??= generateDemoData(options));
  return { source: new DemoTicketSource(get, options.connectionId), tracker: new DemoDefectTracker(get, options.trackerId), data: get };
}
