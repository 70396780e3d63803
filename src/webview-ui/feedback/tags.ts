import type { Dom } from '../case/dom';
import { type FieldRegistry, errorLine, fieldId, prefilledBadge } from './registry';

/** FeedbackDraft's limit per tag; the input stops there. */
const TAG_MAX = 60;
/** FormDraft's limit on the number of tags (FeedbackDraft's lower one shows as an error). */
const TAGS_MAX = 100;

/**
 * Tags as chips, each with a remove button, and an input that adds one on Enter (or with Add).
 * Removing a tag moves focus to the next chip's button, or to the input, never to nowhere.
 */
export class TagEditor {
  readonly element: HTMLFieldSetElement;
  readonly #list: HTMLUListElement;
  readonly #empty: HTMLElement;
  readonly #input: HTMLInputElement;
  readonly #add: HTMLButtonElement;
  readonly #note: HTMLElement;
  #tags: string[] = [];
  #locked = false;

  constructor(
    private readonly dom: Dom,
    registry: FieldRegistry,
    private readonly onChange: (tags: string[]) => void,
    private readonly announce: (text: string) => void,
  ) {
    const badge = prefilledBadge(dom, 'tags');
    this.#list = dom.el('ul', { class: 'tags', 'aria-label': 'Tags on this feedback' });
    this.#empty = dom.el('p', { class: 'muted' }, 'No tags yet.');
    this.#input = dom.el('input', { type: 'text', id: fieldId('tags'), maxlength: TAG_MAX, autocomplete: 'off' });
    this.#input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.isComposing) {
        e.preventDefault();
        this.#addFromInput();
      }
    });
    this.#add = dom.el('button', { type: 'button', class: 'secondary compact' }, dom.icon('add'), ' Add');
    this.#add.addEventListener('click', () => this.#addFromInput());
    this.#note = dom.el('p', { class: 'hint', id: 'fb-tags-note' }, 'Type a tag and press Enter.');
    const error = errorLine(dom, 'tags');
    this.element = dom.el(
      'fieldset',
      { class: 'field tags-field' },
      dom.el('legend', null, 'Tags ', badge),
      this.#list,
      this.#empty,
      dom.el('div', { class: 'inline-row' }, dom.el('label', { for: this.#input.id }, 'Add a tag'), this.#input, this.#add),
      this.#note,
      error,
    );
    registry.register('tags', { described: this.#input, invalid: this.#input, hintIds: [this.#note.id], focus: () => this.#input.focus(), badgeInName: true }, error, badge);
  }

  set(tags: readonly string[]): void {
    this.#tags = [...tags];
    this.#render();
  }

  setLocked(locked: boolean): void {
    this.#locked = locked;
    this.#input.readOnly = locked;
    this.#add.disabled = locked;
    for (const b of Array.from(this.#list.querySelectorAll('button'))) b.disabled = locked;
  }

  #addFromInput(): void {
    if (this.#locked) return;
    const tag = this.#input.value.trim().replace(/\s+/g, ' ');
    if (!tag) return;
    if (this.#tags.some((t) => t.toLowerCase() === tag.toLowerCase())) {
      this.#say(`"${tag}" is already a tag.`);
      return;
    }
    if (this.#tags.length >= TAGS_MAX) {
      this.#say(`At most ${TAGS_MAX} tags.`);
      return;
    }
    this.#tags = [...this.#tags, tag];
    this.#input.value = '';
    this.#render();
    this.onChange([...this.#tags]);
    this.#say(`Tag ${tag} added.`);
  }

  #remove(index: number): void {
    if (this.#locked) return;
    const tag = this.#tags[index];
    if (tag === undefined) return;
    this.#tags = this.#tags.filter((_, i) => i !== index);
    this.#render();
    this.onChange([...this.#tags]);
    const buttons = this.#list.querySelectorAll<HTMLButtonElement>('button');
    (buttons[Math.min(index, buttons.length - 1)] ?? this.#input).focus();
    this.#say(`Tag ${tag} removed.`);
  }

  #say(text: string): void {
    this.#note.textContent = text;
    this.announce(text);
  }

  #render(): void {
    const { dom } = this;
    this.#list.replaceChildren(
      ...this.#tags.map((tag, index) => {
        const remove = dom.el('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove tag ${tag}`, title: `Remove tag ${tag}`, disabled: this.#locked }, dom.icon('close'));
        remove.addEventListener('click', () => this.#remove(index));
        return dom.el('li', { class: 'chip' }, dom.el('span', { class: 'chip-text' }, tag), remove);
      }),
    );
    this.#list.hidden = !this.#tags.length;
    this.#empty.hidden = this.#tags.length > 0;
  }
}
