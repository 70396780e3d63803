/**
 * Element building for the case panel: createElement, setAttribute and text nodes only. Nothing in
 * the panel assigns innerHTML; customer HTML goes through sanitize.ts and arrives as a fragment.
 */

export type Child = Node | string | number | null | undefined | false;
export type Props = Readonly<Record<string, string | number | boolean | null | undefined>>;

export class Dom {
  constructor(readonly doc: Document) {}

  /** `class` sets className; `true` sets an empty attribute; false, null and undefined set nothing. */
  el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
    const el = this.doc.createElement(tag);
    if (props) {
      for (const name of Object.keys(props)) {
        const value = props[name];
        if (value === undefined || value === null || value === false) continue;
        if (name === 'class') el.className = String(value);
        else el.setAttribute(name, value === true ? '' : String(value));
      }
    }
    this.append(el, children);
    return el;
  }

  append(parent: Node, children: readonly Child[]): void {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      parent.appendChild(typeof child === 'object' ? child : this.doc.createTextNode(String(child)));
    }
  }

  /** A codicon, hidden from screen readers: the text next to it carries the meaning. */
  icon(name: string, extraClass = ''): HTMLSpanElement {
    return this.el('span', { class: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`, 'aria-hidden': 'true' });
  }

  /** Text only screen readers get. */
  srOnly(text: string): HTMLSpanElement {
    return this.el('span', { class: 'sr-only' }, text);
  }

  fragment(...children: Child[]): DocumentFragment {
    const frag = this.doc.createDocumentFragment();
    this.append(frag, children);
    return frag;
  }
}

/** A DOM id from any text (tags and defect ids can hold spaces and quotes). */
export function idFor(prefix: string, key: string): string {
  return `${prefix}-${encodeURIComponent(key).replace(/[%'()*!~.]/g, '_')}`;
}

/** Finds `[data-<name>="value"]` without building a selector from untrusted text. */
export function findByData(root: ParentNode, name: string, value: string): HTMLElement | undefined {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>(`[data-${name}]`))) {
    if (el.dataset[name] === value) return el;
  }
  return undefined;
}
