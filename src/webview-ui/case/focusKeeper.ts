import { findByData } from './dom';

/**
 * Keeps keyboard focus across re-renders. Regions are rebuilt per change; a focused control has a
 * `data-focus` key (and maybe a `data-focus-fallback` for when it goes away, like a removed tag),
 * and focus goes to the control with the same key in the new DOM. A control that is disabled while
 * its request runs gets focus back when it is enabled again, unless the user has moved on.
 */
export class FocusKeeper {
  #want: { key: string; fallback?: string } | undefined;

  constructor(
    private readonly doc: Document,
    private readonly root: HTMLElement,
  ) {}

  /** Call before replacing `region`'s content. */
  capture(region: HTMLElement): void {
    const active = this.doc.activeElement;
    if (!active || !region.contains(active)) return;
    const keyed = active.closest<HTMLElement>('[data-focus]');
    if (keyed?.dataset.focus) this.#want = { key: keyed.dataset.focus, fallback: keyed.dataset.focusFallback };
  }

  /** Call after re-rendering. */
  restore(): void {
    const want = this.#want;
    if (!want) return;
    if (!this.lost()) {
      this.#want = undefined;
      return;
    }
    const el = findByData(this.root, 'focus', want.key) ?? (want.fallback ? findByData(this.root, 'focus', want.fallback) : undefined);
    if (!el) this.#want = undefined;
    else if (!(el as HTMLButtonElement).disabled) {
      el.focus();
      this.#want = undefined;
    }
  }

  /** Focus is nowhere in particular (a focused control was removed or disabled). */
  lost(): boolean {
    const active = this.doc.activeElement;
    return !active || active === this.doc.body || !active.isConnected;
  }
}

/** The polite live region: each announcement is a new node, so repeating a message is spoken again. */
export class LiveRegion {
  readonly element: HTMLElement;

  constructor(private readonly doc: Document) {
    this.element = doc.createElement('div');
    this.element.className = 'sr-only';
    this.element.setAttribute('role', 'status');
    this.element.setAttribute('aria-live', 'polite');
  }

  announce(text: string): void {
    const p = this.doc.createElement('p');
    p.textContent = text;
    this.element.appendChild(p);
    while (this.element.childElementCount > 3) this.element.firstElementChild?.remove();
  }
}
