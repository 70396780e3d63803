import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { describeError } from '../core/errors';
import type { FeedbackRecord } from '../core/model/feedback';
import type { HistoryEvent } from '../core/model/history';
import type { Ticket } from '../core/model/ticket';
import type { DefectTracker } from '../core/ports/defectTracker';
import type { Logger } from '../core/ports/logger';
import type { TicketSource } from '../core/ports/ticketSource';
import { FeedbackDraft, FeedbackRecord as FeedbackRecordSchema } from '../core/schemas/feedback';
import type { FeedbackDraftStore } from '../core/services/feedbackDraftStore';
import { prefillFromCase, ticketRefOf } from '../core/services/feedbackPrefill';
import { buildFeedbackRecord, type FeedbackPayload, type FeedbackResult } from '../core/services/feedbackService';
import { DuplicateFinder, buildSearchText } from '../core/services/duplicates';
import type { Outbox, OutboxItem } from '../core/services/outbox';
import { FeedbackWebviewMessage, type DuplicateView, type FeedbackHostMessage, type FormDraft, type QuoteCandidate } from '../protocol/feedbackProtocol';
import { openExternalChecked } from './caseInteractions';
import { WebviewPanelHost } from './webviewHost';

export const FEEDBACK_VIEW_TYPE = 'caselink.feedback';

export interface FeedbackDeps {
  readonly extensionUri: vscode.Uri;
  readonly source: TicketSource;
  readonly tracker: DefectTracker;
  readonly outbox: Outbox<FeedbackPayload, FeedbackResult>;
  readonly drafts: FeedbackDraftStore<FormDraft>;
  readonly finder: DuplicateFinder;
  readonly log: Logger;
  /** The case view shows the new link. */
  readonly onFiled: (ticketId: string) => void;
}

/** How long the form waits for the outbox before saying "queued" instead of "filed". */
const WAIT_FOR_FILING_MS = 8_000;

/**
 * The feedback form for one case: prefilled from the case, duplicates searched while it is open,
 * submitted through the outbox so nothing is lost or filed twice.
 */
export class FeedbackPanel implements vscode.Disposable {
  readonly host: WebviewPanelHost<FeedbackWebviewMessage, FeedbackHostMessage>;
  readonly ref: string;
  #ticket: Ticket | undefined;
  #history: readonly HistoryEvent[] = [];
  #searchController: AbortController | undefined;
  readonly #requests = new Map<string, Promise<void>>();
  readonly #onDidDispose = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.#onDidDispose.event;
  #disposed = false;

  constructor(
    private readonly deps: FeedbackDeps,
    readonly ticketId: string,
  ) {
    this.ref = `${deps.source.info.id}:${ticketId}`;
    this.host = new WebviewPanelHost(deps.extensionUri, {
      viewType: FEEDBACK_VIEW_TYPE, title: `Feedback: ${ticketId}`, script: 'feedback', styles: ['feedback.css'], incoming: FeedbackWebviewMessage,
      iconPath: vscode.Uri.joinPath(deps.extensionUri, 'media', 'caselink.svg'),
    }, deps.log);
    this.host.panel.onDidDispose(() => this.dispose());
    this.host.onMessage((m) => void this.#handle(m));
  }

  reveal(): void {
    this.host.panel.reveal();
  }

  async #initMessage(): Promise<FeedbackHostMessage> {
    const { source } = this.deps;
    this.#ticket ??= await source.getTicket(this.ticketId);
    if (!this.#history.length) this.#history = await source.getHistory(this.ticketId);
    const t = this.#ticket;
    this.host.panel.title = `Feedback: ${t.key}`;
    const prefill = prefillFromCase({ ticket: t, history: this.#history });
    const saved = this.deps.drafts.get(this.ref);
    const d = prefill.draft;
    const draft: FormDraft = saved ?? {
      title: d.title ?? '', productArea: d.productArea ?? '', kind: d.kind, problem: d.problem ?? '', steps: d.steps ?? '', expected: d.expected ?? '', actual: d.actual ?? '',
      environment: d.environment ?? '', workaround: d.workaround ?? '', ...(d.workaroundAccepted !== undefined ? { workaroundAccepted: d.workaroundAccepted } : {}),
      severity: d.severity, customerImpact: d.customerImpact ?? '', tags: d.tags ?? [], evidence: d.evidence ?? [], customers: d.customers ?? [], sources: d.sources ?? [ticketRefOf(t)],
    };
    const quoteCandidates: QuoteCandidate[] = this.#history
      .filter((e): e is Extract<HistoryEvent, { kind: 'message' }> => e.kind === 'message' && !!e.body.trim())
      .map((m) => ({ eventId: m.id, at: m.at, ...(m.author?.name ? { author: m.author.name } : {}), role: m.authorRole, visibility: m.visibility, text: m.format === 'html' ? m.body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : m.body }));
    // Areas the tracker already uses, as suggestions; the recent defects also seed the duplicate index.
    const recent = await this.deps.tracker.searchDefects('', 50).catch(() => []);
    this.deps.finder.add(recent);
    const areas = [...new Set([...recent.map((d) => d.productArea).filter((a): a is string => !!a), ...(draft.productArea ? [draft.productArea] : [])])].sort();
    return { type: 'init', draft, prefilled: saved ? [] : [...prefill.prefilled], ticket: ticketRefOf(t), ticketSubject: t.subject, trackerLabel: this.deps.tracker.info.label, areas, quoteCandidates };
  }

  async #handle(m: FeedbackWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        try {
          await this.host.post(await this.#initMessage());
        } catch (err) {
          void vscode.window.showErrorMessage(`Caselink: the feedback form could not load ticket ${this.ticketId}: ${describeError(err)}`);
          this.dispose();
        }
        return;
      case 'saveDraft':
        await this.deps.drafts.set(this.ref, m.draft);
        return;
      case 'searchDuplicates':
        await this.#searchDuplicates(m.draft);
        return;
      case 'openLink':
        await openExternalChecked(m.url, 'the link');
        return;
      case 'close':
        this.dispose();
        return;
      case 'submit':
      case 'addEvidence':
        return this.#once(m.requestId, () => (m.type === 'submit' ? this.#submit(m.requestId, m.draft) : this.#addEvidence(m.requestId, m.defectId, m.draft)));
    }
  }

  #once(requestId: string, run: () => Promise<void>): Promise<void> {
    const earlier = this.#requests.get(requestId);
    if (earlier) return earlier;
    const p = run().catch(async (err) => {
      this.deps.log.warn(`Feedback for ${this.ref} failed: ${describeError(err)}`);
      await this.host.post({ type: 'result', requestId, ok: false, message: describeError(err) });
    });
    this.#requests.set(requestId, p);
    return p;
  }

  async #searchDuplicates(draft: FormDraft): Promise<void> {
    this.#searchController?.abort();
    const controller = (this.#searchController = new AbortController());
    await this.host.post({ type: 'duplicates', state: 'loading', matches: [] });
    try {
      const { tracker, finder } = this.deps;
      const query = { title: draft.title, problem: draft.problem, productArea: draft.productArea, tags: draft.tags };
      const text = buildSearchText(query);
      const remote = text ? await tracker.searchDefects(text, 20, controller.signal) : [];
      finder.add(remote);
      const ranked = finder.rank(query, remote, 5);
      const counts = await Promise.all(ranked.map((r) => tracker.linksForDefect(r.defect.id, controller.signal).then((l) => l.length, () => undefined)));
      if (controller.signal.aborted) return;
      const matches: DuplicateView[] = ranked.map((r, i) => ({
        defectId: r.defect.id, key: r.defect.key, title: r.defect.title, status: r.defect.status, stage: r.defect.stage,
        ...(r.defect.url ? { url: r.defect.url } : {}), ...(counts[i] !== undefined ? { linkedCases: counts[i] } : {}), reasons: [...r.reasons],
      }));
      await this.host.post({ type: 'duplicates', state: 'loaded', matches });
    } catch (err) {
      if (controller.signal.aborted) return;
      await this.host.post({ type: 'duplicates', state: 'error', matches: [], message: `Searching ${this.deps.tracker.info.label} failed: ${describeError(err)}` });
    }
  }

  #fieldErrors(draft: FormDraft): Record<string, string> | undefined {
    const parsed = FeedbackDraft.safeParse(draft);
    if (parsed.success) return undefined;
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return errors;
  }

  async #submit(requestId: string, draft: FormDraft): Promise<void> {
    const fieldErrors = this.#fieldErrors(draft);
    if (fieldErrors) return void (await this.host.post({ type: 'result', requestId, ok: false, fieldErrors, message: 'Some fields need attention.' }));
    const t = this.#ticket ?? (await this.deps.source.getTicket(this.ticketId));
    const me = await this.deps.source.currentUser().catch(() => undefined);
    const record: FeedbackRecord = buildFeedbackRecord(FeedbackDraft.parse(draft) as FeedbackRecord, { ticket: t, history: this.#history, now: new Date(), idempotencyKey: crypto.randomUUID(), ...(me ? { createdBy: me.name } : {}) }, (r) => FeedbackRecordSchema.parse(r));
    const item = await this.deps.outbox.enqueue('fileFeedback', record.title, { type: 'file', trackerId: this.deps.tracker.info.id, record });
    await this.deps.drafts.clear(this.ref);
    await this.#report(requestId, item, 'filed');
  }

  async #addEvidence(requestId: string, defectId: string, draft: FormDraft): Promise<void> {
    const t = this.#ticket ?? (await this.deps.source.getTicket(this.ticketId));
    const comment = { schemaVersion: 1, idempotencyKey: crypto.randomUUID(), ticket: ticketRefOf(t), customers: draft.customers, evidence: draft.evidence, note: draft.problem.slice(0, 4000), addedAt: new Date().toISOString() };
    const item = await this.deps.outbox.enqueue('addEvidence', `+1 on ${defectId} from ${t.key}`, { type: 'evidence', trackerId: this.deps.tracker.info.id, defectId, comment });
    await this.deps.drafts.clear(this.ref);
    await this.#report(requestId, item, 'evidenceAdded');
  }

  /** Waits a few seconds for the outbox: "filed as #12" when it was quick, "queued" otherwise. */
  async #report(requestId: string, item: OutboxItem<FeedbackPayload, FeedbackResult>, doneState: 'filed' | 'evidenceAdded'): Promise<void> {
    const final = await new Promise<OutboxItem<FeedbackPayload, FeedbackResult> | undefined>((resolve) => {
      const check = () => {
        const current = this.deps.outbox.items().find((x) => x.id === item.id);
        if (current && (current.state === 'done' || current.state === 'failed')) {
          sub.dispose();
          clearTimeout(timer);
          resolve(current);
        }
      };
      const sub = this.deps.outbox.onDidChange(check);
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(undefined);
      }, WAIT_FOR_FILING_MS);
      check();
    });
    if (final?.state === 'done' && final.result) {
      this.deps.onFiled(this.ticketId);
      await this.host.post({ type: 'result', requestId, ok: true, outcome: { state: doneState, key: final.result.key, ...(final.result.url ? { url: final.result.url } : {}) } });
    } else if (final?.state === 'failed') {
      await this.host.post({ type: 'result', requestId, ok: false, message: `${final.lastError?.message ?? 'It could not be filed.'} It is kept in the Outbox: fix the problem and retry there.` });
    } else {
      await this.host.post({ type: 'result', requestId, ok: true, outcome: { state: 'queued' } });
    }
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#searchController?.abort();
    this.#onDidDispose.fire();
    this.#onDidDispose.dispose();
    this.host.dispose();
  }
}
