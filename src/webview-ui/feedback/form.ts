import type { FormDraft } from '../../protocol/feedbackProtocol';
import type { Dom } from '../case/dom';
import { FIELD_LABELS, type FieldName, KIND_LABELS, KINDS, REQUIRED, SEVERITIES, SEVERITY_LABELS } from './fields';
import { type FieldRegistry, errorLine, fieldId, prefilledBadge } from './registry';

/** The fields edited as one value each: text boxes, the two selects and the workaround radios. */
export const TEXT_FIELDS = ['title', 'productArea', 'problem', 'customerImpact', 'steps', 'expected', 'actual', 'environment', 'workaround'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export type ScalarField = TextField | 'kind' | 'severity' | 'workaroundAccepted';

/** Hints under the label; also read by screen readers (aria-describedby). */
const HINTS: Partial<Record<ScalarField, string>> = {
  title: 'One line an engineer would search for.',
  productArea: 'Pick a suggestion or type a new area.',
  problem: 'What goes wrong for the customer, in a sentence or two.',
  customerImpact: 'Who is affected and how badly: users, money, deadlines.',
  steps: 'Numbered steps, if known.',
  environment: 'Versions, platform, plan, region.',
  workaround: 'What the customer can do meanwhile, if anything.',
};

const ROWS: Partial<Record<TextField, number>> = { problem: 5, steps: 4, customerImpact: 3 };
/** The protocol's limits (FormDraft), so drafts always save; FeedbackDraft's tighter ones show as errors. */
const MAX_LENGTH: Record<'input' | 'textarea', number> = { input: 10_000, textarea: 50_000 };

type Accepted = 'unknown' | 'yes' | 'no';
const ACCEPTED: ReadonlyArray<[Accepted, string]> = [['unknown', 'Unknown'], ['yes', 'Accepted'], ['no', 'Not accepted']];

export type ScalarInput = (patch: Partial<FormDraft>, field: FieldName) => void;

/**
 * The form's single-value controls, built once and updated in place (typing is never disturbed by
 * a re-render). Each is labelled, marked required where it is, and registered for its badge and error.
 */
export class ScalarFields {
  readonly #containers = new Map<ScalarField, HTMLElement>();
  readonly #text = new Map<TextField, HTMLInputElement | HTMLTextAreaElement>();
  readonly #kind: HTMLSelectElement;
  readonly #severity: HTMLSelectElement;
  readonly #radios = new Map<Accepted, HTMLInputElement>();
  readonly #areas: HTMLDataListElement;

  constructor(
    private readonly dom: Dom,
    private readonly registry: FieldRegistry,
    private readonly onInput: ScalarInput,
  ) {
    this.#areas = dom.el('datalist', { id: 'fb-areas' });
    for (const field of TEXT_FIELDS) this.#buildText(field);
    this.#kind = this.#buildSelect('kind', KINDS.map((k) => [k, KIND_LABELS[k]]));
    this.#severity = this.#buildSelect('severity', SEVERITIES.map((s) => [s, `${SEVERITY_LABELS[s].label}: ${SEVERITY_LABELS[s].hint}`]));
    this.#buildAccepted();
  }

  /** A field's container, for the layout. */
  container(field: ScalarField): HTMLElement {
    return this.#containers.get(field)!;
  }

  set(draft: FormDraft): void {
    for (const [field, el] of this.#text) if (el.value !== draft[field]) el.value = draft[field];
    this.#kind.value = draft.kind;
    this.#severity.value = draft.severity;
    const accepted: Accepted = draft.workaroundAccepted === undefined ? 'unknown' : draft.workaroundAccepted ? 'yes' : 'no';
    for (const [value, radio] of this.#radios) radio.checked = value === accepted;
  }

  setAreas(areas: readonly string[]): void {
    this.#areas.replaceChildren(...[...new Set(areas)].slice(0, 500).map((a) => this.dom.el('option', { value: a })));
  }

  /** While a request runs and after success: text stays selectable, nothing changes. */
  setLocked(locked: boolean): void {
    for (const el of this.#text.values()) el.readOnly = locked;
    this.#kind.disabled = locked;
    this.#severity.disabled = locked;
    for (const radio of this.#radios.values()) radio.disabled = locked;
  }

  #label(field: ScalarField, forId: string | null): { row: HTMLElement; badge: HTMLElement; hintIds: string[]; hint: HTMLElement | null } {
    const { dom } = this;
    const badge = prefilledBadge(dom, field);
    const text = [FIELD_LABELS[field], REQUIRED.has(field) ? dom.el('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null];
    const label = forId ? dom.el('label', { for: forId }, ...text) : dom.el('span', { class: 'legend-text' }, ...text);
    const hintText = HINTS[field];
    const hint = hintText ? dom.el('p', { class: 'hint', id: `fb-${field}-hint` }, hintText) : null;
    return { row: dom.el('div', { class: 'label-row' }, label, badge), badge, hintIds: hint ? [hint.id] : [], hint };
  }

  #buildText(field: TextField): void {
    const { dom } = this;
    const id = fieldId(field);
    const { row, badge, hintIds, hint } = this.#label(field, id);
    const common = { id, name: field, 'aria-required': REQUIRED.has(field) ? 'true' : undefined, spellcheck: 'true' };
    const el =
      field === 'title' || field === 'productArea'
        ? dom.el('input', { ...common, type: 'text', maxlength: MAX_LENGTH.input, autocomplete: 'off', list: field === 'productArea' ? 'fb-areas' : undefined })
        : dom.el('textarea', { ...common, rows: ROWS[field] ?? 3, maxlength: MAX_LENGTH.textarea });
    el.addEventListener('input', () => this.onInput({ [field]: el.value }, field));
    this.#text.set(field, el);
    const error = errorLine(dom, field);
    this.#containers.set(field, dom.el('div', { class: `field field-${field}` }, row, hint, el, field === 'productArea' ? this.#areas : null, error));
    this.registry.register(field, { described: el, invalid: el, hintIds, focus: () => el.focus() }, error, badge);
  }

  #buildSelect<T extends string>(field: 'kind' | 'severity', options: ReadonlyArray<[T, string]>): HTMLSelectElement {
    const { dom } = this;
    const id = fieldId(field);
    const { row, badge } = this.#label(field, id);
    const select = dom.el('select', { id, name: field, 'aria-required': 'true' }, ...options.map(([value, text]) => dom.el('option', { value }, text)));
    select.addEventListener('change', () => this.onInput({ [field]: select.value }, field));
    const error = errorLine(dom, field);
    this.#containers.set(field, dom.el('div', { class: `field field-${field}` }, row, select, error));
    this.registry.register(field, { described: select, invalid: select, focus: () => select.focus() }, error, badge);
    return select;
  }

  #buildAccepted(): void {
    const { dom } = this;
    const field = 'workaroundAccepted';
    const badge = prefilledBadge(dom, field);
    const options = ACCEPTED.map(([value, text]) => {
      const radio = dom.el('input', { type: 'radio', name: 'fb-workaroundAccepted', id: `fb-workaroundAccepted-${value}`, value });
      radio.addEventListener('change', () => {
        if (radio.checked) this.onInput({ workaroundAccepted: value === 'unknown' ? undefined : value === 'yes' }, field);
      });
      this.#radios.set(value, radio);
      return dom.el('span', { class: 'radio' }, radio, dom.el('label', { for: radio.id }, text));
    });
    const error = errorLine(dom, field);
    const fieldset = dom.el(
      'fieldset',
      { class: 'field radio-group', id: fieldId(field) },
      dom.el('legend', null, 'Did the customer accept the workaround? ', badge),
      dom.el('div', { class: 'radios' }, ...options),
      error,
    );
    this.#containers.set(field, fieldset);
    const checked = () => [...this.#radios.values()].find((r) => r.checked) ?? this.#radios.get('unknown')!;
    this.registry.register(field, { described: fieldset, focus: () => checked().focus(), badgeInName: true }, error, badge);
  }
}
