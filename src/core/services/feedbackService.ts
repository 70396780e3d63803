import type { EvidenceComment, FeedbackDraft, FeedbackRecord, FeedbackTicketRef, Severity } from '../model/feedback';
import { FEEDBACK_BLOCK_VERSION } from '../model/feedback';
import type { HistoryEvent } from '../model/history';
import type { Priority, Ticket } from '../model/ticket';
import type { DefectTracker, TicketRef } from '../ports/defectTracker';
import type { Logger } from '../ports/logger';
import type { TicketSource } from '../ports/ticketSource';
import { CaselinkError, describeError } from '../errors';
import { parseFeedbackBody, renderEvidenceComment, renderFeedbackBody } from './feedbackFormat';
import type { OutboxItem, Submitter } from './outbox';

/** What the outbox carries: a new record, or a case added as evidence ("+1") to an existing one. */
export type FeedbackPayload =
  | { readonly type: 'file'; readonly trackerId: string; readonly record: FeedbackRecord }
  | { readonly type: 'evidence'; readonly trackerId: string; readonly defectId: string; readonly comment: EvidenceComment };

export interface FeedbackResult {
  readonly defectId: string;
  readonly key: string;
  readonly url?: string;
  /** Steps after the record itself that did not work (the ticket back-link, the internal note). */
  readonly warnings?: readonly string[];
}

const PRIORITY_BY_SEVERITY: Record<Severity, Priority> = { critical: 'urgent', major: 'high', minor: 'normal', cosmetic: 'low' };

/** Frequency and support cost from the case, so the record says how much this costs. */
export function buildFeedbackRecord(
  draft: FeedbackDraft & { sources: FeedbackRecord['sources'] },
  ctx: { ticket: Ticket; history: readonly HistoryEvent[]; now: Date; idempotencyKey: string; createdBy?: string; linkedCases?: number },
  parse: (raw: unknown) => FeedbackRecord,
): FeedbackRecord {
  const replies = ctx.history.filter((e) => e.kind === 'message' && e.authorRole === 'agent' && e.visibility === 'public').length;
  const hoursOpen = Math.max(0, (Date.parse(ctx.ticket.updatedAt) - Date.parse(ctx.ticket.createdAt)) / 3_600_000);
  return parse({
    ...draft,
    schemaVersion: FEEDBACK_BLOCK_VERSION,
    idempotencyKey: ctx.idempotencyKey,
    createdAt: ctx.now.toISOString(),
    ...(ctx.createdBy ? { createdBy: ctx.createdBy } : {}),
    frequency: { firstSeen: ctx.ticket.createdAt, lastSeen: ctx.ticket.updatedAt, linkedCases: ctx.linkedCases ?? draft.sources.length },
    supportCost: { cases: draft.sources.length, replies, hoursOpen: Math.round(hoursOpen * 10) / 10 },
  });
}

/**
 * A record with a "+1" case merged in, so the record itself shows the aggregate: the case among the
 * sources, its customers among the affected ones, the counts and "last seen" moved on. Set-like, so
 * merging the same comment again (a retry after a crash) changes nothing: sources are distinct by
 * connection and ticket, customers by organisation name (a known tier or ARR fills a gap, never
 * replaces a value), the case count grows only when the source is new, and `linkedCases` is the
 * number of distinct sources or the tracker's own count of linked tickets, whichever is larger.
 */
export function mergeEvidenceIntoRecord(record: FeedbackRecord, comment: EvidenceComment, trackerLinkedCases?: number): { record: FeedbackRecord; changed: boolean } {
  const sameTicket = (s: FeedbackTicketRef) => s.connectionId === comment.ticket.connectionId && s.ticketId === comment.ticket.ticketId;
  const newSource = !record.sources.some(sameTicket);
  const sources = newSource ? [...record.sources, comment.ticket] : record.sources;
  const orgKey = (name: string) => name.trim().toLowerCase();
  const customers = record.customers.map((c) => {
    const incoming = comment.customers.find((n) => orgKey(n.organization) === orgKey(c.organization));
    if (!incoming) return c;
    return { ...c, ...(c.tier === undefined && incoming.tier !== undefined ? { tier: incoming.tier } : {}), ...(c.arr === undefined && incoming.arr !== undefined ? { arr: incoming.arr } : {}) };
  });
  for (const n of comment.customers) {
    if (!customers.some((c) => orgKey(c.organization) === orgKey(n.organization))) customers.push(n);
  }
  const seen = [record.frequency.lastSeen, comment.addedAt, ...comment.evidence.map((e) => e.at)];
  const lastSeen = seen.reduce((latest, at) => (Date.parse(at) > Date.parse(latest) ? at : latest));
  const merged: FeedbackRecord = {
    ...record,
    sources,
    customers,
    frequency: { ...record.frequency, lastSeen, linkedCases: Math.max(sources.length, trackerLinkedCases ?? 0, record.frequency.linkedCases) },
    supportCost: { ...record.supportCost, cases: record.supportCost.cases + (newSource ? 1 : 0) },
  };
  return { record: merged, changed: JSON.stringify(merged) !== JSON.stringify(record) };
}

/** The footer that opens the machine block; everything before it is the readable part. */
const MACHINE_FOOTER = '\n---\n_Filed with Caselink.';

function normalised(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').trim();
}

function toTicketRef(t: FeedbackTicketRef): TicketRef {
  return { connectionId: t.connectionId, ticketId: t.ticketId, ...(t.url ? { url: t.url } : {}) };
}

export interface FeedbackSubmitterDeps {
  /** The tracker a payload names; undefined when that connection no longer exists. */
  readonly tracker: (trackerId: string) => DefectTracker | undefined;
  /** The helpdesk a source ticket belongs to, for the back-link and the internal note. */
  readonly source: (connectionId: string) => TicketSource | undefined;
  readonly log: Logger;
}

/**
 * Files feedback through the ports. The record carries the outbox item's idempotency key in its
 * machine block, so `find` recognises a record filed by an attempt whose answer was lost; the
 * ticket's back-link and internal note are checked and completed on every path, without repeats.
 */
export class FeedbackSubmitter implements Submitter<FeedbackPayload, FeedbackResult> {
  constructor(private readonly deps: FeedbackSubmitterDeps) {}

  #tracker(p: FeedbackPayload): DefectTracker {
    const tracker = this.deps.tracker(p.trackerId);
    if (!tracker) {
      // A definitive failure: the user must add the connection back or discard the item.
      throw new CaselinkError('config', `The tracker connection "${p.trackerId}" no longer exists: add it back, or discard this submission.`);
    }
    return tracker;
  }

  async find(item: OutboxItem<FeedbackPayload, FeedbackResult>, signal: AbortSignal): Promise<FeedbackResult | undefined> {
    const p = item.payload;
    const tracker = this.#tracker(p);
    if (p.type === 'file') {
      const found = await tracker.findByMarker(item.idempotencyKey, signal);
      if (!found) return undefined;
      return this.#afterFiling(found.id, found.key, found.url, p.record.title, p.record.sources, tracker, signal);
    }
    const text = await tracker.getDefectText(p.defectId, signal);
    if (!text.comments.some((c) => c.includes(item.idempotencyKey))) return undefined;
    // The comment made it but the answer did not: finish what follows it (merging is set-like).
    return this.#afterEvidence(p, tracker, signal);
  }

  async submit(item: OutboxItem<FeedbackPayload, FeedbackResult>, signal: AbortSignal): Promise<FeedbackResult> {
    const p = item.payload;
    const tracker = this.#tracker(p);
    if (p.type === 'file') {
      const record: FeedbackRecord = { ...p.record, idempotencyKey: item.idempotencyKey };
      const defect = await tracker.createDefect(
        {
          title: record.title,
          description: renderFeedbackBody(record),
          tracker: record.kind === 'defect' ? 'Bug' : 'Product Feedback',
          productArea: record.productArea,
          priority: PRIORITY_BY_SEVERITY[record.severity],
          severity: record.severity,
          ticket: toTicketRef(record.sources[0]),
        },
        signal,
      );
      return this.#afterFiling(defect.id, defect.key, defect.url, record.title, record.sources, tracker, signal);
    }
    const comment: EvidenceComment = { ...p.comment, idempotencyKey: item.idempotencyKey };
    await tracker.addComment(p.defectId, renderEvidenceComment(comment), signal);
    return this.#afterEvidence(p, tracker, signal);
  }

  /** After the "+1" comment exists: link and note the case, then bring the record's figures up to date. */
  async #afterEvidence(p: Extract<FeedbackPayload, { type: 'evidence' }>, tracker: DefectTracker, signal: AbortSignal): Promise<FeedbackResult> {
    const [defect] = await tracker.getDefects([p.defectId], signal);
    const key = defect?.key ?? p.defectId;
    // Linking first, so the tracker's count of linked cases already includes this one.
    const result = await this.#afterFiling(p.defectId, key, defect?.url, defect?.title ?? '', [p.comment.ticket], tracker, signal);
    const warning = await this.#updateRecord(p.defectId, key, p.comment, tracker, signal);
    return warning ? { ...result, warnings: [...(result.warnings ?? []), warning] } : result;
  }

  /**
   * Merges the "+1" case into the record's machine block and writes the description back. Never
   * fatal (the evidence comment is already there): a failure is returned as a warning. Only a
   * description that holds a valid Caselink record is rewritten; anything else is left as it is.
   */
  async #updateRecord(defectId: string, key: string, comment: EvidenceComment, tracker: DefectTracker, signal: AbortSignal): Promise<string | undefined> {
    const { log } = this.deps;
    if (!tracker.updateDescription) {
      log.debug(`${tracker.info.label} cannot change descriptions: ${key} keeps its figures, the +1 is in its comments.`);
      return undefined;
    }
    try {
      const { description } = await tracker.getDefectText(defectId, signal);
      const parsed = parseFeedbackBody(description);
      if (parsed.status === 'absent') {
        log.info(`${key} was not filed with Caselink (no caselink-feedback block): its description is left as it is; the +1 is in its comments.`);
        return undefined;
      }
      if (parsed.status === 'unparsed') {
        log.warn(`${key}: the record's figures were not updated, because ${parsed.reason}. Its description is left as it is.`);
        return `${key}: the record's figures were not updated (${parsed.reason}); the +1 is in its comments.`;
      }
      const linked = await tracker.linksForDefect(defectId, signal).then((l) => l.length, () => undefined);
      const { record, changed } = mergeEvidenceIntoRecord(parsed.value, comment, linked);
      if (!changed) {
        log.debug(`${key} already counts ${comment.ticket.key}: nothing to update.`);
        return undefined;
      }
      const next = this.#nextDescription(description, parsed.value, record);
      if (next === undefined) {
        log.warn(`${key}: the description was edited around its machine block, so Caselink did not rewrite it.`);
        return `${key}: the record's figures were not updated (its description was edited by hand around the Caselink block); the +1 is in its comments.`;
      }
      await tracker.updateDescription(defectId, next, signal);
      log.info(`${key} now counts ${record.frequency.linkedCases} linked cases and ${record.customers.length} customers.`);
      return undefined;
    } catch (err) {
      const message = `${key}: the +1 was added, but the record's figures could not be updated: ${describeError(err)}`;
      log.warn(message);
      return message;
    }
  }

  /**
   * The new description. When the readable part is exactly what Caselink rendered, all of it is
   * rendered again (header counts, customer table, cost). When someone edited it by hand, their
   * text is kept and only the machine block after the footer is replaced; undefined when even the
   * footer is gone, because then there is no safe place to cut.
   */
  #nextDescription(current: string, before: FeedbackRecord, after: FeedbackRecord): string | undefined {
    const fresh = renderFeedbackBody(after);
    if (normalised(current) === normalised(renderFeedbackBody(before))) return fresh;
    const text = current.replace(/\r\n?/g, '\n');
    const cut = text.lastIndexOf(MACHINE_FOOTER);
    const freshCut = fresh.lastIndexOf(MACHINE_FOOTER);
    if (cut < 0 || freshCut < 0) return undefined;
    this.deps.log.info('The record was edited by hand: its text is kept and only the Caselink block is replaced.');
    return text.slice(0, cut) + fresh.slice(freshCut);
  }

  /** Link every source ticket and leave one internal note on each; failures become warnings. */
  async #afterFiling(defectId: string, key: string, url: string | undefined, title: string, sources: readonly FeedbackTicketRef[], tracker: DefectTracker, signal: AbortSignal): Promise<FeedbackResult> {
    const warnings: string[] = [];
    for (const s of sources) {
      try {
        await tracker.link(toTicketRef(s), defectId, signal);
        const source = this.deps.source(s.connectionId);
        if (!source) continue;
        await source.recordDefectLink?.(s.ticketId, { id: defectId, key, ...(url ? { url } : {}) }, 'link', signal);
        const marker = `Product feedback for engineering: ${key}`;
        const history = await source.getHistory(s.ticketId, signal);
        if (!history.some((e) => e.kind === 'message' && e.body.includes(marker))) {
          await source.addMessage(s.ticketId, { visibility: 'internal', body: `${marker}${title ? ` (${title})` : ''}${url ? `\n${url}` : ''}`, idempotencyKey: `${defectId}:${s.ticketId}` }, signal);
        }
      } catch (err) {
        const message = `${s.key}: ${describeError(err)}`;
        this.deps.log.warn(`Feedback ${key} was filed, but the case could not be updated: ${message}`);
        warnings.push(message);
      }
    }
    return { defectId, key, ...(url ? { url } : {}), ...(warnings.length ? { warnings } : {}) };
  }
}
