import * as vscode from 'vscode';
import { describeError } from '../core/errors';
import type { Evidence } from '../core/model/feedback';
import type { HistoryEvent } from '../core/model/history';
import type { Ticket } from '../core/model/ticket';
import type { DefectTracker } from '../core/ports/defectTracker';
import type { Logger } from '../core/ports/logger';
import type { TicketSource } from '../core/ports/ticketSource';
import type { FeedbackDraftStore } from '../core/services/feedbackDraftStore';
import { completeDraft, prefillFromCase, ticketRefOf } from '../core/services/feedbackPrefill';
import type { FeedbackOutcome, FeedbackWorkflow } from '../core/services/feedbackWorkflow';
import { FeedbackWebviewMessage, type FeedbackHostMessage, type FormDraft, type QuoteCandidate } from '../protocol/feedbackProtocol';
import { openExternalChecked } from './caseInteractions';
import { WebviewPanelHost } from './webviewHost';

export const FEEDBACK_VIEW_TYPE = 'caselink.feedback';

export interface FeedbackDeps {
  readonly extensionUri: vscode.Uri;
  readonly source: TicketSource;
  readonly tracker: DefectTracker;
  readonly workflow: FeedbackWorkflow;
  readonly drafts: FeedbackDraftStore<FormDraft>;
  readonly log: Logger;
}


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
  /**
   * Quotes for a page that cannot take them now: not initialised yet, or hidden (a hidden webview
   * is unloaded and drops messages). They are sent after the next init.
   */
  #pendingQuotes: Evidence[] = [];
  #initialised = false;

  constructor(
    private readonly deps: FeedbackDeps,
    readonly ticketId: string,
  ) {
    this.ref = `${deps.source.info.id}:${ticketId}`;
    this.host = new WebviewPanelHost(deps.extensionUri, {
      viewType: FEEDBACK_VIEW_TYPE, title: `Feedback: ${ticketId}`, script: 'feedback', styles: ['base.css', 'feedback.css'], incoming: FeedbackWebviewMessage,
      iconPath: vscode.Uri.joinPath(deps.extensionUri, 'media', 'caselink.svg'),
    }, deps.log);
    this.host.panel.onDidDispose(() => this.dispose());
    this.host.panel.onDidChangeViewState(() => {
      if (!this.host.panel.visible) this.#initialised = false;
    });
    this.host.onMessage((m) => void this.#handle(m));
  }

  reveal(): void {
    this.host.panel.reveal();
  }

  /** Adds a quote (text selected in the case) to the open form, which saves it with its draft. */
  async addQuote(evidence: Evidence): Promise<void> {
    if (!this.#initialised || !this.host.panel.visible || !(await this.host.post({ type: 'addQuote', evidence }))) this.#pendingQuotes.push(evidence);
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
    const draft: FormDraft = saved ?? completeDraft({ ...d, sources: d.sources ?? [ticketRefOf(t)] });
    const quoteCandidates: QuoteCandidate[] = this.#history
      .filter((e): e is Extract<HistoryEvent, { kind: 'message' }> => e.kind === 'message' && !!e.body.trim())
      .map((m) => ({ eventId: m.id, at: m.at, ...(m.author?.name ? { author: m.author.name } : {}), role: m.authorRole, visibility: m.visibility, text: m.format === 'html' ? m.body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : m.body }));
    // Areas the tracker already uses, as suggestions; the recent defects also seed the duplicate index.
    const areas = [...new Set([...(await this.deps.workflow.knownAreas()), ...(draft.productArea ? [draft.productArea] : [])])].sort();
    return { type: 'init', draft, prefilled: [...prefill.prefilled], ticket: ticketRefOf(t), ticketSubject: t.subject, trackerLabel: this.deps.tracker.info.label, areas, quoteCandidates };
  }

  async #handle(m: FeedbackWebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        try {
          await this.host.post(await this.#initMessage());
          this.#initialised = true;
          for (const evidence of this.#pendingQuotes.splice(0)) await this.host.post({ type: 'addQuote', evidence });
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
      const matches = await this.deps.workflow.duplicates(draft, controller.signal);
      if (controller.signal.aborted) return;
      await this.host.post({ type: 'duplicates', state: 'loaded', matches: [...matches] });
    } catch (err) {
      if (controller.signal.aborted) return;
      await this.host.post({ type: 'duplicates', state: 'error', matches: [], message: `Searching ${this.deps.tracker.info.label} failed: ${describeError(err)}` });
    }
  }

  async #submit(requestId: string, draft: FormDraft): Promise<void> {
    const outcome = await this.deps.workflow.file(this.ticketId, draft);
    if (outcome.state !== 'invalid' && outcome.state !== 'failed') await this.deps.drafts.clear(this.ref);
    await this.#report(requestId, outcome);
  }

  async #addEvidence(requestId: string, defectId: string, draft: FormDraft): Promise<void> {
    const outcome = await this.deps.workflow.addEvidence(this.ticketId, defectId, draft);
    if (outcome.state !== 'failed') await this.deps.drafts.clear(this.ref);
    await this.#report(requestId, outcome);
  }

  async #report(requestId: string, outcome: FeedbackOutcome): Promise<void> {
    if (outcome.state === 'invalid') return void (await this.host.post({ type: 'result', requestId, ok: false, fieldErrors: outcome.fieldErrors, message: 'Some fields need attention.' }));
    if (outcome.state === 'failed') return void (await this.host.post({ type: 'result', requestId, ok: false, message: outcome.message }));
    if (outcome.state === 'queued') return void (await this.host.post({ type: 'result', requestId, ok: true, outcome: { state: 'queued' } }));
    await this.host.post({ type: 'result', requestId, ok: true, outcome: { state: outcome.state, key: outcome.key, ...(outcome.url ? { url: outcome.url } : {}) } });
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
