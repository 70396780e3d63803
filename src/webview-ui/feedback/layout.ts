import type { Dom } from '../case/dom';
import { plural } from '../case/format';
import type { DuplicatesPanel } from './duplicates';
import type { EvidenceEditor } from './evidence';
import type { ScalarFields } from './form';
import type { ReadOnlyLists } from './lists';
import type { SubmitArea } from './outcome';
import type { TagEditor } from './tags';

export interface FormParts {
  readonly live: HTMLElement;
  readonly scalars: ScalarFields;
  readonly tags: TagEditor;
  readonly evidence: EvidenceEditor;
  readonly lists: ReadOnlyLists;
  readonly submit: SubmitArea;
  readonly duplicates: DuplicatesPanel;
}

/**
 * The page's banner: "Feedback from #1042: <subject>", where it is filed, and a pointer to the
 * similar defects (the preferred path when one matches) for keyboard and screen-reader users.
 */
export class Header {
  readonly element: HTMLElement;
  readonly #title: HTMLElement;
  readonly #target: HTMLElement;
  readonly #callout: HTMLElement;
  readonly #calloutButton: HTMLButtonElement;
  #tracker = '';

  constructor(
    private readonly dom: Dom,
    onReview: () => void,
  ) {
    this.#title = dom.el('h1', { id: 'fb-heading' }, 'Loading the feedback form…');
    this.#target = dom.el('p', { class: 'muted target' });
    this.#calloutButton = dom.el('button', { type: 'button', class: 'link-button' });
    this.#calloutButton.addEventListener('click', onReview);
    this.#callout = dom.el('p', { class: 'dup-callout', hidden: true }, dom.icon('lightbulb'), ' ', this.#calloutButton);
    this.element = dom.el(
      'header',
      { class: 'fb-header' },
      dom.el('p', { class: 'eyebrow muted' }, 'File product feedback for engineering'),
      this.#title,
      this.#target,
      this.#callout,
    );
  }

  set(ticketKey: string, subject: string, trackerLabel: string): void {
    const { dom } = this;
    this.#tracker = trackerLabel || 'the tracker';
    this.#title.replaceChildren(`Feedback from ${ticketKey}: `, dom.el('span', { class: 'subject' }, subject.trim() || '(no subject)'));
    this.#target.replaceChildren(dom.icon('repo'), ` Files to ${this.#tracker}`);
  }

  /** "Review 2 similar defects first": shown while there are matches and nothing was filed. */
  setSimilar(count: number, show: boolean): void {
    this.#callout.hidden = !show || count === 0;
    this.#calloutButton.textContent = `Review ${plural(count, 'similar defect', 'similar defects')} in ${this.#tracker} first`;
  }
}

/** The whole page: banner, then the form (main) and the similar defects beside it (aside). */
export function buildLayout(dom: Dom, root: HTMLElement, header: Header, parts: FormParts): HTMLFormElement {
  const s = parts.scalars;
  const section = (id: string, title: string, ...children: Array<HTMLElement | null>) =>
    dom.el('section', { class: 'form-section', 'aria-labelledby': id }, dom.el('h2', { id }, title), ...children);
  const form = dom.el(
    'form',
    { class: 'fb-form', novalidate: true, 'aria-labelledby': 'fb-heading', hidden: true },
    dom.el('p', { class: 'hint required-note' }, 'Fields marked ', dom.el('span', { class: 'required', 'aria-hidden': 'true' }, '*'), dom.srOnly('with an asterisk'), ' are required.'),
    section('fb-sec-problem', 'The problem', s.container('title'), s.container('productArea'), dom.el('div', { class: 'pair' }, s.container('kind'), s.container('severity')), s.container('problem'), s.container('customerImpact')),
    section('fb-sec-repro', 'How to reproduce', s.container('steps'), dom.el('div', { class: 'pair' }, s.container('expected'), s.container('actual')), s.container('environment')),
    section('fb-sec-workaround', 'Workaround', s.container('workaround'), s.container('workaroundAccepted')),
    section('fb-sec-evidence', 'Tags and evidence', parts.tags.element, parts.evidence.element),
    section('fb-sec-customers', 'Customers and cases', dom.el('div', { class: 'pair' }, parts.lists.customers, parts.lists.sources)),
    parts.submit.bar,
  );
  // Implicit submission (Enter in a text box) must never file: only the button and Ctrl/Cmd+Enter do.
  form.addEventListener('submit', (e) => e.preventDefault());
  root.classList.add('feedback-app');
  root.replaceChildren(
    parts.live,
    header.element,
    dom.el(
      'div',
      { class: 'fb-layout' },
      dom.el('main', { class: 'fb-main', 'aria-label': 'Feedback form' }, parts.submit.outcome, parts.submit.summary, form),
      parts.duplicates.element,
    ),
  );
  return form;
}
