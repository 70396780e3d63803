import { CaselinkError, throwIfAborted } from '../../core/errors';
import type { ConnectionInfo } from '../../core/model/connection';
import type { Defect, DefectLink } from '../../core/model/defect';
import type { HistoryEvent } from '../../core/model/history';
import type { TicketFilter } from '../../core/model/queue';
import type { Person, Ticket } from '../../core/model/ticket';
import type { DefectTracker, TicketRef } from '../../core/ports/defectTracker';
import type { Page, PageRequest, TicketSource } from '../../core/ports/ticketSource';
import { compileFilter, comparatorFor } from '../../core/services/queueLogic';
import { DEMO_DEFAULTS, generateDemoData, type DemoDataset, type DemoOptions } from './generator';

/**
 * The embedded demo helpdesk: a ticket source that needs no account. It behaves like a remote one
 * (paging with cursors, server-side filtering, "not found", cancellation) so every code path that a
 * real backend exercises is exercised in the demo too.
 */
export class DemoTicketSource implements TicketSource {
  readonly info: ConnectionInfo;

  constructor(
    private readonly dataset: () => DemoDataset,
    connectionId: string = DEMO_DEFAULTS.connectionId,
  ) {
    this.info = { id: connectionId, kind: 'demo', label: 'Demo helpdesk' };
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
    return this.data.history(id);
  }

  #lastQuery: { key: string; result: Ticket[] } | undefined;

  #query(filter: TicketFilter): Ticket[] {
    // Paging through 50,000 tickets asks for the same query many times: compute it once.
    const key = JSON.stringify(filter);
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
