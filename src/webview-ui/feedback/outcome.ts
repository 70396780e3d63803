import type { Dom } from '../case/dom';
import { plural } from '../case/format';
import { type FieldName, webUrl } from './fields';
import { fieldId } from './registry';
import type { Done } from './state';

export interface SubmitCallbacks {
  submit(): void;
  focusField(field: FieldName): void;
  close(): void;
}

/**
 * Everything about filing: the error summary at the top (links that focus each field), the
 * "File feedback" button with its failure message, and the success state that replaces them.
 */
export class SubmitArea {
  /** At the top of the form: what must be fixed, shown on a submit attempt. */
  readonly summary: HTMLElement;
  /** At the top of the page: the success state. */
  readonly outcome: HTMLElement;
  /** At the end of the form: the button and the failure message. */
  readonly bar: HTMLElement;
  readonly #summaryHeading: HTMLElement;
  readonly #summaryList: HTMLUListElement;
  readonly #failure: HTMLElement;
  readonly #button: HTMLButtonElement;
  readonly #shortcut: HTMLElement;

  constructor(
    private readonly dom: Dom,
    private readonly callbacks: SubmitCallbacks,
    shortcut: string,
  ) {
    this.#summaryHeading = dom.el('h2', { id: 'fb-summary-heading' });
    this.#summaryList = dom.el('ul');
    this.summary = dom.el('div', { class: 'error-summary', 'aria-labelledby': 'fb-summary-heading', tabindex: -1, hidden: true }, this.#summaryHeading, this.#summaryList);
    this.outcome = dom.el('section', { class: 'outcome', 'aria-labelledby': 'fb-outcome-heading', hidden: true });
    this.#failure = dom.el('div', { class: 'error-banner', id: 'fb-failure', hidden: true });
    this.#button = dom.el('button', { type: 'button', class: 'primary file', 'aria-keyshortcuts': 'Control+Enter Meta+Enter', title: `File feedback (${shortcut})` }, dom.icon('send'), dom.doc.createTextNode(' File feedback'));
    this.#button.addEventListener('click', () => callbacks.submit());
    this.#shortcut = dom.el('span', { class: 'shortcut muted' }, `${shortcut} to file`);
    this.bar = dom.el('div', { class: 'submit-bar' }, this.#failure, dom.el('div', { class: 'send-row' }, this.#shortcut, this.#button));
  }

  get button(): HTMLButtonElement {
    return this.#button;
  }

  /** Lists the problems; `focus` moves the keyboard to the summary (after a submit attempt). */
  showSummary(errors: ReadonlyArray<[FieldName, string]>, focus: boolean): void {
    const { dom } = this;
    if (!errors.length) return this.hideSummary();
    this.#summaryHeading.replaceChildren(dom.icon('error'), ` Fix ${plural(errors.length, 'problem', 'problems')} before filing`);
    this.#summaryList.replaceChildren(
      ...errors.map(([field, text]) => {
        const link = dom.el('a', { href: `#${fieldId(field)}`, 'data-field': field }, text);
        link.addEventListener('click', (e) => {
          e.preventDefault();
          this.callbacks.focusField(field);
        });
        return dom.el('li', null, link);
      }),
    );
    this.summary.hidden = false;
    if (focus) this.summary.focus();
  }

  hideSummary(): void {
    this.summary.hidden = true;
    this.#summaryList.replaceChildren();
  }

  get summaryShown(): boolean {
    return !this.summary.hidden;
  }

  /** While a submit runs: disabled at once, so a second click or Ctrl+Enter does nothing. */
  setBusy(busy: boolean, locked: boolean): void {
    this.#button.disabled = busy || locked;
    if (busy) this.#button.setAttribute('aria-busy', 'true');
    else this.#button.removeAttribute('aria-busy');
    this.#button.lastChild!.textContent = busy ? ' Filing…' : ' File feedback';
    this.#button.firstElementChild!.className = busy ? 'codicon codicon-loading codicon-modifier-spin' : 'codicon codicon-send';
  }

  showFailure(message: string | undefined): void {
    this.#failure.replaceChildren(...(message ? [this.dom.icon('error'), this.dom.el('span', { class: 'error-text' }, message)] : []));
    this.#failure.hidden = !message;
  }

  /** The success state; the form below stays visible, read-only. */
  showDone(done: Done, trackerLabel: string, ticketKey: string, focus: boolean): string {
    const { dom } = this;
    const key = done.key ?? done.defectKey;
    const url = webUrl(done.url);
    const tracker = trackerLabel || 'the tracker';
    let heading: string;
    let text: string;
    if (done.state === 'queued') {
      heading = done.kind === 'addEvidence' ? `Queued: +1${done.defectKey ? ` on ${done.defectKey}` : ''}` : 'Queued';
      text = done.kind === 'addEvidence' ? 'Caselink adds this case in the background; see the Outbox.' : 'Caselink files it in the background; see the Outbox.';
    } else if (done.state === 'evidenceAdded') {
      heading = key ? `Added as +1 to ${key}` : 'Added as +1';
      text = `${ticketKey} is now evidence on it, with its quotes and affected customers.`;
    } else {
      heading = key ? `Filed as ${key}` : 'Filed';
      text = `Engineering finds it in ${tracker}; ${ticketKey} is linked to it.`;
    }
    const close = dom.el('button', { type: 'button', class: 'secondary' }, 'Close');
    close.addEventListener('click', () => this.callbacks.close());
    const title = dom.el('h2', { id: 'fb-outcome-heading', tabindex: -1 }, dom.icon(done.state === 'queued' ? 'clock' : 'pass-filled'), ` ${heading}`);
    this.outcome.className = `outcome outcome-${done.state}`;
    this.outcome.replaceChildren(
      title,
      dom.el('p', null, text),
      dom.el('p', { class: 'outcome-actions' }, url && key ? dom.el('a', { href: url, title: url }, dom.icon('link-external'), ` Open ${key} in ${tracker}`) : null, close),
      dom.el('p', { class: 'hint' }, 'The form below is read-only now.'),
    );
    this.outcome.hidden = false;
    this.hideSummary();
    this.showFailure(undefined);
    this.#button.hidden = true;
    this.#shortcut.hidden = true;
    if (focus) title.focus();
    return `${heading}. ${text}`;
  }
}
