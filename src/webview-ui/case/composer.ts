import type { DraftKind, Drafts } from '../../protocol/caseProtocol';
import type { Dom } from './dom';

export interface ComposerCallbacks {
  /** The text of a composer changed (typing, or cleared after a send). */
  input(kind: DraftKind, text: string): void;
  mode(kind: DraftKind): void;
  send(kind: DraftKind, text: string): void;
  /** Focus left a composer: save the draft now. */
  flush(): void;
}

export interface ComposerState {
  readonly requesterName?: string;
  readonly requesterEmail?: string;
  busy(kind: DraftKind): boolean;
  error(kind: DraftKind): string | undefined;
}

interface Parts {
  readonly tab: HTMLButtonElement;
  readonly panel: HTMLElement;
  readonly label: HTMLLabelElement;
  readonly hint: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  readonly send: HTMLButtonElement;
  readonly confirm: HTMLElement;
  readonly confirmText: HTMLElement;
  readonly confirmButton: HTMLButtonElement;
  readonly error: HTMLElement;
}

const KINDS: readonly DraftKind[] = ['reply', 'note'];
export const MAX_TEXT = 100_000;

/**
 * The reply / internal-note composer: a tablist of two modes, each with its own textarea (own undo
 * history and caret). Built once and updated in place, so snapshots never disturb typing. A public
 * reply asks for confirmation inside the panel; a note sends directly.
 */
export class Composer {
  readonly element: HTMLElement;
  readonly #parts: Record<DraftKind, Parts>;
  #mode: DraftKind = 'reply';
  #confirming = false;
  #state: ComposerState = { busy: () => false, error: () => undefined };

  constructor(
    private readonly dom: Dom,
    private readonly callbacks: ComposerCallbacks,
    private readonly shortcut: string,
  ) {
    this.#parts = { reply: this.#build('reply'), note: this.#build('note') };
    const tablist = dom.el('div', { class: 'composer-tabs', role: 'tablist', 'aria-label': 'Compose' }, this.#parts.reply.tab, this.#parts.note.tab);
    tablist.addEventListener('keydown', (e) => this.#onTabKey(e));
    this.element = dom.el(
      'section',
      { class: 'composer', 'aria-labelledby': 'composer-heading' },
      dom.el('h2', { id: 'composer-heading', class: 'sr-only' }, 'Compose'),
      tablist,
      this.#parts.reply.panel,
      this.#parts.note.panel,
    );
    this.#select('reply');
  }

  get mode(): DraftKind {
    return this.#mode;
  }

  text(kind: DraftKind): string {
    return this.#parts[kind].textarea.value;
  }

  /** Drafts from state or the host: fills both composers without echoing them back as input. */
  setDrafts(drafts: Drafts): void {
    for (const kind of KINDS) this.#parts[kind].textarea.value = drafts[kind].slice(0, MAX_TEXT);
    this.#select(drafts.mode);
  }

  update(state: ComposerState): void {
    this.#state = state;
    const name = state.requesterName || 'the requester';
    for (const kind of KINDS) {
      const p = this.#parts[kind];
      const busy = state.busy(kind);
      const empty = !p.textarea.value.trim();
      p.send.disabled = busy || empty;
      setBusy(p.send, busy);
      p.send.lastChild!.textContent = busy ? ' Sending…' : kind === 'reply' ? ' Send reply…' : ' Add note';
      p.textarea.readOnly = busy;
      setBusy(p.panel, busy);
      const error = state.error(kind);
      p.error.hidden = !error;
      p.error.lastChild!.textContent = error ? ` ${error}` : '';
      if (kind === 'reply') {
        p.label.textContent = `Reply to ${name}`;
        p.hint.lastChild!.textContent = ` Public: this reply will be emailed to ${name}${state.requesterEmail ? ` <${state.requesterEmail}>` : ''}.`;
        p.confirmText.textContent = `Send to ${name}?`;
      }
      const confirming = kind === 'reply' && this.#confirming && !busy;
      p.confirm.hidden = !confirming;
      p.send.hidden = confirming;
    }
  }

  /** From the host's "focus" message: that mode, caret in its textarea. */
  focus(kind: DraftKind): void {
    this.#select(kind);
    this.callbacks.mode(kind);
    this.#parts[kind].textarea.focus();
  }

  /** After a successful send. */
  clear(kind: DraftKind): void {
    this.#parts[kind].textarea.value = '';
    if (kind === 'reply') this.#confirming = false;
    this.callbacks.input(kind, '');
    this.update(this.#state);
  }

  /** Send button or Ctrl/Cmd+Enter: a note goes now; a reply first asks "Send to …?". */
  requestSend(kind: DraftKind): void {
    const p = this.#parts[kind];
    if (this.#state.busy(kind) || !p.textarea.value.trim()) return;
    if (kind === 'note') {
      this.callbacks.send(kind, p.textarea.value);
      return;
    }
    this.#confirming = true;
    this.update(this.#state);
    p.confirmButton.focus();
  }

  #confirm(): void {
    const p = this.#parts.reply;
    if (!this.#confirming || this.#state.busy('reply') || !p.textarea.value.trim()) return;
    this.#confirming = false;
    this.callbacks.send('reply', p.textarea.value);
  }

  #cancel(): void {
    this.#confirming = false;
    this.update(this.#state);
    this.#parts.reply.textarea.focus();
  }

  #select(kind: DraftKind): void {
    if (kind !== this.#mode) this.#confirming = false;
    this.#mode = kind;
    for (const k of KINDS) {
      const p = this.#parts[k];
      const selected = k === kind;
      p.tab.setAttribute('aria-selected', String(selected));
      p.tab.tabIndex = selected ? 0 : -1;
      p.panel.hidden = !selected;
    }
    this.element.classList.toggle('mode-note', kind === 'note');
    this.update(this.#state);
  }

  #onTabKey(e: KeyboardEvent): void {
    const order: Record<string, DraftKind | undefined> = {
      ArrowLeft: this.#mode === 'reply' ? 'note' : 'reply',
      ArrowRight: this.#mode === 'reply' ? 'note' : 'reply',
      Home: 'reply',
      End: 'note',
    };
    const kind = order[e.key];
    if (!kind) return;
    e.preventDefault();
    this.#select(kind);
    this.callbacks.mode(kind);
    this.#parts[kind].tab.focus();
  }

  #build(kind: DraftKind): Parts {
    const dom = this.dom;
    const note = kind === 'note';
    const ids = { tab: `composer-tab-${kind}`, panel: `composer-panel-${kind}`, text: `composer-text-${kind}`, hint: `composer-hint-${kind}`, error: `composer-error-${kind}` };
    const tab = dom.el(
      'button',
      { class: `composer-tab ${kind}`, role: 'tab', id: ids.tab, 'aria-controls': ids.panel, type: 'button' },
      dom.icon(note ? 'lock' : 'mail'),
      note ? ' Internal note' : ' Reply (public)',
    );
    tab.addEventListener('click', () => {
      this.#select(kind);
      this.callbacks.mode(kind);
    });
    const label = dom.el('label', { for: ids.text, class: 'composer-label' }, note ? 'Internal note (agents only)' : 'Reply to the requester');
    const hint = dom.el('p', { class: 'hint', id: ids.hint }, dom.icon(note ? 'lock' : 'globe'), note ? ' Internal: only agents can see this note.' : ' Public: this reply will be emailed to the requester.');
    const textarea = dom.el('textarea', { id: ids.text, rows: 5, maxlength: MAX_TEXT, 'aria-describedby': `${ids.hint} ${ids.error}`, spellcheck: 'true' });
    textarea.addEventListener('input', () => {
      if (kind === 'reply') this.#confirming = false;
      this.callbacks.input(kind, textarea.value);
      this.update(this.#state);
    });
    textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.requestSend(kind);
      }
    });
    textarea.addEventListener('blur', () => this.callbacks.flush());
    const send = dom.el('button', { class: 'primary send', type: 'button', 'aria-keyshortcuts': 'Control+Enter Meta+Enter', title: `Send (${this.shortcut})` }, dom.icon(note ? 'lock' : 'send'), dom.doc.createTextNode(''));
    send.addEventListener('click', () => this.requestSend(kind));
    const confirmText = dom.el('span', { class: 'confirm-text' });
    const confirmButton = dom.el('button', { class: 'primary', type: 'button' }, 'Confirm');
    confirmButton.addEventListener('click', () => this.#confirm());
    const cancel = dom.el('button', { class: 'secondary', type: 'button' }, 'Cancel');
    cancel.addEventListener('click', () => this.#cancel());
    const confirm = dom.el('div', { class: 'confirm-row', role: 'group', 'aria-label': 'Confirm sending', hidden: true }, dom.icon('warning'), confirmText, confirmButton, cancel);
    confirm.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.#cancel();
      }
    });
    const error = dom.el('p', { class: 'control-error', id: ids.error, hidden: true }, dom.icon('error'), dom.doc.createTextNode(''));
    const panel = dom.el(
      'div',
      { class: `composer-panel ${kind}`, role: 'tabpanel', id: ids.panel, 'aria-labelledby': ids.tab },
      label,
      hint,
      textarea,
      dom.el('div', { class: 'send-row' }, dom.el('span', { class: 'shortcut muted' }, `${this.shortcut} to ${note ? 'add' : 'send'}`), send, confirm),
      error,
    );
    return { tab, panel, label, hint, textarea, send, confirm, confirmText, confirmButton, error };
  }
}

function setBusy(el: HTMLElement, busy: boolean): void {
  if (busy) el.setAttribute('aria-busy', 'true');
  else el.removeAttribute('aria-busy');
}
