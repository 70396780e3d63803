import type { ConnectionInfo } from '../model/connection';
import type { Defect, DefectLink } from '../model/defect';

export interface TicketRef {
  readonly connectionId: string;
  readonly ticketId: string;
}

/**
 * A bug tracker: Jira, GitHub Issues, Redmine, or the demo. Links between tickets and defects are
 * stored on the tracker side (remote links, custom fields, issue text), so the tracker answers
 * "which defects does this ticket link to" and "which tickets link to this defect".
 */
export interface DefectTracker {
  readonly info: ConnectionInfo;
  /** Defects by id, in one batch. Ids the tracker does not know are left out of the result. */
  getDefects(ids: readonly string[], signal?: AbortSignal): Promise<readonly Defect[]>;
  searchDefects(text: string, limit: number, signal?: AbortSignal): Promise<readonly Defect[]>;
  linksForTickets(tickets: readonly TicketRef[], signal?: AbortSignal): Promise<readonly DefectLink[]>;
  linksForDefect(defectId: string, signal?: AbortSignal): Promise<readonly DefectLink[]>;
}
