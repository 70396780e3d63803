import type { Defect, DefectLink } from '../../model/defect';
import type { AffectedCustomer, Evidence, EvidenceComment, FeedbackRecord, FeedbackTicketRef } from '../../model/feedback';
import { UNKNOWN, ticketRefKey, type CustomerQuote, type DefectImpact, type ImpactInput, type ImpactReport } from '../../model/impact';
import type { OrgTier, Ticket } from '../../model/ticket';
import { isoMs } from '../../isoTime';
import { parseEvidenceComment, parseFeedbackBody, type Parsed } from '../feedbackFormat';

/*
 * The defect half of the impact report: which cases each defect has (links, plus the tickets that
 * Caselink's feedback blocks name), which customers, how much ARR, what they said. Part of
 * aggregate.ts, apart only to keep each file readable.
 */

const DAY = 86_400_000;
export const MISSING_DEFECT_TITLE = 'Deleted or not visible in the tracker';
export const MISSING_DEFECT_STATUS = 'Not found';

/** A ticket in the report's scope, with what aggregation reads of it parsed once. */
export interface ScopedTicket {
  /** Its position in the prepared list (most recently updated first). */
  readonly index: number;
  readonly ticket: Ticket;
  readonly ref: string;
  readonly created: number;
  readonly updated: number;
  readonly open: boolean;
}

interface OrgAcc {
  name: string;
  tier?: OrgTier;
  arr?: number;
}

/** Every prepared ticket by position, which of them are in the report's scope, and where a ref is. */
export interface TicketScope {
  readonly rows: readonly ScopedTicket[];
  readonly inScope: Uint8Array;
  readonly indexOf: ReadonlyMap<string, number>;
  readonly size: number;
}

interface DefectAcc {
  /** Positions of the linked tickets in scope. */
  readonly rows: Set<number>;
  readonly orgs: Map<string, OrgAcc>;
  readonly quotes: Map<string, CustomerQuote>;
  records: number;
  comments: number;
  unparsed: number;
}

export interface DefectAggregation {
  readonly defects: DefectImpact[];
  /**
   * Per ticket position, the ranks (positions in `defects`) of its listed defects, for the groups'
   * "defects linked from these tickets": numbers, so groups count them in typed arrays.
   */
  readonly defectRanksByRow: readonly (number[] | undefined)[];
  readonly feedback: ImpactReport['feedback'];
}

/**
 * Ranking: every case counts once and an open case once more (it still costs support time);
 * each affected organisation counts twice (breadth matters more than one customer's repeat
 * tickets); known ARR adds 2 per factor of ten (a 1M-ARR customer adds 12, a 10k one 8), so
 * revenue ranks defects without drowning out how many customers are hit.
 */
export function scoreOf(d: Pick<DefectImpact, 'cases' | 'openCases' | 'organizations' | 'arrKnown'>): number {
  const raw = d.cases + d.openCases + 2 * d.organizations + 2 * Math.log10(1 + d.arrKnown);
  return Math.round(raw * 100) / 100;
}

/**
 * Organisation names by their case-folded keys in code-unit order: readable enough for a list, and
 * a tenth of the cost of Intl collation, which was a fifth of a 50,000-ticket aggregation.
 */
function namesInOrder(orgs: ReadonlyMap<string, OrgAcc>): string[] {
  return [...orgs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, o]) => o.name);
}

type FeedbackText = ImpactInput['feedbackTexts'] extends ReadonlyMap<string, infer T> ? T : never;
interface ParsedBlocks {
  readonly record: Parsed<FeedbackRecord>;
  readonly comments: readonly Parsed<EvidenceComment>[];
}
const parsedBlocks = new WeakMap<FeedbackText, ParsedBlocks>();

/**
 * A defect's Caselink blocks, validated once per text: the loader keeps an unchanged defect's
 * text object across reloads, and a filter change re-aggregates the same objects.
 */
function blocksOf(text: FeedbackText): ParsedBlocks {
  let parsed = parsedBlocks.get(text);
  if (!parsed) {
    parsed = { record: parseFeedbackBody(text.description), comments: text.comments.map(parseEvidenceComment) };
    parsedBlocks.set(text, parsed);
  }
  return parsed;
}

const linkPositionCache = new WeakMap<readonly DefectLink[], { readonly indexOf: ReadonlyMap<string, number>; readonly positions: Int32Array }>();

/** Each link's ticket position (-1 when the ticket is not loaded), once per links and ticket list. */
function linkPositions(links: readonly DefectLink[], indexOf: ReadonlyMap<string, number>): Int32Array {
  const cached = linkPositionCache.get(links);
  if (cached && cached.indexOf === indexOf) return cached.positions;
  const positions = new Int32Array(links.length);
  for (let k = 0; k < links.length; k++) positions[k] = indexOf.get(ticketRefKey(links[k].ticketConnectionId, links[k].ticketId)) ?? -1;
  linkPositionCache.set(links, { indexOf, positions });
  return positions;
}

/**
 * Defect keys in natural order ("LUM-9" before "LUM-10", "#9" before "#10"): the prefix as text,
 * then the trailing number. Cheaper than Intl collation, which ties in the ranking made costly.
 */
export function compareKeys(a: string, b: string): number {
  const x = /^(.*?)(\d+)$/.exec(a);
  const y = /^(.*?)(\d+)$/.exec(b);
  if (x && y && x[1] === y[1]) return Number(x[2]) - Number(y[2]) || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

function orgKey(name: string): string {
  return name.trim().toLowerCase();
}

function addOrg(acc: DefectAcc, name: string, tier: OrgTier | undefined, arr: number | undefined): void {
  const key = orgKey(name) || UNKNOWN;
  const existing = acc.orgs.get(key);
  if (!existing) {
    const org: OrgAcc = { name: name.trim() || UNKNOWN };
    if (tier) org.tier = tier;
    if (arr !== undefined) org.arr = arr;
    acc.orgs.set(key, org);
  }
  else {
    // The same customer seen on a ticket and in a block: whichever knows the tier or ARR wins.
    existing.tier ??= tier;
    existing.arr ??= arr;
  }
}

/**
 * @param scope tickets in scope by ref: links and blocks count only for these.
 * @param listUncounted whether a defect whose blocks name no ticket in scope is still listed
 *   (the unfiltered view: every Caselink record shows, even if its cases were not loaded).
 */
export function aggregateDefects(input: ImpactInput, scope: TicketScope, now: number, listUncounted: boolean): DefectAggregation {
  const accs = new Map<string, DefectAcc>();
  const accOf = (id: string): DefectAcc => {
    let acc = accs.get(id);
    if (!acc) accs.set(id, (acc = { rows: new Set(), orgs: new Map(), quotes: new Map(), records: 0, comments: 0, unparsed: 0 }));
    return acc;
  };
  const linkRows = linkPositions(input.links, scope.indexOf);
  for (let k = 0; k < linkRows.length; k++) {
    const i = linkRows[k];
    if (i >= 0 && scope.inScope[i]) accOf(input.links[k].defectId).rows.add(i);
  }

  const feedback = { records: 0, evidenceComments: 0, unparsed: 0, unparsedDefects: [] as string[] };
  /** The ticket's position when it is in scope, else -1. */
  const inScope = (t: FeedbackTicketRef): number => {
    const i = scope.indexOf.get(ticketRefKey(t.connectionId, t.ticketId));
    return i !== undefined && scope.inScope[i] ? i : -1;
  };
  const addQuotes = (acc: DefectAcc, evidence: readonly Evidence[]) => {
    for (const e of evidence) {
      const i = inScope(e.ticket);
      if (i < 0) continue;
      const ref = scope.rows[i].ref;
      const id = `${ref}#${e.eventId}`;
      if (!acc.quotes.has(id)) acc.quotes.set(id, { quote: e.quote, ticketRef: ref, ticketKey: e.ticket.key, at: e.at, ...(e.author ? { author: e.author } : {}) });
    }
  };
  const addCustomers = (acc: DefectAcc, customers: readonly AffectedCustomer[]) => {
    for (const c of customers) addOrg(acc, c.organization, c.tier, c.arr);
  };
  for (const [defectId, text] of input.feedbackTexts) {
    const acc = accOf(defectId);
    const { record, comments } = blocksOf(text);
    if (record.status === 'unparsed') acc.unparsed++;
    else if (record.status === 'ok') {
      acc.records++;
      const counted = record.value.sources.map(inScope).filter((i) => i >= 0);
      for (const i of counted) acc.rows.add(i);
      // The record's customers stand for its sources: they count when one of those is in scope.
      if (counted.length) addCustomers(acc, record.value.customers);
      addQuotes(acc, record.value.evidence);
    }
    for (const comment of comments) {
      if (comment.status === 'unparsed') acc.unparsed++;
      else if (comment.status === 'ok') {
        acc.comments++;
        const i = inScope(comment.value.ticket);
        if (i >= 0) {
          acc.rows.add(i);
          addCustomers(acc, comment.value.customers);
        }
        addQuotes(acc, comment.value.evidence);
      }
    }
    feedback.records += acc.records;
    feedback.evidenceComments += acc.comments;
    feedback.unparsed += acc.unparsed;
    if (acc.unparsed) feedback.unparsedDefects.push(defectId);
  }

  const byId = new Map<string, Defect>();
  for (const d of input.defects) byId.set(d.id, d);
  const listed: { impact: DefectImpact; rows: readonly number[] }[] = [];
  for (const [defectId, acc] of accs) {
    const hasBlocks = acc.records + acc.comments + acc.unparsed > 0;
    if (!acc.rows.size && !(listUncounted && hasBlocks)) continue;
    // Positions in ascending order are most recently updated first.
    const rows = [...acc.rows].sort((a, b) => a - b);
    const tickets = rows.map((i) => scope.rows[i]);
    let openCases = 0;
    let firstCase = Infinity;
    for (const s of tickets) {
      if (s.open) openCases++;
      if (s.created < firstCase) firstCase = s.created;
      const org = s.ticket.organization;
      addOrg(acc, org?.name || (org ? org.id : UNKNOWN), org?.tier, org?.arr);
    }
    const tiers: Partial<Record<OrgTier | typeof UNKNOWN, number>> = {};
    let arrKnown = 0;
    let arrUnknown = 0;
    for (const org of acc.orgs.values()) {
      if (org.arr === undefined) arrUnknown++;
      else arrKnown += org.arr;
      const tier = org.tier ?? UNKNOWN;
      tiers[tier] = (tiers[tier] ?? 0) + 1;
    }
    const defect = byId.get(defectId);
    const since = defect ? isoMs(defect.createdAt) : firstCase;
    const impact = {
      defectId,
      ...(defect ? { defect } : {}),
      key: defect?.key ?? defectId,
      title: defect?.title ?? MISSING_DEFECT_TITLE,
      status: defect?.status ?? MISSING_DEFECT_STATUS,
      missing: !defect,
      cases: acc.rows.size,
      openCases,
      organizations: acc.orgs.size,
      organizationNames: namesInOrder(acc.orgs),
      arrKnown,
      arrUnknown,
      tiers,
      ageDays: Number.isFinite(since) ? Math.max(0, Math.floor((now - since) / DAY)) : 0,
      quotes: [...acc.quotes.values()].sort((a, b) => isoMs(b.at) - isoMs(a.at)),
      feedbackRecords: acc.records,
      evidenceComments: acc.comments,
      unparsedBlocks: acc.unparsed,
      ticketRefs: tickets.map((s) => s.ref),
    };
    listed.push({ impact: { ...impact, score: scoreOf(impact) }, rows });
  }
  listed.sort((a, b) => b.impact.score - a.impact.score || compareKeys(a.impact.key, b.impact.key));
  const defectRanksByRow: (number[] | undefined)[] = new Array(scope.rows.length);
  for (let rank = 0; rank < listed.length; rank++) {
    for (const i of listed[rank].rows) {
      const ranks = defectRanksByRow[i];
      if (ranks) ranks.push(rank);
      else defectRanksByRow[i] = [rank];
    }
  }
  return { defects: listed.map((l) => l.impact), defectRanksByRow, feedback };
}
