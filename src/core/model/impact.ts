import type { Defect, DefectLink } from './defect';
import type { OrgTier, Ticket } from './ticket';

/*
 * Impact: what team leads and developers see of the same data. The ticket queue, the ticket–defect
 * links and the machine-readable blocks of filed feedback (record + "+1" evidence comments) are
 * aggregated into one ImpactReport by core/services/impact/aggregate.ts (a pure function, so it
 * is unit-tested and benchmarked without VS Code). Views, the dashboard, hovers and exports only
 * read reports.
 */

/** Shown wherever a ticket has no tag, no product area or no organisation: never dropped. */
export const UNKNOWN = 'unknown';

export const IMPACT_RANGES = ['7d', '30d', '90d', '365d', 'all'] as const;
export type ImpactRange = (typeof IMPACT_RANGES)[number];

export interface ImpactFilters {
  /** Tickets created in this range count towards the time series and "new" figures. */
  readonly range: ImpactRange;
  /** Only tickets of this ticket source (connection id); all when absent. */
  readonly connectionId?: string;
}

/** Everything aggregation reads. Gathered by impactLoader.ts from the ports, or built by tests. */
export interface ImpactInput {
  readonly now: Date;
  readonly filters: ImpactFilters;
  readonly tickets: readonly Ticket[];
  readonly links: readonly DefectLink[];
  /** Defects the tracker returned. A linked id missing here is a defect deleted in the tracker. */
  readonly defects: readonly Defect[];
  /**
   * Caselink's feedback text per defect id (description + comments), for the machine blocks.
   * Absent for a defect whose text was not read (not linked, or the read failed).
   */
  readonly feedbackTexts: ReadonlyMap<string, { readonly description: string; readonly comments: readonly string[] }>;
  /** Defects whose text could not be read, with why: reported, not fatal. */
  readonly problems?: readonly string[];
  /** True when the ticket list stopped early (a cap or a cancelled load): reports say so. */
  readonly partial?: boolean;
}

/** What impactLoader.ts reads from the ports: an ImpactInput without the clock and the filters. */
export type ImpactData = Omit<ImpactInput, 'now' | 'filters'>;

/** How many days each range reaches back from `now`; 'all' starts at the oldest ticket. */
export const IMPACT_RANGE_DAYS: Readonly<Record<Exclude<ImpactRange, 'all'>, number>> = { '7d': 7, '30d': 30, '90d': 90, '365d': 365 };

export type Trend = 'up' | 'down' | 'flat';

/** A tag or a product area with its tickets. */
export interface GroupImpact {
  readonly name: string;
  readonly tickets: number;
  readonly openTickets: number;
  /** Created in the 7 days before `now`, and in the 7 days before that. */
  readonly newThisWeek: number;
  readonly newLastWeek: number;
  readonly trend: Trend;
  /** Defect ids linked from this group's tickets, most linked first. */
  readonly defectIds: readonly string[];
  /** `connectionId:ticketId` of the tickets, most recently updated first. */
  readonly ticketRefs: readonly string[];
}

export interface CustomerQuote {
  readonly quote: string;
  readonly ticketRef: string;
  readonly ticketKey: string;
  readonly at: string;
  readonly author?: string;
}

export interface DefectImpact {
  readonly defectId: string;
  /** Undefined when the defect is linked but the tracker no longer returns it (deleted, no access). */
  readonly defect?: Defect;
  /** "LUM-12" or "#12"; the id when the defect is missing. */
  readonly key: string;
  readonly title: string;
  readonly status: string;
  readonly missing: boolean;
  /**
   * Distinct linked tickets in scope: links, plus the sources of a feedback record and the ticket
   * of each evidence comment when those tickets are in scope (loaded, of the connection, in range).
   */
  readonly cases: number;
  readonly openCases: number;
  /** Distinct organisations; tickets without one count once as "unknown". */
  readonly organizations: number;
  readonly organizationNames: readonly string[];
  /** ARR summed over distinct organisations where known, and how many organisations had none. */
  readonly arrKnown: number;
  readonly arrUnknown: number;
  readonly tiers: Readonly<Partial<Record<OrgTier | typeof UNKNOWN, number>>>;
  /** Days since the defect was created, or since its first linked case when the defect is missing. */
  readonly ageDays: number;
  /** Quotes from the feedback record and evidence comments, newest first. */
  readonly quotes: readonly CustomerQuote[];
  readonly feedbackRecords: number;
  readonly evidenceComments: number;
  /** Caselink blocks found but unreadable (corrupt JSON, newer version, failed validation). */
  readonly unparsedBlocks: number;
  readonly ticketRefs: readonly string[];
  /** The ranking score; see aggregate.ts for how it weighs cases, organisations and ARR. */
  readonly score: number;
}

export interface ResponseTimes {
  readonly name: string;
  /** Median hours, or undefined when no ticket of the group had the timestamps. */
  readonly firstResponseHours?: number;
  readonly resolutionHours?: number;
  readonly withFirstResponse: number;
  readonly withResolution: number;
  readonly tickets: number;
}

export interface TimeSeries {
  /** ISO dates (UTC midnight) of each bucket's start; weekly buckets. */
  readonly buckets: readonly string[];
  /** Per area (top areas plus "other"), tickets created in each bucket. */
  readonly series: readonly { readonly name: string; readonly counts: readonly number[]; readonly ticketRefs: readonly (readonly string[])[] }[];
}

export interface ImpactReport {
  readonly generatedAt: string;
  readonly filters: ImpactFilters;
  /** Human text of the range and filters, the first line of every export. */
  readonly scope: string;
  readonly totals: {
    readonly tickets: number;
    readonly openTickets: number;
    readonly linkedTickets: number;
    readonly defects: number;
    readonly missingDefects: number;
    readonly overdueFollowUps: number;
  };
  readonly tags: readonly GroupImpact[];
  readonly areas: readonly GroupImpact[];
  /** Linked defects, most customer impact first. */
  readonly defects: readonly DefectImpact[];
  readonly timeline: TimeSeries;
  readonly responseTimes: readonly ResponseTimes[];
  /**
   * Open tickets past their due date, oldest due first, as ticket refs. Whatever their creation
   * date: a promise made on an old ticket is still overdue (the connection filter applies).
   */
  readonly overdueFollowUps: readonly string[];
  /**
   * Caselink blocks in the defect texts that were read, whatever the range: the health of the
   * tracker's data. `unparsed` counts unreadable blocks; `unparsedDefects` names their defects.
   */
  readonly feedback: { readonly records: number; readonly evidenceComments: number; readonly unparsed: number; readonly unparsedDefects: readonly string[] };
  readonly problems: readonly string[];
  readonly partial: boolean;
  /**
   * Ticket summaries by ref, for drill-down and exports without another request: every ref any
   * list of this report names is here.
   */
  readonly ticketIndex: ReadonlyMap<string, TicketSummary>;
}

export interface TicketSummary {
  readonly ref: string;
  readonly id: string;
  readonly key: string;
  readonly subject: string;
  readonly status: Ticket['status'];
  readonly organization: string;
  readonly area: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly dueAt?: string;
  readonly url?: string;
}

/** `connectionId:ticketId`, the key every report list uses. */
export function ticketRefKey(connectionId: string, ticketId: string): string {
  return `${connectionId}:${ticketId}`;
}

/** An ImpactReport as plain JSON (the public API, saved exports): the ticket index as a list. */
export type ImpactReportJson = Omit<ImpactReport, 'ticketIndex'> & { readonly ticketIndex: readonly TicketSummary[] };
