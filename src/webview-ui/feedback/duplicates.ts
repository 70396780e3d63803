import type { DuplicateView, FeedbackHostMessage } from '../../protocol/feedbackProtocol';
import { type Dom, findByData, idFor } from '../case/dom';
import { FocusKeeper } from '../case/focusKeeper';
import { plural } from '../case/format';
import { webUrl } from './fields';

type DuplicatesMessage = Extract<FeedbackHostMessage, { type: 'duplicates' }>;
type Status = 'idle' | DuplicatesMessage['state'];

export interface DuplicatesCallbacks {
  /** Confirmed "+1": add this case as evidence to the match. */
  addEvidence(match: DuplicateView): void;
  retry(): void;
  announce(text: string): void;
}

/**
 * "Similar defects in <tracker>": the preferred path when one of them is the customer's problem.
 * Loading, error and empty states are explicit. "+1" asks for confirmation inside the panel (like a
 * public reply in the case panel) before anything is posted. Rebuilt per update; focus is carried
 * over by `data-focus` keys.
 */
export class DuplicatesPanel {
  readonly element: HTMLElement;
  readonly #title: HTMLElement;
  readonly #count: HTMLElement;
  readonly #body: HTMLElement;
  readonly #focus: FocusKeeper;
  #status: Status = 'idle';
  #message: string | undefined;
  /** The last loaded matches: still shown (as earlier results) while a new search runs or after it failed. */
  #matches: DuplicateView[] = [];
  #announced = '';
  #confirming: string | undefined;
  #locked = false;
  #busy: string | undefined;
  #tracker = 'the tracker';
  #ticketKey = 'this case';

  constructor(
    private readonly dom: Dom,
    private readonly callbacks: DuplicatesCallbacks,
  ) {
    this.#title = dom.el('span', null, 'Similar defects');
    this.#count = dom.el('span', { class: 'count badge', hidden: true });
    this.#body = dom.el('div', { class: 'dup-body' });
    this.element = dom.el(
      'aside',
      { class: 'fb-side duplicates', 'aria-labelledby': 'fb-dup-heading' },
      dom.el('h2', { id: 'fb-dup-heading', tabindex: -1 }, dom.icon('search'), ' ', this.#title, this.#count),
      dom.el('p', { class: 'hint' }, 'If one of these is the customer’s problem, add this case to it as +1 instead of filing new feedback.'),
      this.#body,
    );
    this.#focus = new FocusKeeper(dom.doc, this.element);
    this.#render();
  }

  setContext(trackerLabel: string, ticketKey: string): void {
    this.#tracker = trackerLabel || 'the tracker';
    this.#ticketKey = ticketKey;
    this.#title.textContent = `Similar defects in ${this.#tracker}`;
    this.#render();
  }

  /** A search was asked for: loading until the host answers. */
  searching(): void {
    if (this.#status === 'loading') return;
    this.#status = 'loading';
    this.#render();
  }

  update(message: DuplicatesMessage): void {
    this.#status = message.state;
    this.#message = message.message;
    if (message.state === 'loaded') this.#matches = [...message.matches];
    if (!this.#matches.some((m) => m.defectId === this.#confirming)) this.#confirming = undefined;
    this.#render();
    const n = this.#matches.length;
    const say =
      message.state === 'loaded'
        ? n ? `${plural(n, 'similar defect', 'similar defects')} found in ${this.#tracker}: review them before filing.` : `No similar defects found in ${this.#tracker}.`
        : message.state === 'error' ? `Searching for similar defects failed: ${message.message || 'unknown error'}` : '';
    // Searches run as the user types: only a change is worth saying.
    if (say && say !== this.#announced) this.callbacks.announce(say);
    if (say) this.#announced = say;
  }

  /** While a request runs (busy: the defect a +1 is for) and after success. */
  setLocked(locked: boolean, busyDefectId?: string): void {
    this.#locked = locked;
    this.#busy = busyDefectId;
    if (locked) this.#confirming = undefined;
    this.#render();
  }

  get matchCount(): number {
    return this.#matches.length;
  }

  focusHeading(): void {
    this.element.querySelector<HTMLElement>('#fb-dup-heading')?.focus();
  }

  #render(): void {
    const { dom } = this;
    const status = this.#status;
    const matches = this.#matches;
    this.#focus.capture(this.#body);
    this.#count.hidden = status !== 'loaded' || !matches.length;
    this.#count.textContent = String(matches.length);
    if (status === 'loading') this.#body.setAttribute('aria-busy', 'true');
    else this.#body.removeAttribute('aria-busy');
    const parts: Node[] = [];
    if (status === 'idle') parts.push(dom.el('p', { class: 'muted' }, 'Similar defects appear here once the form has loaded.'));
    else if (status === 'loading') parts.push(dom.el('p', { class: 'loading' }, dom.icon('loading', 'codicon-modifier-spin'), ` Searching ${this.#tracker} for similar defects…`));
    else if (status === 'error') {
      const retry = dom.el('button', { type: 'button', class: 'secondary compact', 'data-focus': 'dup-retry' }, dom.icon('refresh'), ' Try again');
      retry.addEventListener('click', () => this.callbacks.retry());
      parts.push(dom.el('div', { class: 'error-banner' }, dom.icon('error'), dom.el('span', { class: 'error-text' }, this.#message || `Searching ${this.#tracker} failed.`), retry));
    } else if (!matches.length) parts.push(dom.el('p', { class: 'muted empty' }, `No similar defects found in ${this.#tracker}. File new feedback with the form.`));
    if (matches.length) {
      // While a new search runs, or after it failed, the last results stay usable.
      const stale = status !== 'loaded';
      if (stale) parts.push(dom.el('p', { class: 'muted', id: 'fb-dup-earlier' }, 'Earlier results:'));
      parts.push(dom.el('ul', { class: `match-list${stale ? ' stale' : ''}`, 'aria-labelledby': stale ? 'fb-dup-earlier' : 'fb-dup-heading' }, ...matches.map((m) => this.#match(m))));
    }
    this.#body.replaceChildren(...parts);
    this.#focus.restore();
  }

  #match(m: DuplicateView): HTMLElement {
    const { dom } = this;
    const done = m.stage === 'done';
    const url = webUrl(m.url);
    const titleId = idFor('fb-dup-title', m.defectId);
    const key = url ? dom.el('a', { href: url, title: `Open ${m.key} in ${this.#tracker}`, class: 'match-key', 'data-focus': `open:${m.defectId}` }, m.key) : dom.el('span', { class: 'match-key' }, m.key);
    const busy = this.#busy === m.defectId;
    const plusOne = dom.el(
      'button',
      { type: 'button', class: 'primary plus-one', 'data-focus': `plus:${m.defectId}`, 'aria-describedby': titleId, disabled: this.#locked, 'aria-busy': busy ? 'true' : undefined, hidden: this.#confirming === m.defectId },
      dom.icon(busy ? 'loading' : 'thumbsup', busy ? 'codicon-modifier-spin' : ''),
      busy ? ' Adding +1…' : ' Add this case as +1',
    );
    plusOne.addEventListener('click', () => this.#ask(m.defectId));
    return dom.el(
      'li',
      { class: `match stage-${m.stage}` },
      dom.el('h3', { class: 'match-head', id: titleId }, key, ' ', dom.el('span', { class: 'match-title' }, m.title)),
      dom.el(
        'p',
        { class: 'match-meta' },
        dom.el('span', { class: `badge stage stage-${m.stage}` }, dom.srOnly('Status: '), m.status || m.stage),
        done ? dom.el('span', { class: 'fixed' }, dom.icon('pass'), ' fixed/closed') : null,
        m.linkedCases !== undefined ? dom.el('span', null, plural(m.linkedCases, 'case linked', 'cases linked')) : null,
      ),
      m.reasons.length ? dom.el('ul', { class: 'reasons', 'aria-label': `Why ${m.key} matches` }, ...m.reasons.map((r) => dom.el('li', null, r))) : null,
      done ? dom.el('p', { class: 'hint' }, 'Fixed or closed: if the customer still sees this, say so in the +1 or file new feedback.') : null,
      plusOne,
      this.#confirming === m.defectId ? this.#confirmRow(m) : null,
    );
  }

  #confirmRow(m: DuplicateView): HTMLElement {
    const { dom } = this;
    const ok = dom.el('button', { type: 'button', class: 'primary', 'data-focus': `confirm:${m.defectId}`, 'data-focus-fallback': `plus:${m.defectId}` }, 'Confirm +1');
    ok.addEventListener('click', () => this.#confirm(m));
    const cancel = dom.el('button', { type: 'button', class: 'secondary' }, 'Cancel');
    cancel.addEventListener('click', () => this.#cancel());
    const row = dom.el(
      'div',
      { class: 'confirm-row', role: 'group', 'aria-label': `Confirm +1 on ${m.key}` },
      dom.icon('warning'),
      dom.el('span', { class: 'confirm-text' }, `Add ${this.#ticketKey} to ${m.key} as +1?`),
      dom.el('span', { class: 'hint' }, `Its quotes and affected customers go to ${m.key} as a comment; no new record is filed.`),
      ok,
      cancel,
    );
    row.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.#cancel();
      }
    });
    return row;
  }

  #ask(defectId: string): void {
    if (this.#locked) return;
    this.#confirming = defectId;
    this.#render();
    this.element.querySelector<HTMLButtonElement>('.confirm-row button.primary')?.focus();
  }

  #confirm(m: DuplicateView): void {
    if (this.#locked || this.#confirming !== m.defectId) return;
    this.#confirming = undefined;
    this.callbacks.addEvidence(m);
  }

  #cancel(): void {
    const id = this.#confirming;
    this.#confirming = undefined;
    this.#render();
    if (id) findByData(this.element, 'focus', `plus:${id}`)?.focus();
  }
}
