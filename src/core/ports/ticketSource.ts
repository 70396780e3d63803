import type { ConnectionInfo } from '../model/connection';
import type { HistoryEvent } from '../model/history';
import type { Person, Priority, Ticket, TicketStatus } from '../model/ticket';
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
  /**
   * A public reply (emailed to the requester) or an internal note. `idempotencyKey` is unique per
   * user action: a backend that can, uses it so a retried request never posts twice.
   */
  addMessage(id: string, message: NewMessage, signal?: AbortSignal): Promise<HistoryEvent>;
  /** Changes fields; returns the ticket as the helpdesk now has it. */
  updateTicket(id: string, change: TicketChange, signal?: AbortSignal): Promise<Ticket>;
  /** Agents a ticket can be assigned to. */
  listAgents(signal?: AbortSignal): Promise<readonly Person[]>;
  /**
   * Optional: a helpdesk that can also show a ticket's defects (RT custom field + RefersTo link)
   * records each link on its side too, so people working in its web UI see it.
   */
  recordDefectLink?(id: string, defect: DefectReference, action: 'link' | 'unlink', signal?: AbortSignal): Promise<void>;
  /** Optional, for "Test Connection": whether this account may change tickets, without changing any. */
  canWrite?(signal?: AbortSignal): Promise<boolean | undefined>;
}

export interface DefectReference {
  readonly id: string;
  readonly key: string;
  readonly url?: string;
}

export interface NewMessage {
  readonly visibility: 'public' | 'internal';
  readonly body: string;
  readonly idempotencyKey: string;
}

export interface TicketChange {
  readonly status?: TicketStatus;
  readonly priority?: Priority;
  /** null unassigns. */
  readonly assigneeId?: string | null;
  readonly addTags?: readonly string[];
  readonly removeTags?: readonly string[];
}
