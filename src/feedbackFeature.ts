import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { describeError } from './core/errors';
import type { FeedbackWorkflow } from './core/services/feedbackWorkflow';
import type { FormDraft } from './protocol/feedbackProtocol';
import type { CaseSelection } from './protocol/caseProtocol';
import type { DefectTracker } from './core/ports/defectTracker';
import type { Logger } from './core/ports/logger';
import type { TicketSource } from './core/ports/ticketSource';
import { FeedbackDraftStore } from './core/services/feedbackDraftStore';
import type { FeedbackPayload, FeedbackResult, FeedbackSubmitter } from './core/services/feedbackService';
import { Outbox, type Submitter } from './core/services/outbox';
import type { DuplicateFinder } from './core/services/duplicates';
import type { Ticket } from './core/model/ticket';
import { registerFeedbackCommands } from './commands/feedbackCommands';
import { MementoStore } from './host/mementoStore';
import { OUTBOX_VIEW_ID, OutboxTreeProvider } from './views/outboxView';
import type { CaseRegistry } from './webviews/caseRegistry';
import type { FeedbackPanel } from './webviews/feedbackPanel';

export interface FeedbackFeatureDeps {
  readonly context: vscode.ExtensionContext;
  /** The ticket source and tracker in use (stable proxies). */
  readonly source: TicketSource;
  readonly tracker: DefectTracker;
  /** Backends by connection id, for items queued before the user switched connections. */
  readonly trackerById: (id: string) => DefectTracker | undefined;
  readonly sourceById: (id: string) => TicketSource | undefined;
  readonly cases: CaseRegistry;
  readonly resolveTicket: (ref: string) => Promise<Ticket | undefined>;
  readonly log: Logger;
}

/**
 * Structured feedback, wired: the outbox (in workspace storage, so one window sends a workspace's
 * items), its tree view, the feedback forms, and their commands. The filing code, zod and
 * MiniSearch load with the first form or the first item to send, not at activation.
 */
export class FeedbackFeature implements vscode.Disposable {
  readonly outbox: Outbox<FeedbackPayload, FeedbackResult>;
  readonly #panels = new Map<string, FeedbackPanel>();
  readonly #finders = new Map<string, DuplicateFinder>();
  readonly #drafts: FeedbackDraftStore<FormDraft>;
  readonly #disposables: vscode.Disposable[] = [];
  #submitter: FeedbackSubmitter | undefined;

  constructor(private readonly deps: FeedbackFeatureDeps) {
    const lazy: Submitter<FeedbackPayload, FeedbackResult> = {
      find: (item, signal) => this.#realSubmitter().find(item, signal),
      submit: (item, signal) => this.#realSubmitter().submit(item, signal),
    };
    this.outbox = new Outbox({ store: new MementoStore(deps.context.workspaceState), submitter: lazy, log: deps.log.child('outbox') });
    this.#drafts = new FeedbackDraftStore(new MementoStore(deps.context.globalState));
    const provider = new OutboxTreeProvider(this.outbox);
    this.#disposables.push(
      provider,
      vscode.window.createTreeView(OUTBOX_VIEW_ID, { treeDataProvider: provider }),
      { dispose: () => this.outbox.dispose() },
      ...registerFeedbackCommands({ cases: deps.cases, outbox: () => this.outbox, openFeedback: (id, selection) => this.open(id, selection), resolveTicket: deps.resolveTicket, log: deps.log.child('command') }),
    );
  }

  #realSubmitter(): FeedbackSubmitter {
    if (!this.#submitter) {
      const { FeedbackSubmitter: Impl } = require('./core/services/feedbackService') as typeof import('./core/services/feedbackService');
      this.#submitter = new Impl({ tracker: this.deps.trackerById, source: this.deps.sourceById, log: this.deps.log.child('feedback') });
    }
    return this.#submitter;
  }

  /** Starts sending what is waiting (called once the extension has a usable connection). */
  start(): void {
    void this.outbox.process();
  }

  #finder(): DuplicateFinder {
    const id = this.deps.tracker.info.id;
    let finder = this.#finders.get(id);
    if (!finder) {
      const { DuplicateFinder: Impl } = require('./core/services/duplicates') as typeof import('./core/services/duplicates');
      finder = new Impl();
      this.#finders.set(id, finder);
    }
    return finder;
  }

  #workflow: FeedbackWorkflow | undefined;

  /** Prefill, duplicates, filing and +1, shared by the form and the public API (loads zod and MiniSearch on first use). */
  workflow(): FeedbackWorkflow {
    if (!this.#workflow) {
      const { FeedbackWorkflow: Impl } = require('./core/services/feedbackWorkflow') as typeof import('./core/services/feedbackWorkflow');
      this.#workflow = new Impl({
        source: this.deps.source,
        tracker: this.deps.tracker,
        outbox: this.outbox,
        finder: () => this.#finder(),
        newKey: () => crypto.randomUUID(),
        onFiled: (id) => void this.deps.cases.get(id)?.load(),
      });
    }
    return this.#workflow;
  }

  panel(ticketId: string): FeedbackPanel | undefined {
    return this.#panels.get(`${this.deps.source.info.id}:${ticketId}`);
  }

  /** The saved draft of a ticket's form (what the form opens with), for tests. */
  savedDraft(ticketId: string): FormDraft | undefined {
    return this.#drafts.get(`${this.deps.source.info.id}:${ticketId}`);
  }

  /** Opens (or reveals) the form for a ticket; text selected in the case becomes a quote in it. */
  async open(ticketId: string, selection?: CaseSelection): Promise<void> {
    const key = `${this.deps.source.info.id}:${ticketId}`;
    const existing = this.#panels.get(key);
    if (existing) {
      // The open form's own state is newer than any saved draft: the quote goes to the form itself.
      if (selection) await this.#quoteInOpenForm(existing, ticketId, selection);
      return existing.reveal();
    }
    if (selection) await this.#quoteSelection(key, ticketId, selection);
    const { FeedbackPanel: Impl } = require('./webviews/feedbackPanel') as typeof import('./webviews/feedbackPanel');
    const panel = new Impl(
      {
        extensionUri: this.deps.context.extensionUri,
        source: this.deps.source,
        tracker: this.deps.tracker,
        workflow: this.workflow(),
        drafts: this.#drafts,
        log: this.deps.log.child('feedback'),
      },
      ticketId,
    );
    this.#panels.set(key, panel);
    panel.onDidDispose(() => this.#panels.delete(key));
  }

  /**
   * The form opens with the saved draft, else a fresh prefill. So a selection goes through the
   * saved draft: appended as a new quote to a draft in progress (nothing the user typed is lost;
   * the same words from the same entry are not added twice), or, with no draft yet, the prefill
   * with the selection as its first quote saved as the draft. A case that cannot be read leaves
   * the draft alone: the form then reports the problem itself.
   */
  async #quoteSelection(key: string, ticketId: string, selection: CaseSelection): Promise<void> {
    const prefill = require('./core/services/feedbackPrefill') as typeof import('./core/services/feedbackPrefill');
    try {
      const [ticket, history] = await Promise.all([this.deps.source.getTicket(ticketId), this.deps.source.getHistory(ticketId)]);
      const saved = this.#drafts.get(key);
      if (!saved) {
        const { draft } = prefill.prefillFromCase({ ticket, history, selectedText: selection.text, selectedTextEventId: selection.eventId });
        return await this.#drafts.set(key, prefill.completeDraft(draft));
      }
      const quote = prefill.selectionQuote(ticket, history, selection);
      if (!quote) return this.deps.log.info(`The selection in ${ticket.key} is no longer in its history; the draft is unchanged.`);
      // FormDraft takes at most 200 quotes; the form already says a draft with that many has too many.
      if (saved.evidence.length >= 200) return this.deps.log.info(`The feedback draft of ${ticket.key} is full of quotes; the selection was not added.`);
      const evidence = prefill.withQuote(saved.evidence, quote);
      if (evidence !== saved.evidence) await this.#drafts.set(key, { ...saved, evidence: [...evidence] });
    } catch (err) {
      this.deps.log.warn(`The selected text could not be added to the feedback draft of ${ticketId}: ${describeError(err)}`);
    }
  }

  async #quoteInOpenForm(panel: FeedbackPanel, ticketId: string, selection: CaseSelection): Promise<void> {
    const prefill = require('./core/services/feedbackPrefill') as typeof import('./core/services/feedbackPrefill');
    try {
      const [ticket, history] = await Promise.all([this.deps.source.getTicket(ticketId), this.deps.source.getHistory(ticketId)]);
      const quote = prefill.selectionQuote(ticket, history, selection);
      if (quote) await panel.addQuote(quote);
      else this.deps.log.info(`The selection in ${ticket.key} is no longer in its history; the form is unchanged.`);
    } catch (err) {
      this.deps.log.warn(`The selected text could not be added to the open feedback form of ${ticketId}: ${describeError(err)}`);
    }
  }

  closeAll(): void {
    for (const p of [...this.#panels.values()]) p.dispose();
  }

  dispose(): void {
    this.closeAll();
    for (const d of this.#disposables) d.dispose();
  }
}
