import * as vscode from 'vscode';
import { CaselinkError, describeError } from '../core/errors';
import type { HistoryEvent } from '../core/model/history';
import { PRIORITIES, TICKET_STATUSES, type Ticket } from '../core/model/ticket';
import type { Logger } from '../core/ports/logger';
import type { DefectTracker } from '../core/ports/defectTracker';
import type { TicketChange, TicketSource } from '../core/ports/ticketSource';
import type { DraftStore } from '../core/services/draftStore';
import { firstUnreadEvent, normalizeHistory } from '../core/services/history';
import type { SeenTracker } from '../core/services/seenTracker';
import { WebviewMessage, type CaseSelection, type CaseSnapshot, type HostMessage, type LinkedDefectView } from '../protocol/caseProtocol';
import { WebviewPanelHost } from './webviewHost';
import { CASE_VIEW_TYPE } from './caseRegistry';
import { pickAssignee, pickDefect, askForTag, openExternalChecked } from './caseInteractions';


export interface CaseDeps {
  readonly extensionUri: vscode.Uri;
  readonly source: TicketSource;
  readonly tracker: DefectTracker;
  readonly seen: SeenTracker;
  readonly drafts: DraftStore;
  readonly log: Logger;
  /** The queue shows the change without a full refresh. */
  readonly onTicketChanged: (ticket: Ticket) => void;
}

type Loadable<T> = { state: 'loading' } | { state: 'loaded'; value: T } | { state: 'error'; message: string };

/**
 * One ticket in an editor tab. Loads the ticket and its history, then the linked defects in one
 * batch (three backend calls), and pushes whole snapshots to the webview. Every action goes through
 * the ports, carries the webview's requestId, and runs at most once per requestId.
 */
export class CasePanel implements vscode.Disposable {
  readonly host: WebviewPanelHost<WebviewMessage, HostMessage>;
  readonly ref: string;
  #ticket: Loadable<Ticket> = { state: 'loading' };
  #history: Loadable<HistoryEvent[]> = { state: 'loading' };
  #defects: Loadable<LinkedDefectView[]> = { state: 'loading' };
  #notices: string[] = [];
  #firstUnread: string | undefined;
  #selection: CaseSelection | undefined;
  readonly #busy = new Set<string>();
  /** requestId -> outcome, so a repeated request (double click, retry) is answered, not redone. */
  readonly #requests = new Map<string, Promise<void>>();
  readonly #onDidDispose = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.#onDidDispose.event;
  #loadController: AbortController | undefined;
  #disposed = false;

  constructor(
    private readonly deps: CaseDeps,
    readonly ticketId: string,
    title: string,
    existing?: vscode.WebviewPanel,
  ) {
    this.ref = `${deps.source.info.id}:${ticketId}`;
    this.host = new WebviewPanelHost(deps.extensionUri, {
      viewType: CASE_VIEW_TYPE, title, script: 'case', styles: ['base.css', 'case.css'], incoming: WebviewMessage,
      iconPath: vscode.Uri.joinPath(deps.extensionUri, 'media', 'caselink.svg'),
    }, deps.log, existing);
    this.host.panel.onDidDispose(() => this.dispose());
    // A hidden webview is discarded (no retainContextWhenHidden), and its selection with it.
    this.host.panel.onDidChangeViewState((e) => !e.webviewPanel.visible && (this.#selection = undefined));
    this.host.onMessage((message) => void this.#handle(message));
  }

  /** Text the user has selected in one message of the history, for a feedback quote. */
  get selection(): CaseSelection | undefined {
    return this.#selection;
  }

  reveal(): void {
    this.host.panel.reveal();
  }

  focusComposer(target: 'reply' | 'note'): void {
    this.reveal();
    void this.host.post({ type: 'focus', target });
  }

  async load(): Promise<void> {
    this.#loadController?.abort();
    const controller = (this.#loadController = new AbortController());
    const { source, tracker, seen } = this.deps;
    const signal = controller.signal;
    // Ticket and history in parallel; defects after the ticket, so the panel never waits on the tracker.
    const ticket = source.getTicket(this.ticketId, signal).then(
      (t) => (this.#ticket = { state: 'loaded', value: t }),
      (err) => (this.#ticket = { state: 'error', message: ticketError(err, this.ticketId) }),
    );
    const history = source.getHistory(this.ticketId, signal).then(
      (raw) => {
        const { events, unreadable } = normalizeHistory(raw);
        this.#notices = unreadable ? [`${unreadable} history entr${unreadable === 1 ? 'y' : 'ies'} could not be read and ${unreadable === 1 ? 'is' : 'are'} shown as a placeholder.`] : [];
        this.#history = { state: 'loaded', value: events };
      },
      (err) => (this.#history = { state: 'error', message: `The history could not be loaded: ${describeError(err)}` }),
    );
    await ticket;
    if (signal.aborted) return;
    this.#push();
    const defects = tracker.linkedDefects(this.#ticketRef(), signal).then(
      (items) => (this.#defects = { state: 'loaded', value: items.map((d) => ({ ...d })) }),
      (err) => (this.#defects = { state: 'error', message: `Linked defects could not be loaded from ${tracker.info.label}: ${describeError(err)}` }),
    );
    await history;
    if (signal.aborted) return;
    if (this.#ticket.state === 'loaded' && this.#history.state === 'loaded') {
      const t = this.#ticket.value;
      // Open at the first entry the user has not seen, then count the ticket as seen.
      this.#firstUnread ??= firstUnreadEvent(this.#history.value, seen.lastSeenAt(t))?.id;
      await seen.markSeen([t]);
      this.deps.onTicketChanged(t);
    }
    this.#push();
    await defects;
    if (!signal.aborted) this.#push();
  }

  snapshot(): CaseSnapshot {
    return {
      ticket: this.#ticket,
      history: this.#history,
      defects: this.#defects,
      firstUnreadEventId: this.#firstUnread,
      notices: this.#notices,
      connectionLabel: this.deps.source.info.label,
      trackerLabel: this.deps.tracker.info.label,
      now: new Date().toISOString(),
      options: { statuses: [...TICKET_STATUSES], priorities: [...PRIORITIES] },
      allowRemoteImages: this.host.allowRemoteImages,
      busy: [...this.#busy],
    };
  }

  #push(): void {
    if (this.#disposed) return;
    if (this.#ticket.state === 'loaded') this.host.panel.title = `${this.#ticket.value.key} ${this.#ticket.value.subject}`;
    void this.host.post({ type: 'snapshot', snapshot: this.snapshot() });
  }

  async #handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.#selection = undefined;
        await this.host.post({ type: 'init', drafts: this.deps.drafts.get(this.ref), ticketId: this.ticketId });
        this.#push();
        return;
      case 'saveDraft':
        await this.deps.drafts.set(this.ref, message.drafts);
        return;
      case 'refresh':
        await this.load();
        return;
      case 'selection':
        this.#selection = this.#checkedSelection(message.selection);
        return;
      case 'openLink':
        await openExternalChecked(message.url, 'a link in this ticket');
        return;
      case 'openTicketInHelpdesk':
        if (this.#ticket.state === 'loaded' && this.#ticket.value.url) await openExternalChecked(this.#ticket.value.url, 'the ticket');
        return;
      case 'openDefect':
        await this.#openDefect(message.defectId);
        return;
      case 'allowRemoteImages':
        this.host.setAllowRemoteImages(true);
        return;
      default:
        await this.run(message.requestId, () => this.#act(message));
    }
  }

  /** Runs an action once per requestId, reports the outcome to the webview, keeps the panel in step. */
  run(requestId: string, action: () => Promise<{ clearDraft?: 'reply' | 'note' } | void>): Promise<void> {
    const earlier = this.#requests.get(requestId);
    if (earlier) return earlier;
    const outcome = (async () => {
      this.#busy.add(requestId);
      this.#push();
      try {
        const result = (await action()) ?? {};
        await this.host.post({ type: 'result', requestId, ok: true, ...(result.clearDraft ? { clearDraft: result.clearDraft } : {}) });
      } catch (err) {
        this.deps.log.warn(`Action on ${this.ref} failed: ${describeError(err)}`);
        await this.host.post({ type: 'result', requestId, ok: false, message: describeError(err) });
      } finally {
        this.#busy.delete(requestId);
        this.#push();
      }
    })();
    this.#requests.set(requestId, outcome);
    return outcome;
  }

  /** The tracker identifies the ticket by its web address where it has one. */
  #ticketRef() {
    const url = this.#ticket.state === 'loaded' ? this.#ticket.value.url : undefined;
    return { connectionId: this.deps.source.info.id, ticketId: this.ticketId, ...(url ? { url } : {}) };
  }

  /** Kept only when it names a message of this case: a quote must be attributed to the right entry. */
  #checkedSelection(selection: CaseSelection | null): CaseSelection | undefined {
    if (!selection) return undefined;
    const history = this.#history.state === 'loaded' ? this.#history.value : [];
    if (history.some((e) => e.id === selection.eventId && e.kind === 'message')) return selection;
    this.deps.log.debug(`Ignored a selection in ${this.ref}: entry ${selection.eventId} is not a message of this case.`);
    return undefined;
  }

  async #act(message: Exclude<WebviewMessage, { type: 'ready' | 'saveDraft' | 'refresh' | 'openLink' | 'openTicketInHelpdesk' | 'openDefect' | 'allowRemoteImages' | 'selection' }>): Promise<{ clearDraft?: 'reply' | 'note' } | void> {
    const { source, tracker } = this.deps;
    const ticketRef = this.#ticketRef();
    switch (message.type) {
      case 'send': {
        await source.addMessage(this.ticketId, { visibility: message.kind === 'reply' ? 'public' : 'internal', body: message.text, idempotencyKey: message.requestId });
        await this.deps.drafts.clear(this.ref, message.kind);
        await this.#reloadTicket();
        return { clearDraft: message.kind };
      }
      case 'setStatus':
        return this.#change({ status: message.status });
      case 'setPriority':
        return this.#change({ priority: message.priority });
      case 'pickAssignee': {
        const current = this.#ticket.state === 'loaded' ? this.#ticket.value.assignee?.id : undefined;
        const choice = await pickAssignee(source, current);
        if (choice !== undefined) await this.#change({ assigneeId: choice });
        return;
      }
      case 'addTag': {
        const tag = await askForTag(this.#ticket.state === 'loaded' ? this.#ticket.value.tags : []);
        if (tag) await this.#change({ addTags: [tag] });
        return;
      }
      case 'removeTag':
        return this.#change({ removeTags: [message.tag] });
      case 'linkDefect': {
        const linked = this.#defects.state === 'loaded' ? this.#defects.value.map((d) => d.defectId) : [];
        const defect = await pickDefect(tracker, linked);
        if (!defect) return;
        await tracker.link(ticketRef, defect.id);
        // The helpdesk records the link on its side too where it can (RT: custom field + RefersTo).
        await source.recordDefectLink?.(this.ticketId, { id: defect.id, key: defect.key, ...(defect.url ? { url: defect.url } : {}) }, 'link');
        await this.#reloadDefects();
        return;
      }
      case 'unlinkDefect': {
        const known = this.#defects.state === 'loaded' ? this.#defects.value.find((d) => d.defectId === message.defectId)?.defect : undefined;
        await tracker.unlink(ticketRef, message.defectId);
        await source.recordDefectLink?.(this.ticketId, { id: message.defectId, key: known?.key ?? message.defectId, ...(known?.url ? { url: known.url } : {}) }, 'unlink');
        await this.#reloadDefects();
        return;
      }
    }
  }

  async #change(change: TicketChange): Promise<void> {
    const updated = await this.deps.source.updateTicket(this.ticketId, change);
    this.#ticket = { state: 'loaded', value: updated };
    await this.#reloadTicket();
  }

  async #reloadTicket(): Promise<void> {
    const [ticket, raw] = await Promise.all([this.deps.source.getTicket(this.ticketId), this.deps.source.getHistory(this.ticketId)]);
    this.#ticket = { state: 'loaded', value: ticket };
    this.#history = { state: 'loaded', value: normalizeHistory(raw).events };
    // What the user did themselves is not "new" to them.
    await this.deps.seen.markSeen([ticket]);
    this.deps.onTicketChanged(ticket);
  }

  async #reloadDefects(): Promise<void> {
    const items = await this.deps.tracker.linkedDefects(this.#ticketRef());
    this.#defects = { state: 'loaded', value: items.map((d) => ({ ...d })) };
  }

  async #openDefect(defectId: string): Promise<void> {
    const entry = this.#defects.state === 'loaded' ? this.#defects.value.find((d) => d.defectId === defectId) : undefined;
    if (entry?.defect?.url) return void (await openExternalChecked(entry.defect.url, 'the defect'));
    const d = entry?.defect;
    const text = d ? `${d.key} ${d.title}: ${d.status}${d.assignee ? `, ${d.assignee.name}` : ''}. ${this.deps.tracker.info.label} has no web page for it.` : `Defect ${defectId} is not available.`;
    void vscode.window.showInformationMessage(text);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#loadController?.abort();
    this.#onDidDispose.fire();
    this.#onDidDispose.dispose();
    this.host.dispose();
  }
}

function ticketError(err: unknown, id: string): string {
  if (err instanceof CaselinkError && err.reason === 'notFound') return `Ticket ${id} no longer exists in the helpdesk (it may have been deleted or merged).`;
  return `The ticket could not be loaded: ${describeError(err)}`;
}
