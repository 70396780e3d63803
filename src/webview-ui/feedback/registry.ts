import type { Dom } from '../case/dom';
import { FIELD_ORDER, type FieldErrors, type FieldName } from './fields';

/** How a field shows its badge and its error: the same for a text box and for a group of controls. */
export interface FieldSlot {
  /** Gets aria-describedby (a control, or the fieldset of a group). */
  readonly described: HTMLElement;
  /** Gets aria-invalid: the control itself, or a group's main input; none for read-only lists. */
  readonly invalid?: HTMLElement;
  /** Hints that always describe the control. */
  readonly hintIds?: readonly string[];
  /** Where the error summary's link takes the keyboard. */
  readonly focus: () => void;
  /** The badge sits in the group's legend, so it is already part of the name: not described again. */
  readonly badgeInName?: boolean;
}

interface Entry extends FieldSlot {
  readonly error: HTMLElement;
  readonly badge: HTMLElement;
}

export const fieldId = (field: FieldName): string => `fb-${field}`;
export const errorId = (field: FieldName): string => `fb-${field}-error`;
export const badgeId = (field: FieldName): string => `fb-${field}-prefilled`;

/** The "from the case" badge of a field, hidden until init says the field was prefilled. */
export function prefilledBadge(dom: Dom, field: FieldName): HTMLElement {
  return dom.el('span', { class: 'badge prefilled', id: badgeId(field), hidden: true, title: 'Filled in from the case: please review' }, 'from the case');
}

/** The error line under a field: empty and hidden while the field is fine. */
export function errorLine(dom: Dom, field: FieldName): HTMLElement {
  return dom.el('p', { class: 'control-error field-error', id: errorId(field), hidden: true });
}

/**
 * Every field's badge and error, by name. Errors set aria-invalid and join aria-describedby only
 * while they are there, so a screen reader never reads a stale message.
 */
export class FieldRegistry {
  readonly #entries = new Map<FieldName, Entry>();
  #errors: FieldErrors = new Map();

  constructor(private readonly dom: Dom) {}

  register(field: FieldName, slot: FieldSlot, error: HTMLElement, badge: HTMLElement): void {
    this.#entries.set(field, { ...slot, error, badge });
    this.#describe(field);
  }

  setPrefilled(fields: ReadonlySet<string>): void {
    for (const [field, entry] of this.#entries) {
      entry.badge.hidden = !fields.has(field);
      this.#describe(field);
    }
  }

  /** Shows exactly these errors; every other field is clean. */
  show(errors: FieldErrors): void {
    this.#errors = errors;
    for (const [field, entry] of this.#entries) {
      const message = errors.get(field);
      entry.error.replaceChildren(...(message ? [this.dom.icon('error'), ` ${message}`] : []));
      entry.error.hidden = !message;
      if (entry.invalid) {
        if (message) entry.invalid.setAttribute('aria-invalid', 'true');
        else entry.invalid.removeAttribute('aria-invalid');
      }
      this.#describe(field);
    }
  }

  focus(field: FieldName): void {
    this.#entries.get(field)?.focus();
  }

  /** The first field with an error, in form order. */
  firstInvalid(): FieldName | undefined {
    return FIELD_ORDER.find((f) => this.#errors.has(f));
  }

  #describe(field: FieldName): void {
    const entry = this.#entries.get(field);
    if (!entry) return;
    const ids = [...(entry.badge.hidden || entry.badgeInName ? [] : [entry.badge.id]), ...(entry.hintIds ?? []), ...(this.#errors.has(field) ? [entry.error.id] : [])];
    if (ids.length) entry.described.setAttribute('aria-describedby', ids.join(' '));
    else entry.described.removeAttribute('aria-describedby');
  }
}
