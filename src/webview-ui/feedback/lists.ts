import type { FormDraft } from '../../protocol/feedbackProtocol';
import type { Dom } from '../case/dom';
import { money, tierLabel } from '../case/format';
import { FIELD_LABELS, webUrl } from './fields';
import { type FieldRegistry, errorLine, fieldId, prefilledBadge } from './registry';

type ListField = 'customers' | 'sources';

const INTRO: Record<ListField, string> = {
  customers: 'Taken from the case; Caselink adds them to the record.',
  sources: 'The cases this feedback comes from.',
};

/**
 * The read-only parts of the draft: affected customers (organisation, tier, ARR) and source cases.
 * Each is a labelled list; its heading is where the error summary sends the keyboard.
 */
export class ReadOnlyLists {
  readonly customers: HTMLElement;
  readonly sources: HTMLElement;
  readonly #lists: Record<ListField, HTMLUListElement>;

  constructor(
    private readonly dom: Dom,
    registry: FieldRegistry,
  ) {
    this.#lists = { customers: dom.el('ul', { class: 'plain-list', 'aria-labelledby': 'fb-customers-heading' }), sources: dom.el('ul', { class: 'plain-list', 'aria-labelledby': 'fb-sources-heading' }) };
    this.customers = this.#section('customers', registry);
    this.sources = this.#section('sources', registry);
  }

  set(draft: FormDraft): void {
    const { dom } = this;
    this.#fill(
      'customers',
      draft.customers.map((c) => {
        const extra = [c.tier ? tierLabel(c.tier) : '', c.arr !== undefined ? `ARR ${money(c.arr)}` : ''].filter(Boolean).join(', ');
        return dom.el('li', null, dom.icon('organization'), ` ${c.organization}`, extra ? dom.el('span', { class: 'muted' }, ` (${extra})`) : null);
      }),
      'No affected customers recorded.',
    );
    this.#fill(
      'sources',
      draft.sources.map((s) => {
        const url = webUrl(s.url);
        return dom.el('li', null, dom.icon('issues'), ' ', url ? dom.el('a', { href: url, title: url }, s.key) : s.key);
      }),
      'No source case.',
    );
  }

  #fill(field: ListField, items: HTMLElement[], empty: string): void {
    this.#lists[field].replaceChildren(...(items.length ? items : [this.dom.el('li', { class: 'muted' }, empty)]));
  }

  #section(field: ListField, registry: FieldRegistry): HTMLElement {
    const { dom } = this;
    const badge = prefilledBadge(dom, field);
    const heading = dom.el('h3', { id: `${fieldId(field)}-heading`, tabindex: -1 }, FIELD_LABELS[field], ' ', badge);
    const error = errorLine(dom, field);
    const section = dom.el('section', { class: `field readonly-list ${field}`, id: fieldId(field), 'aria-labelledby': heading.id }, heading, dom.el('p', { class: 'hint' }, INTRO[field]), this.#lists[field], error);
    registry.register(field, { described: section, focus: () => heading.focus(), badgeInName: true }, error, badge);
    return section;
  }
}
