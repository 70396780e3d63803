import type { ConnectionInfo } from '../model/connection';
import type { HistoryEvent } from '../model/history';
import type { Person, Ticket } from '../model/ticket';
import type { TicketFilter } from '../model/queue';

export interface PageRequest {
  /** Opaque cursor from the previous page; absent for the first page. */
  readonly cursor?: string;
  readonly limit: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Absent when this was the last page. */
  readonly nextCursor?: string;
  /** The total number of matching items, when the backend can tell cheaply. */
  readonly total?: number;
}

/**
 * A helpdesk: Zendesk, Request Tracker, Jira Service Management, GitHub Issues, or the demo.
 * Small on purpose: anything a backend cannot do natively is done in core services.
 * Every method takes an AbortSignal and throws CaselinkError (reason `cancelled` when aborted).
 */
export interface TicketSource {
  readonly info: ConnectionInfo;
  /** The signed-in agent, so "my tickets" means something. */
  currentUser(signal?: AbortSignal): Promise<Person>;
  /** One page of the queue. The filter is a hint a backend may apply server-side (TicketSQL, JQL, search). */
  listTickets(filter: TicketFilter, page: PageRequest, signal?: AbortSignal): Promise<Page<Ticket>>;
  /** Throws CaselinkError `notFound` when the ticket does not exist (any more). */
  getTicket(id: string, signal?: AbortSignal): Promise<Ticket>;
  getHistory(id: string, signal?: AbortSignal): Promise<readonly HistoryEvent[]>;
}
