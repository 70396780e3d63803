import type { FormDraft, QuoteCandidate } from '../../protocol/feedbackProtocol';
import { type Dom, idFor } from '../case/dom';
import { absoluteTime, plural } from '../case/format';
import { clipQuote } from './fields';
import { type FieldRegistry, errorLine, fieldId, prefilledBadge } from './registry';

type Evidence = FormDraft['evidence'][number];
type TicketRef = Evidence['ticket'];

/** FormDraft's limit (FeedbackDraft's lower one shows as an error). */
const EVIDENCE_MAX = 200;
const ROLE_ORDER: Record<QuoteCandidate['role'], number> = { customer: 0, agent: 1, system: 2 };
const ROLE_LABELS: Record<QuoteCandidate['role'], string> = { customer: 'customer', agent: 'agent', system: 'system' };

const sameTicket = (a: TicketRef, b: TicketRef) => a.connectionId === b.connectionId && a.ticketId === b.ticketId;
const dateText = (at: string) => absoluteTime(Date.parse(at));

/**
 * The evidence: verbatim quotes, each with its author and date, removable; and a disclosure of the
 * case's history entries to pick more from (customer messages first). Customer words are only
 * ever text nodes: a quote is shown exactly as written, never as markup.
 */
export class EvidenceEditor {
  readonly element: HTMLFieldSetElement;
  readonly #list: HTMLOListElement;
  readonly #empty: HTMLElement;
  readonly #picker: HTMLDetailsElement;
  readonly #summary: HTMLElement;
  readonly #candidateList: HTMLUListElement;
  readonly #checks = new Map<string, { box: HTMLInputElement; candidate: QuoteCandidate }>();
  #evidence: Evidence[] = [];
  #ticket: TicketRef | undefined;
  #locked = false;

  constructor(
    private readonly dom: Dom,
    registry: FieldRegistry,
    private readonly onChange: (evidence: Evidence[]) => void,
    private readonly announce: (text: string) => void,
  ) {
    const badge = prefilledBadge(dom, 'evidence');
    this.#list = dom.el('ol', { class: 'quotes', 'aria-label': 'Quotes in the evidence' });
    this.#empty = dom.el('p', { class: 'muted' }, 'No quotes yet. Quotes let engineering read the customer’s own words.');
    this.#summary = dom.el('summary', { id: fieldId('evidence') }, 'Add quotes from the case…');
    this.#candidateList = dom.el('ul', { class: 'candidates' });
    this.#picker = dom.el(
      'details',
      { class: 'quote-picker' },
      this.#summary,
      dom.el('p', { class: 'hint' }, 'Checked entries are in the evidence (at most 600 characters each). Customer messages first.'),
      this.#candidateList,
    );
    const error = errorLine(dom, 'evidence');
    this.element = dom.el(
      'fieldset',
      { class: 'field evidence-field' },
      dom.el('legend', null, 'Evidence: quotes from the case ', badge),
      this.#list,
      this.#empty,
      this.#picker,
      error,
    );
    registry.register('evidence', { described: this.element, focus: () => this.#focusFirst(), badgeInName: true }, error, badge);
  }

  /** The case's ticket and its history entries that may be quoted. */
  setSource(ticket: TicketRef, candidates: readonly QuoteCandidate[]): void {
    this.#ticket = ticket;
    const { dom } = this;
    const ordered = candidates.map((c, i) => ({ c, i })).sort((a, b) => ROLE_ORDER[a.c.role] - ROLE_ORDER[b.c.role] || a.i - b.i).map((x) => x.c);
    this.#checks.clear();
    this.#candidateList.replaceChildren(
      ...ordered.map((c) => {
        const id = idFor('fb-cand', c.eventId);
        const box = dom.el('input', { type: 'checkbox', id, 'aria-labelledby': `${id}-meta`, 'aria-describedby': `${id}-text` });
        box.addEventListener('change', () => this.#toggle(c, box));
        this.#checks.set(c.eventId, { box, candidate: c });
        const internal = c.visibility === 'internal' ? dom.el('span', { class: 'badge internal' }, 'internal note') : null;
        return dom.el(
          'li',
          null,
          dom.el(
            'label',
            { class: `candidate role-${c.role}` },
            box,
            dom.el('span', { class: 'candidate-meta', id: `${id}-meta` }, `${c.author || 'Unknown author'} (${ROLE_LABELS[c.role]}), ${dateText(c.at)} `, internal),
            dom.el('span', { class: 'candidate-text', id: `${id}-text` }, clipQuote(c.text) || '(empty)'),
          ),
        );
      }),
    );
    this.#summary.textContent = `Add quotes from the case… (${plural(ordered.length, 'entry', 'entries')})`;
    this.#sync();
  }

  set(evidence: readonly Evidence[]): void {
    this.#evidence = [...evidence];
    this.#render();
  }

  /**
   * A quote from outside the picker (text selected in the case): added at the end unless the same
   * words from the same entry are already there, and not while a submission locks the form.
   */
  add(quote: Evidence): void {
    const same = (e: Evidence) => sameTicket(e.ticket, quote.ticket) && e.eventId === quote.eventId && e.quote.trim() === quote.quote.trim();
    if (this.#locked) return this.announce('The form is busy filing; the selected text was not added.');
    if (this.#evidence.some(same)) return this.announce('That quote is already in the evidence.');
    if (this.#evidence.length >= EVIDENCE_MAX) return this.announce('The evidence is full; remove a quote to add the selection.');
    this.#evidence = [...this.#evidence, quote];
    this.#render();
    this.onChange([...this.#evidence]);
    this.announce(`Quote from ${quote.author || 'an unknown author'} added to the evidence.`);
  }

  setLocked(locked: boolean): void {
    this.#locked = locked;
    for (const b of Array.from(this.#list.querySelectorAll('button'))) b.disabled = locked;
    this.#sync();
  }

  #isQuoted(eventId: string): boolean {
    const ticket = this.#ticket;
    return this.#evidence.some((e) => e.eventId === eventId && (!ticket || sameTicket(e.ticket, ticket)));
  }

  #toggle(c: QuoteCandidate, box: HTMLInputElement): void {
    const ticket = this.#ticket;
    if (this.#locked || !ticket) return void this.#sync();
    const who = c.author || 'an unknown author';
    if (box.checked && !this.#isQuoted(c.eventId)) {
      const quote = clipQuote(c.text);
      if (!quote || this.#evidence.length >= EVIDENCE_MAX) return void this.#sync();
      this.#evidence = [...this.#evidence, { ticket, eventId: c.eventId, at: c.at, ...(c.author ? { author: c.author } : {}), quote }];
      this.announce(`Quote from ${who} added to the evidence.`);
    } else if (!box.checked) {
      this.#evidence = this.#evidence.filter((e) => !(e.eventId === c.eventId && sameTicket(e.ticket, ticket)));
      this.announce(`Quote from ${who} removed from the evidence.`);
    }
    this.#render();
    this.onChange([...this.#evidence]);
  }

  #remove(index: number): void {
    if (this.#locked) return;
    const removed = this.#evidence[index];
    if (!removed) return;
    this.#evidence = this.#evidence.filter((_, i) => i !== index);
    this.#render();
    this.onChange([...this.#evidence]);
    const buttons = this.#list.querySelectorAll<HTMLButtonElement>('button');
    (buttons[Math.min(index, buttons.length - 1)] ?? this.#summary).focus();
    this.announce(`Quote from ${removed.author || 'an unknown author'} removed from the evidence.`);
  }

  #focusFirst(): void {
    (this.#list.querySelector<HTMLButtonElement>('button') ?? this.#summary).focus();
  }

  #sync(): void {
    const full = this.#evidence.length >= EVIDENCE_MAX;
    for (const [eventId, { box, candidate }] of this.#checks) {
      box.checked = this.#isQuoted(eventId);
      box.disabled = this.#locked || (!box.checked && (full || !clipQuote(candidate.text)));
    }
  }

  #render(): void {
    const { dom } = this;
    this.#list.replaceChildren(
      ...this.#evidence.map((e, index) => {
        const who = e.author || 'Unknown author';
        const when = dateText(e.at);
        const label = `Remove the quote from ${who}, ${when}`;
        const remove = dom.el('button', { type: 'button', class: 'icon-button', 'aria-label': label, title: label, disabled: this.#locked }, dom.icon('trash'));
        remove.addEventListener('click', () => this.#remove(index));
        const other = this.#ticket && !sameTicket(e.ticket, this.#ticket) ? dom.el('span', { class: 'muted' }, e.ticket.key) : null;
        return dom.el(
          'li',
          { class: 'quote' },
          dom.el('div', { class: 'quote-head' }, dom.el('span', { class: 'author' }, who), dom.el('time', { datetime: e.at }, when), other, remove),
          dom.el('blockquote', { class: 'quote-text' }, e.quote),
        );
      }),
    );
    this.#list.hidden = !this.#evidence.length;
    this.#empty.hidden = this.#evidence.length > 0;
    this.#sync();
  }
}
