import type { FeedbackRecord } from '../model/feedback';
import type { FeedbackTicketRef } from '../model/feedback';
import type { HistoryEvent } from '../model/history';
import type { DefectTracker } from '../ports/defectTracker';
import type { TicketSource } from '../ports/ticketSource';
import { FeedbackDraft, FeedbackRecord as FeedbackRecordSchema } from '../schemas/feedback';
import { buildSearchText, type DuplicateFinder } from './duplicates';
import { prefillFromCase, ticketRefOf, type Prefill } from './feedbackPrefill';
import { buildFeedbackRecord, type FeedbackPayload, type FeedbackResult } from './feedbackService';
import type { Outbox, OutboxItem } from './outbox';

export type FeedbackOutcome =
  | { readonly state: 'filed' | 'evidenceAdded'; readonly key: string; readonly url?: string; readonly warnings?: readonly string[] }
  | { readonly state: 'queued' }
  | { readonly state: 'invalid'; readonly fieldErrors: Record<string, string> }
  | { readonly state: 'failed'; readonly message: string };

export interface DuplicateMatchView {
  readonly defectId: string;
  readonly key: string;
  readonly title: string;
  readonly status: string;
  readonly stage: 'open' | 'inProgress' | 'done';
  readonly url?: string;
  readonly linkedCases?: number;
  readonly reasons: string[];
}

/** What the form and the public API both do with feedback: prefill, look for duplicates, file, +1. */
export class FeedbackWorkflow {
  constructor(
    private readonly deps: {
      readonly source: TicketSource;
      readonly tracker: DefectTracker;
      readonly outbox: Outbox<FeedbackPayload, FeedbackResult>;
      readonly finder: () => DuplicateFinder;
      readonly newKey: () => string;
      /** How long to wait for the outbox before answering "queued". */
      readonly waitMs?: number;
      readonly onFiled?: (ticketId: string) => void;
    },
  ) {}

  async prefill(ticketId: string, signal?: AbortSignal): Promise<Prefill & { history: readonly HistoryEvent[] }> {
    const [ticket, history] = await Promise.all([this.deps.source.getTicket(ticketId, signal), this.deps.source.getHistory(ticketId, signal)]);
    return { ...prefillFromCase({ ticket, history }), history };
  }

  /** Product areas the tracker already uses; the recent defects also seed the duplicate index. */
  async knownAreas(): Promise<string[]> {
    const recent = await this.deps.tracker.searchDefects('', 50).catch(() => []);
    this.deps.finder().add(recent);
    return [...new Set(recent.map((d) => d.productArea).filter((a): a is string => !!a))];
  }

  async duplicates(query: { title: string; problem?: string; productArea?: string; tags?: string[] }, signal?: AbortSignal): Promise<DuplicateMatchView[]> {
    const { tracker } = this.deps;
    const finder = this.deps.finder();
    const text = buildSearchText(query);
    const remote = text ? await tracker.searchDefects(text, 20, signal) : [];
    finder.add(remote);
    const ranked = finder.rank(query, remote, 5);
    const counts = await Promise.all(ranked.map((r) => tracker.linksForDefect(r.defect.id, signal).then((l) => l.length, () => undefined)));
    return ranked.map((r, i) => ({
      defectId: r.defect.id, key: r.defect.key, title: r.defect.title, status: r.defect.status, stage: r.defect.stage,
      ...(r.defect.url ? { url: r.defect.url } : {}), ...(counts[i] !== undefined ? { linkedCases: counts[i] } : {}), reasons: [...r.reasons],
    }));
  }

  async file(ticketId: string, draft: unknown): Promise<FeedbackOutcome> {
    const parsed = FeedbackDraft.safeParse(draft);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
      return { state: 'invalid', fieldErrors };
    }
    const { source } = this.deps;
    const [ticket, history, me] = await Promise.all([source.getTicket(ticketId), source.getHistory(ticketId), source.currentUser().catch(() => undefined)]);
    const record: FeedbackRecord = buildFeedbackRecord(parsed.data as FeedbackRecord, { ticket, history, now: new Date(), idempotencyKey: this.deps.newKey(), ...(me ? { createdBy: me.name } : {}) }, (r) => FeedbackRecordSchema.parse(r));
    const item = await this.deps.outbox.enqueue('fileFeedback', record.title, { type: 'file', trackerId: this.deps.tracker.info.id, record });
    return this.#outcome(item, 'filed', ticketId);
  }

  async addEvidence(ticketId: string, defectId: string, draft?: { evidence?: FeedbackRecord['evidence']; customers?: FeedbackRecord['customers']; problem?: string }): Promise<FeedbackOutcome> {
    const ticket = await this.deps.source.getTicket(ticketId);
    const fallback = draft ? undefined : prefillFromCase({ ticket, history: await this.deps.source.getHistory(ticketId) }).draft;
    const ref: FeedbackTicketRef = ticketRefOf(ticket);
    const comment = {
      schemaVersion: 1, idempotencyKey: this.deps.newKey(), ticket: ref,
      customers: draft?.customers ?? fallback?.customers ?? [], evidence: draft?.evidence ?? fallback?.evidence ?? [],
      note: (draft?.problem ?? '').slice(0, 4000), addedAt: new Date().toISOString(),
    };
    const item = await this.deps.outbox.enqueue('addEvidence', `+1 on ${defectId} from ${ticket.key}`, { type: 'evidence', trackerId: this.deps.tracker.info.id, defectId, comment });
    return this.#outcome(item, 'evidenceAdded', ticketId);
  }

  /** Waits a few seconds for the outbox: "filed as #12" when it was quick, "queued" otherwise. */
  async #outcome(item: OutboxItem<FeedbackPayload, FeedbackResult>, doneState: 'filed' | 'evidenceAdded', ticketId: string): Promise<FeedbackOutcome> {
    const outbox = this.deps.outbox;
    void outbox.process();
    const final = await new Promise<OutboxItem<FeedbackPayload, FeedbackResult> | undefined>((resolve) => {
      const check = () => {
        const current = outbox.items().find((x) => x.id === item.id);
        if (current && (current.state === 'done' || current.state === 'failed')) {
          sub.dispose();
          clearTimeout(timer);
          resolve(current);
        }
      };
      const sub = outbox.onDidChange(check);
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(undefined);
      }, this.deps.waitMs ?? 8_000);
      check();
    });
    if (final?.state === 'done' && final.result) {
      this.deps.onFiled?.(ticketId);
      return { state: doneState, key: final.result.key, ...(final.result.url ? { url: final.result.url } : {}), ...(final.result.warnings ? { warnings: final.result.warnings } : {}) };
    }
    if (final?.state === 'failed') return { state: 'failed', message: `${final.lastError?.message ?? 'It could not be filed.'} It is kept in the Outbox: fix the problem and retry there.` };
    return { state: 'queued' };
  }
}
