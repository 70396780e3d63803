import type { DefectImpact, GroupImpact, ImpactReport, ImpactReportJson, Trend } from '../../model/impact';

/*
 * An impact report as Markdown (for a ticket, a wiki, a chat) and CSV (for a spreadsheet). Both
 * start with the scope, so a pasted figure never loses what it counted. Customer words pass
 * through verbatim but can never change the document's structure or run as a formula.
 */

export interface MarkdownOptions {
  /** Rows per table before "… and N more"; the CSV always has every row. */
  readonly maxRows?: number;
  /** Characters of the latest quote shown per defect. */
  readonly quoteLength?: number;
}

const ARROWS: Record<Trend, string> = { up: '↑', down: '↓', flat: '→' };
const num = (n: number) => n.toLocaleString('en-US');
const hours = (h: number | undefined) => (h === undefined ? '–' : h.toLocaleString('en-US', { maximumFractionDigits: 1 }));

/**
 * Text for one Markdown table cell or line. Backslash-escapes the characters that could end a
 * cell (|), start HTML or an entity (<, >, & before "lt;"), or format or link ([ ] * _ ` ~), and the backslash itself;
 * line breaks become <br>, the one piece of HTML the export writes.
 */
export function markdownCell(text: string): string {
  return text.replace(/[\\|<>[\]*_`~]|&(?=#?\w+;)/g, '\\$&').replace(/\r\n?|\n/g, '<br>');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[], maxRows: number, align: readonly ('l' | 'r')[] = []): string {
  if (!rows.length) return '_None._\n';
  const line = (cells: readonly (string | number)[]) => `| ${cells.map((c) => (typeof c === 'number' ? num(c) : markdownCell(c))).join(' | ')} |`;
  const out = [line(headers), `|${headers.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join('|')}|`, ...rows.slice(0, maxRows).map(line)];
  if (rows.length > maxRows) out.push('', `… and ${num(rows.length - maxRows)} more (the CSV export has every row).`);
  return `${out.join('\n')}\n`;
}

function groupRows(groups: readonly GroupImpact[]): (string | number)[][] {
  return groups.map((g) => [g.name, g.tickets, g.openTickets, g.newThisWeek, g.newLastWeek, `${ARROWS[g.trend]} ${g.trend}`, g.defectIds.length]);
}

function arrText(d: DefectImpact): string {
  return d.arrUnknown ? `${num(d.arrKnown)} (+${d.arrUnknown} unknown)` : num(d.arrKnown);
}

export function toMarkdown(report: ImpactReport, options: MarkdownOptions = {}): string {
  const maxRows = options.maxRows ?? 25;
  const quoteLength = options.quoteLength ?? 160;
  const ticketKey = (ref: string) => report.ticketIndex.get(ref)?.key ?? ref;
  const sections = [
    '# Customer impact report\n',
    `${markdownCell(report.scope)}\n`,
    `Generated ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC. ${num(report.totals.tickets)} tickets (${num(report.totals.openTickets)} open, ${num(report.totals.linkedTickets)} linked to defects), ` +
      `${num(report.totals.defects)} defects${report.totals.missingDefects ? ` (${report.totals.missingDefects} not found in the tracker)` : ''}, ${num(report.totals.overdueFollowUps)} overdue follow-ups.\n`,
    '## Top defects\n',
    table(
      ['Defect', 'Title', 'Status', 'Cases', 'Open cases', 'Organisations', 'ARR known (unknown)', 'Age (days)', 'Latest quote'],
      report.defects.map((d) => [d.key, d.title, d.status, d.cases, d.openCases, d.organizations, arrText(d), d.ageDays, d.quotes[0] ? `“${clip(d.quotes[0].quote, quoteLength)}” (${d.quotes[0].ticketKey})` : '']),
      maxRows,
      ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
    '## Tags\n',
    table(['Tag', 'Tickets', 'Open', 'New this week', 'New last week', 'Trend', 'Defects'], groupRows(report.tags), maxRows, ['l', 'r', 'r', 'r', 'r', 'l', 'r']),
    '## Product areas\n',
    table(['Area', 'Tickets', 'Open', 'New this week', 'New last week', 'Trend', 'Defects'], groupRows(report.areas), maxRows, ['l', 'r', 'r', 'r', 'r', 'l', 'r']),
    '## Response times (median hours)\n',
    table(
      ['Area', 'First response', 'Tickets with one', 'Resolution', 'Tickets with one', 'Tickets'],
      report.responseTimes.map((r) => [r.name, hours(r.firstResponseHours), r.withFirstResponse, hours(r.resolutionHours), r.withResolution, r.tickets]),
      maxRows,
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
    '## Overdue follow-ups\n',
    table(
      ['Ticket', 'Subject', 'Organisation', 'Due'],
      report.overdueFollowUps.map((ref) => {
        const t = report.ticketIndex.get(ref);
        return [ticketKey(ref), t?.subject ?? '', t?.organization ?? '', t?.dueAt?.slice(0, 16).replace('T', ' ') ?? ''];
      }),
      maxRows,
    ),
    '## Feedback parsing\n',
    `${num(report.feedback.records)} feedback records and ${num(report.feedback.evidenceComments)} evidence comments read; ` +
      `${num(report.feedback.unparsed)} unreadable Caselink blocks${report.feedback.unparsedDefects.length ? ` (defects ${report.feedback.unparsedDefects.map(markdownCell).join(', ')})` : ''}.\n`,
  ];
  if (report.problems.length) sections.push('## Problems\n', `${report.problems.map((p) => `- ${markdownCell(p)}`).join('\n')}\n`);
  return sections.join('\n');
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled.
 * Text starting with = + - @ (or a tab or CR) gets a leading apostrophe first: spreadsheets run
 * such cells as formulas, and customer text (a subject, a quote) must never run in the reader's
 * spreadsheet (CSV injection, OWASP). Numbers are written as they are.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

type Row = readonly (string | number | undefined)[];

/** Every section with every row: a first row stating the scope, sections apart by a blank line. */
export function toCsv(report: ImpactReport): string {
  const sections: Row[][] = [];
  sections.push([[`# ${report.scope}`], ['# Generated', report.generatedAt]]);
  sections.push([
    ['# Defects'],
    ['Defect', 'Title', 'Status', 'Missing', 'Cases', 'Open cases', 'Organisations', 'Organisation names', 'ARR known', 'Organisations without ARR', 'Age (days)', 'Score', 'Feedback records', 'Evidence comments', 'Unreadable blocks', 'Latest quote', 'URL'],
    ...report.defects.map((d) => [
      d.key, d.title, d.status, d.missing ? 'yes' : 'no', d.cases, d.openCases, d.organizations, d.organizationNames.join('; '), d.arrKnown, d.arrUnknown, d.ageDays, d.score,
      d.feedbackRecords, d.evidenceComments, d.unparsedBlocks, d.quotes[0]?.quote ?? '', d.defect?.url ?? '',
    ]),
  ]);
  for (const [title, label, groups] of [['# Tags', 'Tag', report.tags], ['# Product areas', 'Area', report.areas]] as const) {
    sections.push([[title], [label, 'Tickets', 'Open', 'New this week', 'New last week', 'Trend', 'Linked defects'], ...groups.map((g) => [g.name, g.tickets, g.openTickets, g.newThisWeek, g.newLastWeek, g.trend, g.defectIds.join('; ')])]);
  }
  sections.push([
    ['# Response times'],
    ['Area', 'Median first response (hours)', 'Tickets with a first response', 'Median resolution (hours)', 'Tickets with a resolution', 'Tickets'],
    ...report.responseTimes.map((r) => [r.name, r.firstResponseHours, r.withFirstResponse, r.resolutionHours, r.withResolution, r.tickets]),
  ]);
  sections.push([
    ['# Overdue follow-ups'],
    ['Ticket', 'Subject', 'Status', 'Organisation', 'Area', 'Due', 'URL'],
    ...report.overdueFollowUps.map((ref) => {
      const t = report.ticketIndex.get(ref);
      return [t?.key ?? ref, t?.subject, t?.status, t?.organization, t?.area, t?.dueAt, t?.url];
    }),
  ]);
  const { timeline } = report;
  sections.push([['# New tickets per week'], ['Week starting', ...timeline.series.map((s) => s.name)], ...timeline.buckets.map((b, i) => [b.slice(0, 10), ...timeline.series.map((s) => s.counts[i])])]);
  sections.push([
    ['# Feedback parsing'],
    ['Feedback records', 'Evidence comments', 'Unreadable blocks', 'Defects with unreadable blocks'],
    [report.feedback.records, report.feedback.evidenceComments, report.feedback.unparsed, report.feedback.unparsedDefects.join('; ')],
  ]);
  if (report.problems.length) sections.push([['# Problems'], ['Problem'], ...report.problems.map((p) => [p])]);
  return `${sections.map((rows) => rows.map((r) => r.map(csvCell).join(',')).join('\r\n')).join('\r\n\r\n')}\r\n`;
}

/** A copy of the report that survives JSON (the public API): the ticket index becomes a list. */
export function toJsonReport(report: ImpactReport): ImpactReportJson {
  const plain = { ...report, ticketIndex: [...report.ticketIndex.values()] };
  return JSON.parse(JSON.stringify(plain)) as ImpactReportJson;
}
