import type { EvidenceComment, FeedbackDraft, FeedbackRecord, FeedbackTicketRef, Severity } from '../model/feedback';
import { FEEDBACK_BLOCK_VERSION } from '../model/feedback';
import type { HistoryEvent } from '../model/history';
import type { Priority, Ticket } from '../model/ticket';
import type { DefectTracker, TicketRef } from '../ports/defectTracker';
import type { Logger } from '../ports/logger';
import type { TicketSource } from '../ports/ticketSource';
import { CaselinkError, describeError } from '../errors';
import { renderEvidenceComment, renderFeedbackBody } from './feedbackFormat';
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
    const [defect] = await tracker.getDefects([p.defectId], signal);
    return this.#afterFiling(p.defectId, defect?.key ?? p.defectId, defect?.url, defect?.title ?? '', [p.comment.ticket], tracker, signal);
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
    const [defect] = await tracker.getDefects([p.defectId], signal);
    return this.#afterFiling(p.defectId, defect?.key ?? p.defectId, defect?.url, defect?.title ?? '', [p.comment.ticket], tracker, signal);
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
