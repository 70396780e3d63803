import type { FormDraft } from '../../protocol/feedbackProtocol';
import { type FieldErrors, type FieldName, hostErrorText, isFieldName, validateDraft } from './fields';

const filled = (v: unknown) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.trim().length > 0 : v !== undefined);

/**
 * Which errors the form shows. The draft is checked with the host's schema; a message appears at a
 * field the user touched or that holds something (an empty required field is not scolded before
 * anyone typed), and at every field after a submit attempt. The host's own field errors stay until
 * the user edits that field. Pure: no DOM.
 */
export class DraftValidation {
  readonly #touched = new Set<FieldName>();
  readonly #host = new Map<FieldName, string>();
  #client: FieldErrors = new Map();
  #attempted = false;

  /** Re-checks the draft; returns whether it is valid. */
  check(draft: FormDraft): boolean {
    this.#client = validateDraft(draft);
    return this.#client.size === 0;
  }

  get clientErrorCount(): number {
    return this.#client.size;
  }

  touch(field: FieldName): void {
    this.#touched.add(field);
    this.#host.delete(field);
  }

  attempt(): void {
    this.#attempted = true;
  }

  /** The host's fieldErrors; returns messages for keys that are no field of the form. */
  setHostErrors(fieldErrors: Readonly<Record<string, string>> | undefined): string[] {
    const other: string[] = [];
    for (const [field, message] of Object.entries(fieldErrors ?? {})) {
      if (isFieldName(field)) this.#host.set(field, hostErrorText(field, message));
      else other.push(message);
    }
    if (this.#host.size) this.#attempted = true;
    return other;
  }

  get hasHostErrors(): boolean {
    return this.#host.size > 0;
  }

  clearHostErrors(): void {
    this.#host.clear();
  }

  visible(draft: FormDraft): FieldErrors {
    const shown = new Map<FieldName, string>();
    for (const [field, text] of this.#client) if (this.#attempted || this.#touched.has(field) || filled(draft[field])) shown.set(field, text);
    for (const [field, text] of this.#host) if (!shown.has(field)) shown.set(field, text);
    return shown;
  }
}
