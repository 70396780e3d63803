import type * as vscode from 'vscode';
import type { Ticket } from './core/model/ticket';
import type { FeedbackDraft } from './core/model/feedback';
import type { DuplicateMatchView, FeedbackOutcome } from './core/services/feedbackWorkflow';
import type { ImpactFilters, ImpactReportJson } from './core/model/impact';

export type { Ticket } from './core/model/ticket';
export type { FeedbackDraft } from './core/model/feedback';
export type { DuplicateMatchView, FeedbackOutcome } from './core/services/feedbackWorkflow';
export type { ImpactFilters, ImpactReportJson } from './core/model/impact';

/**
 * What `vscode.extensions.getExtension('caselink.caselink').activate()` resolves to.
 * Stable within an `apiVersion`; new members may be added, none removed or changed.
 */
export interface CaselinkApi {
  readonly apiVersion: 1;
  /**
   * The tickets the Queue view shows (its saved view and quick filter applied), in the view's sort
   * order. Loads the queue first if it has not been loaded yet. Returns copies.
   */
  listQueueTickets(): Promise<Ticket[]>;
  /**
   * One ticket by key ("#1042"), by id ("1042") or by "connectionId:id". Looks in the loaded
   * queue first, then asks the helpdesk. Resolves to undefined when no such ticket exists.
   */
  getTicket(ref: string): Promise<Ticket | undefined>;
  /** Reloads the queue from the helpdesk; resolves when done (failures are reported in the view and the log). */
  refresh(): Promise<void>;
  /**
   * Opens the ticket in a Caselink case tab (or reveals the open one). Resolves to false when there
   * is no such ticket; the user sees why.
   */
  openTicket(ref: string): Promise<boolean>;
  /**
   * A feedback draft prefilled from a ticket (same ref forms as getTicket), with the names of the
   * fields that came from the case. Undefined when there is no such ticket.
   */
  prefillFeedback(ref: string): Promise<{ draft: FeedbackDraft; prefilled: readonly string[] } | undefined>;
  /** Existing defects that look like this feedback, best first, with why they matched. */
  searchDuplicates(query: { title: string; problem?: string; productArea?: string; tags?: string[] }): Promise<DuplicateMatchView[]>;
  /**
   * Files feedback for engineering from a ticket through the outbox (never twice): 'filed' with
   * the key when that took seconds, 'queued' when it goes on in the background, 'invalid' with a
   * message per field.
   */
  fileFeedback(ref: string, draft: FeedbackDraft): Promise<FeedbackOutcome>;
  /** Adds the ticket as "+1" evidence (quotes, customer) to an existing defect instead of filing a copy. */
  addEvidence(ref: string, defectId: string): Promise<FeedbackOutcome>;
  /**
   * The customer impact report (defects ranked by cases, organisations and ARR; tags and areas
   * with trends; response times; overdue follow-ups) as plain JSON, the ticket index as a list.
   * `filters` default to the dashboard's (initially the last 30 days, all connections) and do not
   * change them. Loads the data first if needed; undefined when it could not be loaded.
   */
  getImpactReport(filters?: ImpactFilters): Promise<ImpactReportJson | undefined>;
  /** Fires whenever the queue's tickets, grouping or filter change. */
  readonly onDidChangeQueue: vscode.Event<void>;
}
