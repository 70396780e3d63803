import { type CaseSnapshot, type DraftKind, type Drafts, HostMessage, WebviewMessage } from '../../protocol/caseProtocol';
import { Composer } from './composer';
import type { RenderContext } from './context';
import { describeControl, plainAction, requestAction, selectAction } from './actions';
import { renderDefects } from './defects';
import { renderDetails } from './details';
import { Dom } from './dom';
import { DraftSync, type StateStore, readPanelState } from './drafts';
import { FocusKeeper, LiveRegion } from './focusKeeper';
import { renderHeader, renderNotices } from './header';
import { HistoryView } from './history';
import { type Slot, buildLayout } from './layout';
import { Control, RequestTracker } from './requests';
import { createSanitizer, safeLinkUrl } from './sanitize';
import { SelectionReporter } from './selection';

export type Post = (message: WebviewMessage) => void;

export interface CaseViewOptions {
  /** Posts to the host (vscode.postMessage). Messages are validated against WebviewMessage first. */
  readonly post: Post;
  /** vscode.getState/setState; omitted in benchmarks. */
  readonly state?: StateStore;
  readonly newId?: () => string;
  readonly log?: Pick<Console, 'warn'>;
  /** Debounce of saveDraft, in ms. */
  readonly draftDelayMs?: number;
}

type ResultMessage = Extract<HostMessage, { type: 'result' }>;

/**
 * The case panel in the browser: owns the page's regions, turns host messages into DOM, and user
 * actions into protocol messages. Header, details and defects are rebuilt per change (they are
 * small; focus is carried over by `data-focus` keys); the history and the composer live on.
 */
export class CaseView {
  readonly #root: HTMLElement;
  readonly #dom: Dom;
  readonly #requests: RequestTracker;
  readonly #drafts: DraftSync;
  readonly #composer: Composer;
  readonly #history: HistoryView;
  readonly #slots: Record<Slot, HTMLElement>;
  readonly #live: LiveRegion;
  readonly #focus: FocusKeeper;
  readonly #disposers: Array<() => void> = [];
  #snapshot: CaseSnapshot | undefined;
  #looseErrors: string[] = [];

  constructor(root: HTMLElement, private readonly options: CaseViewOptions) {
    this.#root = root;
    const doc = root.ownerDocument;
    const win = doc.defaultView as (Window & typeof globalThis) | null;
    if (!win) throw new Error('The case view needs a document with a window.');
    const dom = (this.#dom = new Dom(doc));
    this.#requests = new RequestTracker(options.newId ?? (() => win.crypto.randomUUID()));
    this.#drafts = new DraftSync((drafts) => this.#post({ type: 'saveDraft', drafts }), () => this.#persist(), options.draftDelayMs);
    const nextFrame = typeof win.requestAnimationFrame === 'function' ? (fn: () => void) => void win.requestAnimationFrame(fn) : (fn: () => void) => void setTimeout(fn, 16);
    this.#history = new HistoryView(dom, createSanitizer(win), nextFrame);
    const mac = /Mac|iPhone|iPad/.test(win.navigator?.platform ?? '');
    this.#composer = new Composer(
      dom,
      {
        input: (kind, text) => this.#drafts.change(kind === 'reply' ? { reply: text } : { note: text }),
        mode: (mode) => this.#drafts.change({ mode }),
        send: (kind, text) => this.#send(kind, text),
        flush: () => this.#drafts.flush(),
      },
      mac ? '⌘+Enter' : 'Ctrl+Enter',
    );

    this.#live = new LiveRegion(doc);
    this.#focus = new FocusKeeper(doc, root);
    this.#slots = buildLayout(dom, root, { live: this.#live.element, history: this.#history.element, composer: this.#composer.element });

    const listen = (target: EventTarget, type: string, fn: (e: Event) => void) => {
      target.addEventListener(type, fn);
      this.#disposers.push(() => target.removeEventListener(type, fn));
    };
    listen(root, 'click', (e) => this.#onClick(e as MouseEvent));
    listen(root, 'auxclick', (e) => (e.target as Element).closest?.('a') && e.preventDefault());
    listen(root, 'change', (e) => this.#onChange(e));
    listen(doc, 'visibilitychange', () => doc.visibilityState === 'hidden' && this.#drafts.flush());
    listen(win, 'pagehide', () => this.#drafts.flush());
    const selection = new SelectionReporter(doc, (current) => void this.#post({ type: 'selection', selection: current }));
    this.#disposers.push(() => selection.dispose());

    const saved = readPanelState(options.state?.getState());
    this.#requests.restore(saved.requests);
    if (saved.drafts) this.#applyDrafts(saved.drafts);
  }

  /** A raw message from the host: validated, then applied. Returns whether it was valid. */
  receive(raw: unknown): boolean {
    const parsed = HostMessage.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      (this.options.log ?? console).warn(`Caselink: ignored an invalid message from the host: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
      return false;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'init':
        this.#ticketId = message.ticketId ?? this.#ticketId;
        this.init(message.drafts);
        this.#persist();
        break;
      case 'snapshot':
        this.snapshot(message.snapshot);
        break;
      case 'result':
        this.result(message);
        break;
      case 'focus':
        this.#composer.focus(message.target);
        break;
    }
    return true;
  }

  /** Drafts from webview state win over the host's (they are newer); the host is told if they differ. */
  init(hostDrafts: Drafts): void {
    const stored = readPanelState(this.options.state?.getState()).drafts;
    this.#applyDrafts(stored ?? hostDrafts);
    if (stored && (stored.reply !== hostDrafts.reply || stored.note !== hostDrafts.note || stored.mode !== hostDrafts.mode)) this.#drafts.saveNow();
  }

  snapshot(snapshot: CaseSnapshot): void {
    this.#snapshot = snapshot;
    this.#requests.setBusy(snapshot.busy);
    const ctx = this.#context(snapshot);
    this.#renderChrome(ctx);
    this.#history.update(ctx);
  }

  result(r: ResultMessage): void {
    const finished = this.#requests.finish(r.requestId, r.ok, r.message);
    this.#persist();
    if (!finished) {
      if (!r.ok) {
        this.#looseErrors = [...this.#looseErrors, r.message || 'An action failed.'].slice(-5);
        this.#live.announce(r.message || 'An action failed.');
      }
    } else if (finished.control === Control.send('reply') || finished.control === Control.send('note')) {
      const kind: DraftKind = finished.control === Control.send('reply') ? 'reply' : 'note';
      if (r.ok && r.clearDraft) this.#composer.clear(r.clearDraft);
      if (r.ok) this.#drafts.flush();
      this.#live.announce(r.ok ? (kind === 'reply' ? 'Reply sent.' : 'Internal note added.') : `Sending failed: ${r.message || 'unknown error'}. Your text is kept.`);
      if (this.#focus.lost() && this.#composer.mode === kind) this.#composer.focus(kind);
    } else {
      const what = describeControl(finished.control, finished.value);
      if (!r.ok) this.#live.announce(`${what.action} failed: ${r.message || 'unknown error'}`);
      else if (what.done) this.#live.announce(what.done);
    }
    if (this.#snapshot) this.#renderChrome(this.#context(this.#snapshot));
    else this.#updateComposer();
  }

  focus(target: DraftKind): void {
    this.#composer.focus(target);
  }

  get historyScroller(): HTMLElement {
    return this.#history.scroller;
  }

  dispose(): void {
    this.#drafts.flush();
    this.#drafts.dispose();
    for (const d of this.#disposers.splice(0)) d();
  }

  #context(snapshot: CaseSnapshot): RenderContext {
    const now = Date.parse(snapshot.now);
    return { dom: this.#dom, snapshot, now: Number.isNaN(now) ? Date.now() : now, requests: this.#requests };
  }

  #applyDrafts(drafts: Drafts): void {
    this.#drafts.reset(drafts);
    this.#composer.setDrafts(drafts);
  }

  #renderChrome(ctx: RenderContext): void {
    this.#region(this.#slots.notices, renderNotices(ctx, this.#looseErrors));
    this.#region(this.#slots.header, renderHeader(ctx));
    this.#region(this.#slots.details, renderDetails(ctx));
    this.#region(this.#slots.defects, renderDefects(ctx));
    this.#updateComposer();
    this.#focus.restore();
  }

  #updateComposer(): void {
    const t = this.#snapshot?.ticket;
    const requester = t?.state === 'loaded' ? t.value.requester : undefined;
    this.#composer.update({
      requesterName: requester?.name,
      requesterEmail: requester?.email,
      busy: (kind) => this.#requests.isBusy(Control.send(kind)),
      error: (kind) => this.#requests.error(Control.send(kind)),
    });
  }

  /** Replaces a region's content; a focused control is found again by its data-focus key. */
  #region(slot: HTMLElement, content: Node | null): void {
    this.#focus.capture(slot);
    slot.replaceChildren(...(content ? [content] : []));
  }

  #onClick(e: MouseEvent): void {
    const target = e.target as Element | null;
    if (!target?.closest) return;
    const link = target.closest('a');
    if (link && this.#root.contains(link)) {
      // Never navigate the webview: the host opens links after its own checks.
      e.preventDefault();
      const url = safeLinkUrl(link.getAttribute('href'));
      if (url) this.#post({ type: 'openLink', url });
      return;
    }
    const el = target.closest<HTMLElement>('[data-action]');
    if (!el || !this.#root.contains(el) || (el as HTMLButtonElement).disabled || el.tagName === 'SELECT') return;
    const d = el.dataset;
    const message = plainAction(d);
    if (message) return void this.#post(message);
    switch (d.action) {
      case 'skipToComposer':
        return this.#composer.focus(this.#composer.mode);
      case 'dismissError':
        this.#looseErrors = this.#looseErrors.filter((_, i) => i !== Number(d.index));
        if (this.#snapshot) this.#renderChrome(this.#context(this.#snapshot));
        return;
      default: {
        const request = requestAction(d);
        if (request) this.#request(request.control, request.build);
      }
    }
  }

  #onChange(e: Event): void {
    const el = e.target as HTMLSelectElement;
    const request = el.tagName === 'SELECT' && this.#snapshot ? selectAction(el.dataset.action, el.value, this.#snapshot) : undefined;
    if (request) this.#request(request.control, request.build, request.value);
  }

  #request(control: string, build: (requestId: string) => WebviewMessage, value?: string): void {
    if (this.#requests.isBusy(control)) return;
    const id = this.#requests.start(control, value);
    if (!this.#post(build(id))) this.#requests.finish(id, false, 'Caselink could not send this request.');
    this.#persist();
    if (this.#snapshot) this.#renderChrome(this.#context(this.#snapshot));
  }

  #send(kind: DraftKind, text: string): void {
    const control = Control.send(kind);
    if (this.#requests.isBusy(control)) return;
    // The host has the exact text before the send, so no late debounced save can resurrect it.
    this.#drafts.saveNow();
    const requestId = this.#requests.start(control);
    if (!this.#post({ type: 'send', requestId, kind, text })) this.#requests.finish(requestId, false, 'The text could not be sent (too long?).');
    this.#persist();
    this.#updateComposer();
  }

  #post(message: WebviewMessage): boolean {
    const parsed = WebviewMessage.safeParse(message);
    if (!parsed.success) {
      (this.options.log ?? console).warn(`Caselink: not sending an invalid ${message.type} message: ${parsed.error.issues[0]?.message}`);
      return false;
    }
    this.options.post(parsed.data);
    return true;
  }

  /** Kept in state so that VS Code can restore this tab after a window reload (the host's serializer reads it). */
  #ticketId: string | undefined;

  #persist(): void {
    this.options.state?.setState({ drafts: this.#drafts.drafts, requests: this.#requests.toState(), ...(this.#ticketId ? { ticketId: this.#ticketId } : {}) });
  }
}

/** Renders a case into `root` (for benchmarks and tests): init with `drafts`, then `snapshot`. */
export function renderCase(root: HTMLElement, snapshot: CaseSnapshot, drafts: Drafts, post: Post, options: Omit<CaseViewOptions, 'post'> = {}): CaseView {
  const view = new CaseView(root, { ...options, post });
  view.init(drafts);
  view.snapshot(snapshot);
  return view;
}
