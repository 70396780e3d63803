import type { ConnectionInfo } from '../model/connection';
import type { Defect, DefectLink } from '../model/defect';
import type { Priority } from '../model/ticket';

export interface TicketRef {
  readonly connectionId: string;
  readonly ticketId: string;
  /**
   * The ticket's web address. Trackers store it as the link (it means the same to every user of
   * the tracker, unlike a connection id); when a helpdesk has no web UI (the demo) the link is
   * "<connectionId>:<ticketId>".
   */
  readonly url?: string;
}

/** What a tracker writes to identify a ticket. */
export function ticketLinkValue(ref: TicketRef): string {
  return ref.url ?? `${ref.connectionId}:${ref.ticketId}`;
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
  /**
   * The defects a ticket links to, each with how many tickets link to it, in one call: opening a
   * case must not cost a request per defect. A linked defect the tracker cannot return (deleted,
   * no access) comes back with `problem` instead of `defect`.
   */
  linkedDefects(ticket: TicketRef, signal?: AbortSignal): Promise<readonly LinkedDefect[]>;
  /** Idempotent: linking twice leaves one link. */
  link(ticket: TicketRef, defectId: string, signal?: AbortSignal): Promise<void>;
  /** Idempotent: unlinking what is not linked is not an error. */
  unlink(ticket: TicketRef, defectId: string, signal?: AbortSignal): Promise<void>;
  /**
   * Files a new defect (or feedback record), linked to the ticket when one is given. Not
   * idempotent by itself: callers that retry must first look for the record they may have filed.
   */
  createDefect(input: NewDefect, signal?: AbortSignal): Promise<Defect>;
  /**
   * The defect whose description contains `marker` (an idempotency key Caselink wrote there), if
   * any: how a retry after an unknown outcome finds the record it may already have filed.
   */
  findByMarker(marker: string, signal?: AbortSignal): Promise<Defect | undefined>;
  /** Adds a comment (Redmine: a journal note) to a defect. */
  addComment(defectId: string, body: string, signal?: AbortSignal): Promise<void>;
  /** A defect's description and comments as text, for reading Caselink's machine blocks back. */
  getDefectText(defectId: string, signal?: AbortSignal): Promise<{ description: string; comments: readonly string[] }>;
  /**
   * Optional: replaces a defect's description (Redmine: the issue description, without a journal
   * note of its own). Used to keep a Caselink record's figures current after a "+1"; trackers
   * without it keep the evidence comments only.
   */
  updateDescription?(defectId: string, description: string, signal?: AbortSignal): Promise<void>;
  /** Optional, for "Test Connection": whether this account may change defects, without changing any. */
  canWrite?(signal?: AbortSignal): Promise<boolean | undefined>;
}

export interface NewDefect {
  readonly title: string;
  /** Plain text or the tracker's markup (Redmine: textile/markdown as configured). */
  readonly description: string;
  /** A tracker name ("Bug", "Product Feedback"); the tracker's default when absent or unknown. */
  readonly tracker?: string;
  /** A category / component name, matched to the tracker's own. */
  readonly productArea?: string;
  readonly priority?: Priority;
  /** Set in a tracker field for customer impact or severity, where one exists. */
  readonly severity?: 'critical' | 'major' | 'minor' | 'cosmetic';
  readonly ticket?: TicketRef;
}

export interface LinkedDefect {
  readonly defectId: string;
  readonly defect?: Defect;
  /** Tickets linked to the defect, the asking one included. */
  readonly linkedTickets: number;
  readonly problem?: string;
}
