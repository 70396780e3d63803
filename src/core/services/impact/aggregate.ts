import {
  IMPACT_RANGE_DAYS, UNKNOWN, ticketRefKey,
  type GroupImpact, type ImpactFilters, type ImpactInput, type ImpactReport, type ResponseTimes, type TicketSummary, type TimeSeries, type Trend,
} from '../../model/impact';
import { isOpenStatus, type Ticket } from '../../model/ticket';
import { isoMs } from '../../isoTime';
import { productAreaOf } from '../productArea';
import { aggregateDefects, type ScopedTicket, type TicketScope } from './defectImpact';

/*
 * Tickets, links and feedback blocks into one ImpactReport. Pure and synchronous: the same input
 * gives the same report, so filters re-aggregate without reloading. One pass over the tickets
 * with Maps (no nested scans): 50,000 tickets take a fraction of a second (bench/impact.ts).
 *
 * Scope: tickets of the filtered connection created in the range. Groups, totals, defects,
 * response times and the timeline count those; "new this week / last week" and overdue
 * follow-ups look at every ticket of the connection (a two-week trend needs the week before a
 * 7-day range, and an overdue promise matters whatever the ticket's age).
 */

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Areas drawn as their own series in the timeline; the rest are summed as "other". */
export const TIMELINE_AREAS = 6;
export const OTHER_AREAS = 'other';
/** The timeline of 'all' starts at the oldest ticket, but no more than two years back. */
export const MAX_TIMELINE_WEEKS = 104;

/** What aggregation reads of a ticket, parsed once per loaded ticket list (see prepare()). */
interface Row extends ScopedTicket {
  readonly area: string;
  /** The due time in ms; NaN when there is none. */
  readonly due: number;
  /** Hours from creation to the first response and to solved; NaN when unknown. */
  readonly respondedHours: number;
  readonly solvedHours: number;
}

interface GroupAcc {
  readonly name: string;
  tickets: number;
  open: number;
  newThisWeek: number;
  newLastWeek: number;
  readonly refs: string[];
  /** Linked tickets per defect rank, made on the group's first linked ticket. */
  defectCounts: Int32Array | undefined;
}

/** The start of the range in ms, or undefined for 'all'. */
export function rangeStart(range: ImpactFilters['range'], now: number): number | undefined {
  return range === 'all' ? undefined : now - IMPACT_RANGE_DAYS[range] * DAY;
}

/** UTC midnight of the Monday on or before `ms`. */
export function mondayOf(ms: number): number {
  const d = new Date(ms);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return midnight - ((d.getUTCDay() + 6) % 7) * DAY;
}

/** Up or down when this week differs from last week at all; equal weeks are flat. */
export function trendOf(thisWeek: number, lastWeek: number): Trend {
  return thisWeek > lastWeek ? 'up' : thisWeek < lastWeek ? 'down' : 'flat';
}

function median(list: readonly number[]): number | undefined {
  if (!list.length) return undefined;
  // A typed array sorts numbers natively, without a comparator call per step.
  const values = Float64Array.from(list).sort();
  const mid = values.length >> 1;
  const m = values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  return Math.round(m * 10) / 10;
}

/** The rows of a ticket list, and each ref's position in them. */
interface PreparedTickets {
  readonly rows: readonly Row[];
  readonly indexOf: ReadonlyMap<string, number>;
}

const preparedLists = new WeakMap<readonly Ticket[], PreparedTickets>();

/**
 * The tickets parsed once per ticket list, most recently updated first, a ref listed twice kept
 * in its most recent copy
 * (every list of refs in the report inherits this order). The store re-aggregates the same loaded
 * list for every filter change, so only its first report pays for 50,000 tickets' timestamps.
 * Lists are not changed after loading (ImpactInput's are readonly; each load makes a new one).
 */
function prepare(tickets: readonly Ticket[]): PreparedTickets {
  const cached = preparedLists.get(tickets);
  if (cached) return cached;
  const parsed: { -readonly [K in keyof Row]: Row[K] }[] = [];
  for (const t of tickets) {
    const ref = ticketRefKey(t.connectionId, t.id);
    const created = isoMs(t.createdAt);
    parsed.push({
      index: 0, ticket: t, ref, created, updated: isoMs(t.updatedAt), open: isOpenStatus(t.status), area: productAreaOf(t) ?? UNKNOWN,
      due: t.dueAt ? isoMs(t.dueAt) : NaN,
      respondedHours: hoursBetween(created, t.firstResponseAt),
      solvedHours: hoursBetween(created, t.solvedAt),
    });
  }
  parsed.sort((a, b) => b.updated - a.updated);
  // Positions, not refs, from here on: the loops below index typed arrays instead of hashing
  // 50,000 strings into Maps, which was most of an aggregation's time.
  const rows: Row[] = [];
  const indexOf = new Map<string, number>();
  for (const row of parsed) {
    if (indexOf.has(row.ref)) continue;
    row.index = rows.length;
    indexOf.set(row.ref, row.index);
    rows.push(row);
  }
  const prepared = { rows, indexOf };
  preparedLists.set(tickets, prepared);
  return prepared;
}

/** Negative spans are clock or import errors in the helpdesk, not fast answers: NaN, left out. */
function hoursBetween(start: number, end: string | undefined): number {
  const span = end ? (isoMs(end) - start) / 3_600_000 : NaN;
  return span >= 0 ? span : NaN;
}

export function aggregateImpact(input: ImpactInput): ImpactReport {
  const now = input.now.getTime();
  const { filters } = input;
  const from = rangeStart(filters.range, now);

  const prepared = prepare(input.tickets);
  const rows = filters.connectionId === undefined ? prepared.rows : prepared.rows.filter((r) => r.ticket.connectionId === filters.connectionId);
  const inScope = new Uint8Array(prepared.rows.length);
  let scopeSize = 0;
  for (const r of rows) {
    if (from === undefined || r.created >= from) {
      inScope[r.index] = 1;
      scopeSize++;
    }
  }
  const scope: TicketScope = { rows: prepared.rows, indexOf: prepared.indexOf, inScope, size: scopeSize };

  const { defects, defectRanksByRow, feedback } = aggregateDefects(input, scope, now, filters.range === 'all' && filters.connectionId === undefined);

  const tags = new Map<string, GroupAcc>();
  const areas = new Map<string, GroupAcc>();
  const groupOf = (map: Map<string, GroupAcc>, name: string): GroupAcc => {
    let g = map.get(name);
    if (!g) map.set(name, (g = { name, tickets: 0, open: 0, newThisWeek: 0, newLastWeek: 0, refs: [], defectCounts: undefined }));
    return g;
  };
  const firstResponse = new Map<string, number[]>();
  const resolution = new Map<string, number[]>();
  const pushTo = (map: Map<string, number[]>, key: string, value: number) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  // Summaries are made when a view asks for one (most are never shown): 50,000 objects saved.
  const index = new TicketIndex(prepared);
  const summarize = (r: Row): void => index.add(r);
  const overdue: { ref: string; due: number }[] = [];
  let openTickets = 0;
  let linkedTickets = 0;
  let oldest = Infinity;
  for (const r of rows) {
    const t = r.ticket;
    const age = now - r.created;
    const thisWeek = age < WEEK;
    const lastWeek = !thisWeek && age < 2 * WEEK;
    const inRange = from === undefined || r.created >= from;
    // NaN (no due date) is never less than now.
    if (r.open && r.due < now) {
      overdue.push({ ref: r.ref, due: r.due });
      summarize(r);
    }
    if (!inRange && !thisWeek && !lastWeek) continue;
    const linked = inRange ? defectRanksByRow[r.index] : undefined;
    const groups = [groupOf(areas, r.area)];
    const tagList = t.tags;
    // A tag listed twice on a ticket counts once.
    for (let i = 0; i < tagList.length; i++) if (tagList.indexOf(tagList[i]) === i) groups.push(groupOf(tags, tagList[i]));
    if (!tagList.length) groups.push(groupOf(tags, UNKNOWN));
    for (const g of groups) {
      if (thisWeek) g.newThisWeek++;
      else if (lastWeek) g.newLastWeek++;
      if (!inRange) continue;
      g.tickets++;
      if (r.open) g.open++;
      g.refs.push(r.ref);
      if (linked) {
        const counts = (g.defectCounts ??= new Int32Array(defects.length));
        for (const rank of linked) counts[rank]++;
      }
    }
    if (!inRange) continue;
    summarize(r);
    if (r.open) openTickets++;
    if (linked) linkedTickets++;
    if (r.created < oldest) oldest = r.created;
    if (r.respondedHours >= 0) pushTo(firstResponse, r.area, r.respondedHours);
    if (r.solvedHours >= 0) pushTo(resolution, r.area, r.solvedHours);
  }
  overdue.sort((a, b) => a.due - b.due);

  /** The group's defects, most linked first; ties keep the impact ranking. */
  const defectIdsOf = (counts: Int32Array | undefined): string[] => {
    if (!counts) return [];
    const ranks: number[] = [];
    for (let rank = 0; rank < counts.length; rank++) if (counts[rank]) ranks.push(rank);
    return ranks.sort((a, b) => counts[b] - counts[a] || a - b).map((rank) => defects[rank].defectId);
  };
  const finish = (map: Map<string, GroupAcc>): GroupImpact[] =>
    [...map.values()]
      .map((g) => ({
        name: g.name,
        tickets: g.tickets,
        openTickets: g.open,
        newThisWeek: g.newThisWeek,
        newLastWeek: g.newLastWeek,
        trend: trendOf(g.newThisWeek, g.newLastWeek),
        defectIds: defectIdsOf(g.defectCounts),
        ticketRefs: g.refs,
      }))
      .sort((a, b) => b.tickets - a.tickets || b.newThisWeek - a.newThisWeek || a.name.localeCompare(b.name));
  const areaList = finish(areas);
  const responseTimes: ResponseTimes[] = areaList
    .filter((a) => a.tickets > 0)
    .map((a) => {
      const fr = firstResponse.get(a.name) ?? [];
      const rs = resolution.get(a.name) ?? [];
      const firstResponseHours = median(fr);
      const resolutionHours = median(rs);
      return {
        name: a.name,
        ...(firstResponseHours !== undefined ? { firstResponseHours } : {}),
        ...(resolutionHours !== undefined ? { resolutionHours } : {}),
        withFirstResponse: fr.length,
        withResolution: rs.length,
        tickets: a.tickets,
      };
    });
  const timelineStart = from ?? (Number.isFinite(oldest) ? Math.max(oldest, now - MAX_TIMELINE_WEEKS * WEEK) : now);
  const timeline = buildTimeline(prepared.rows, inScope, areaList, timelineStart, now);
  const missingDefects = defects.filter((d) => d.missing).length;
  const problems = [...(input.problems ?? [])];
  return {
    generatedAt: input.now.toISOString(),
    filters: { ...filters },
    scope: describeScope(filters, from ?? (Number.isFinite(oldest) ? oldest : undefined), now, scope.size, input.partial === true, problems.length, feedback.unparsed),
    totals: { tickets: scope.size, openTickets, linkedTickets, defects: defects.length, missingDefects, overdueFollowUps: overdue.length },
    tags: finish(tags),
    areas: areaList,
    defects,
    timeline,
    responseTimes,
    overdueFollowUps: overdue.map((o) => o.ref),
    feedback,
    problems,
    partial: input.partial === true,
    ticketIndex: index,
  };
}

/** The report's ticketIndex: rows by ref, each turned into a TicketSummary on first read. */
class TicketIndex implements ReadonlyMap<string, TicketSummary> {
  readonly #member: Uint8Array;
  readonly #made = new Map<string, TicketSummary>();
  #size = 0;

  constructor(private readonly prepared: PreparedTickets) {
    this.#member = new Uint8Array(prepared.rows.length);
  }

  add(r: Row): void {
    if (this.#member[r.index]) return;
    this.#member[r.index] = 1;
    this.#size++;
  }

  get size(): number {
    return this.#size;
  }

  has(ref: string): boolean {
    const i = this.prepared.indexOf.get(ref);
    return i !== undefined && this.#member[i] === 1;
  }

  get(ref: string): TicketSummary | undefined {
    const made = this.#made.get(ref);
    if (made) return made;
    if (!this.has(ref)) return undefined;
    const r = this.prepared.rows[this.prepared.indexOf.get(ref)!];
    const t = r.ticket;
    const summary: { -readonly [K in keyof TicketSummary]: TicketSummary[K] } = {
      ref: r.ref, id: t.id, key: t.key, subject: t.subject, status: t.status, organization: t.organization?.name || UNKNOWN, area: r.area, createdAt: t.createdAt, updatedAt: t.updatedAt,
    };
    if (t.dueAt) summary.dueAt = t.dueAt;
    if (t.url) summary.url = t.url;
    this.#made.set(ref, summary);
    return summary;
  }

  /** Refs in row order: most recently updated first. */
  *keys(): MapIterator<string> {
    const { rows } = this.prepared;
    for (let i = 0; i < rows.length; i++) if (this.#member[i]) yield rows[i].ref;
  }

  *values(): MapIterator<TicketSummary> {
    for (const ref of this.keys()) yield this.get(ref)!;
  }

  *entries(): MapIterator<[string, TicketSummary]> {
    for (const ref of this.keys()) yield [ref, this.get(ref)!];
  }

  [Symbol.iterator](): MapIterator<[string, TicketSummary]> {
    return this.entries();
  }

  forEach(callback: (value: TicketSummary, key: string, map: ReadonlyMap<string, TicketSummary>) => void, thisArg?: unknown): void {
    for (const [ref, summary] of this.entries()) callback.call(thisArg, summary, ref, this);
  }
}

/** Weekly buckets (UTC Mondays) from `start` to `now`; the biggest areas each get a series. */
function buildTimeline(rows: readonly Row[], inScope: Uint8Array, areas: readonly GroupImpact[], start: number, now: number): TimeSeries {
  const first = mondayOf(start);
  const weeks = Math.floor((mondayOf(now) - first) / WEEK) + 1;
  const buckets = Array.from({ length: weeks }, (_, i) => new Date(first + i * WEEK).toISOString());
  const shown = areas.filter((a) => a.tickets > 0).slice(0, TIMELINE_AREAS).map((a) => a.name);
  const hasOther = areas.filter((a) => a.tickets > 0).length > shown.length;
  const names = hasOther ? [...shown, OTHER_AREAS] : shown;
  const series = names.map((name) => ({ name, counts: new Array<number>(weeks).fill(0), ticketRefs: Array.from({ length: weeks }, () => [] as string[]) }));
  const seriesOf = new Map(shown.map((name, i) => [name, series[i]]));
  const other = hasOther ? series[series.length - 1] : undefined;
  for (const r of rows) {
    if (!inScope[r.index] || r.created < first) continue; // out of scope, or older than the capped timeline of 'all'
    const s = seriesOf.get(r.area) ?? other;
    if (!s) continue;
    // A ticket created "in the future" (a helpdesk clock ahead of ours) lands in this week.
    const bucket = Math.min(weeks - 1, Math.floor((r.created - first) / WEEK));
    s.counts[bucket]++;
    s.ticketRefs[bucket].push(r.ref);
  }
  return { buckets, series };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The sentence at the top of every view and export: what was counted, and what may be missing. */
export function describeScope(filters: ImpactFilters, from: number | undefined, now: number, tickets: number, partial: boolean, problems: number, unparsed: number): string {
  const range = filters.range === 'all'
    ? `All tickets${from !== undefined ? ` (${day(from)} – ${day(now)})` : ''}`
    : `Tickets created in the last ${IMPACT_RANGE_DAYS[filters.range]} days (${day(from ?? now)} – ${day(now)})`;
  const connection = filters.connectionId ? `connection "${filters.connectionId}"` : 'all connections';
  const parts = [`${range}, ${connection}; ${tickets.toLocaleString('en-US')} ticket${tickets === 1 ? '' : 's'}.`];
  if (partial) parts.push('Partial data: not every ticket was loaded (see the caselink.impact.maxTickets setting).');
  if (problems) parts.push(`${problems} defect${problems === 1 ? '' : 's'} could not be read; see the problems listed.`);
  if (unparsed) parts.push(`${unparsed} Caselink block${unparsed === 1 ? ' was' : 's were'} unreadable and not counted.`);
  return parts.join(' ');
}
