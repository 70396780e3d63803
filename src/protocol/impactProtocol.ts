import * as z from 'zod';
import { IMPACT_RANGES, UNKNOWN, type ImpactReport, type TicketSummary } from '../core/model/impact';
import { TICKET_STATUSES } from '../core/model/ticket';

/**
 * Messages between the Impact dashboard's host and its webview, both directions zod-validated.
 * The host never sends the whole report: a 50,000-ticket report is megabytes, and the page draws
 * only aggregates. It sends an ImpactView (top defects, series counts, medians, the first overdue
 * follow-ups) and answers drill-down requests with the few tickets behind one chart element.
 */

export const ImpactRange = z.enum(IMPACT_RANGES);

/** The most defects the page charts; the export has them all. */
export const TOP_DEFECTS = 25;
/** Overdue follow-ups listed in the page; the total is always given. */
export const OVERDUE_LISTED = 50;
/** Tickets in one drill-down list; the total is always given. */
export const DRILL_LIMIT = 200;
/** Organisation names per defect shown in tooltips and tables. */
const ORG_NAMES = 5;

const label = z.string().max(2_000);
const count = z.number().int().nonnegative();

export const TicketRow = z.object({
  ref: z.string().max(500),
  key: label,
  subject: label,
  status: z.union([z.enum(TICKET_STATUSES), z.literal(UNKNOWN)]),
  organization: label,
  area: label,
  dueAt: z.string().max(40).optional(),
});
export type TicketRow = z.infer<typeof TicketRow>;

export const DefectRow = z.object({
  defectId: z.string().max(500),
  key: label,
  title: label,
  status: label,
  missing: z.boolean(),
  cases: count,
  openCases: count,
  organizations: count,
  organizationNames: z.array(label),
  arrKnown: z.number().nonnegative(),
  arrUnknown: count,
  ageDays: z.number().nonnegative(),
  unparsedBlocks: count,
});
export type DefectRow = z.infer<typeof DefectRow>;

export const ResponseRow = z.object({
  name: label,
  firstResponseHours: z.number().nonnegative().optional(),
  resolutionHours: z.number().nonnegative().optional(),
  withFirstResponse: count,
  withResolution: count,
  tickets: count,
});
export type ResponseRow = z.infer<typeof ResponseRow>;

export const ImpactView = z.object({
  generatedAt: z.string().max(40),
  scope: label,
  range: ImpactRange,
  connectionId: z.string().max(200).optional(),
  /** Connections the report's tickets come from; the page offers a choice when there are two or more. */
  connections: z.array(z.string().max(200)),
  totals: z.object({
    tickets: count,
    openTickets: count,
    linkedTickets: count,
    defects: count,
    missingDefects: count,
    overdueFollowUps: count,
    unparsedFeedback: count,
    feedbackRecords: count,
    evidenceComments: count,
  }),
  timeline: z.object({
    buckets: z.array(z.string().max(40)),
    series: z.array(z.object({ name: label, counts: z.array(count) })),
  }),
  defects: z.array(DefectRow),
  responseTimes: z.array(ResponseRow),
  overdue: z.array(TicketRow),
  problems: z.array(label),
  partial: z.boolean(),
});
export type ImpactView = z.infer<typeof ImpactView>;

export const ImpactStatus = z.enum(['idle', 'loading', 'ready', 'error']);
export type ImpactStatus = z.infer<typeof ImpactStatus>;

/** What one chart element stands for; the host looks its tickets up in the report. */
export const DrillTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('timeline'), series: label, bucket: z.number().int().nonnegative().max(10_000) }),
  z.object({ kind: z.literal('defect'), defectId: z.string().min(1).max(500) }),
  z.object({ kind: z.literal('area'), name: label }),
  z.object({ kind: z.literal('overdue') }),
]);
export type DrillTarget = z.infer<typeof DrillTarget>;

export const ImpactHostMessage = z.discriminatedUnion('type', [
  /** The whole state each time: the last good view stays while a reload runs or after it failed. */
  z.object({ type: z.literal('state'), status: ImpactStatus, error: label.optional(), view: ImpactView.optional() }),
  z.object({ type: z.literal('drill'), requestId: z.string().max(100), title: label, total: count, tickets: z.array(TicketRow) }),
]);
export type ImpactHostMessage = z.infer<typeof ImpactHostMessage>;

export const ExportFormat = z.enum(['markdown', 'csv']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ImpactWebviewMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('refresh') }),
  z.object({ type: z.literal('setRange'), range: ImpactRange }),
  /** null: every connection. */
  z.object({ type: z.literal('setConnection'), connectionId: z.string().min(1).max(200).nullable() }),
  z.object({ type: z.literal('export'), format: ExportFormat }),
  z.object({ type: z.literal('drill'), requestId: z.string().min(1).max(100), target: DrillTarget }),
  z.object({ type: z.literal('openTicket'), ticketRef: z.string().min(1).max(500) }),
  z.object({ type: z.literal('showLogs') }),
]);
export type ImpactWebviewMessage = z.infer<typeof ImpactWebviewMessage>;

/** What the webview keeps with setState; its presence lets VS Code restore the tab after a reload. */
export const ImpactPanelState = z.object({ range: ImpactRange.optional() }).loose();

// ---------------------------------------------------------------------------------------------
// Report -> messages. Pure, so the benchmark and unit tests build exactly what the host posts.

export function toImpactView(report: ImpactReport): ImpactView {
  const overdue: TicketRow[] = [];
  for (const ref of report.overdueFollowUps) {
    if (overdue.length >= OVERDUE_LISTED) break;
    overdue.push(ticketRow(report, ref));
  }
  const connections = new Set<string>();
  for (const ref of report.ticketIndex.keys()) connections.add(ref.slice(0, ref.indexOf(':')));
  if (report.filters.connectionId) connections.add(report.filters.connectionId);
  return {
    generatedAt: report.generatedAt,
    scope: report.scope,
    range: report.filters.range,
    ...(report.filters.connectionId ? { connectionId: report.filters.connectionId } : {}),
    connections: [...connections].sort(),
    totals: {
      ...report.totals,
      unparsedFeedback: report.feedback.unparsed,
      feedbackRecords: report.feedback.records,
      evidenceComments: report.feedback.evidenceComments,
    },
    timeline: { buckets: [...report.timeline.buckets], series: report.timeline.series.map((s) => ({ name: s.name || UNKNOWN, counts: [...s.counts] })) },
    defects: report.defects.slice(0, TOP_DEFECTS).map((d) => ({
      defectId: d.defectId,
      key: d.key,
      title: d.title,
      status: d.status,
      missing: d.missing,
      cases: d.cases,
      openCases: d.openCases,
      organizations: d.organizations,
      organizationNames: d.organizationNames.slice(0, ORG_NAMES),
      arrKnown: d.arrKnown,
      arrUnknown: d.arrUnknown,
      ageDays: Math.max(0, d.ageDays),
      unparsedBlocks: d.unparsedBlocks,
    })),
    responseTimes: report.responseTimes.map((r) => ({
      name: r.name || UNKNOWN,
      ...(r.firstResponseHours !== undefined ? { firstResponseHours: Math.max(0, r.firstResponseHours) } : {}),
      ...(r.resolutionHours !== undefined ? { resolutionHours: Math.max(0, r.resolutionHours) } : {}),
      withFirstResponse: r.withFirstResponse,
      withResolution: r.withResolution,
      tickets: r.tickets,
    })),
    overdue,
    problems: [...report.problems],
    partial: report.partial,
  };
}

/** The tickets behind one chart element, or undefined when the report has no such element. */
export function drillDown(report: ImpactReport, target: DrillTarget): { title: string; refs: readonly string[] } | undefined {
  switch (target.kind) {
    case 'timeline': {
      const series = report.timeline.series.find((s) => (s.name || UNKNOWN) === target.series);
      const refs = series?.ticketRefs[target.bucket];
      const week = report.timeline.buckets[target.bucket];
      return series && refs && week ? { title: `${target.series}: tickets created in the week of ${week.slice(0, 10)}`, refs } : undefined;
    }
    case 'defect': {
      const d = report.defects.find((x) => x.defectId === target.defectId);
      return d ? { title: `${d.key} ${d.missing ? '(missing in the tracker)' : d.title}: linked cases`, refs: d.ticketRefs } : undefined;
    }
    case 'area': {
      const area = report.areas.find((a) => (a.name || UNKNOWN) === target.name);
      return area ? { title: `Area ${target.name}: tickets`, refs: area.ticketRefs } : undefined;
    }
    case 'overdue':
      return { title: 'Overdue follow-ups', refs: report.overdueFollowUps };
  }
}

/** A ticket of a list; a ref the report has no summary for is shown as unknown, never dropped. */
export function ticketRow(report: ImpactReport, ref: string): TicketRow {
  const t: TicketSummary | undefined = report.ticketIndex.get(ref);
  if (!t) return { ref, key: ref.slice(ref.indexOf(':') + 1) || ref, subject: '(not in this report)', status: UNKNOWN, organization: UNKNOWN, area: UNKNOWN };
  return {
    ref,
    key: t.key,
    subject: t.subject,
    status: t.status,
    organization: t.organization || UNKNOWN,
    area: t.area || UNKNOWN,
    ...(t.dueAt ? { dueAt: t.dueAt } : {}),
  };
}
