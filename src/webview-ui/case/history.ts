import type { HistoryEvent } from '../../core/model/history';
import type { RenderContext } from './context';
import type { Dom } from './dom';
import { plural } from './format';
import { errorBanner } from './header';
import { type RenderedEntry, refreshAge, renderEntry } from './historyEntry';
import type { Sanitizer } from './sanitize';

interface Cached extends RenderedEntry {
  readonly json: string;
}

/** Pixels from the bottom that still count as "at the bottom". */
const BOTTOM_SLACK = 24;
/** Entries built before the first paint of a long history: the ones around where the list opens. */
const SYNC_ENTRIES = 120;
/** Of those, how many come before the first unread entry. */
const SYNC_BEFORE = 30;
/** Entries added per frame after that, at each end. */
const CHUNK = 100;
/** Message bodies sanitised before the first paint, nearest first. */
const SYNC_BODIES = 24;
/** Per frame, for the rest. */
const FRAME_BUDGET_MS = 8;

/**
 * The history list. It lives across snapshots: entries are keyed by event id and reused while the
 * event is unchanged, so a new snapshot costs only the new entries, keeps the scroll position and
 * keeps the sizes `content-visibility: auto` remembered. All new entries of one update are built in
 * one DocumentFragment.
 *
 * The first render of a long history builds only the entries around where the list opens (the
 * first unread entry, else the newest) and adds the others a chunk per frame at both ends; browser
 * scroll anchoring keeps the view still while older entries arrive above. Sanitising bodies is the
 * expensive part (DOMPurify parses each one), so only the bodies nearest to that point are filled
 * before the first paint and the rest nearest-first in frame-sized chunks. Off-screen entries have
 * their estimated height either way, so filling them does not move what is on screen.
 */
export class HistoryView {
  readonly element: HTMLElement;
  readonly #heading: HTMLHeadingElement;
  readonly #status: HTMLElement;
  readonly #imagesBar: HTMLElement;
  readonly #imagesText: HTMLElement;
  readonly #scroller: HTMLElement;
  readonly #list: HTMLOListElement;
  readonly #divider: HTMLElement;
  #entries = new Map<string, Cached>();
  #queue: Cached[] = [];
  #filling = false;
  /** Events of the first render still to be built, before and after the built window. */
  #deferred: { before: HistoryEvent[]; after: HistoryEvent[]; now: number } | undefined;
  #allowRemoteImages = false;
  #dividerId: string | undefined;
  #initialScrollDone = false;
  /** Re-applies where the list opened while older entries are still being added, until the user scrolls. */
  #pin: (() => void) | undefined;
  #now = Number.NaN;

  constructor(
    private readonly dom: Dom,
    private readonly sanitizer: Sanitizer,
    /** requestAnimationFrame where there is one. */
    private readonly nextFrame: (fn: () => void) => void,
  ) {
    this.#heading = dom.el('h2', { id: 'history-heading' }, 'History');
    this.#status = dom.el('div', { class: 'history-status' });
    this.#imagesText = dom.el('span');
    this.#imagesBar = dom.el(
      'div',
      { class: 'notice-bar', hidden: true },
      dom.icon('shield'),
      this.#imagesText,
      dom.el('button', { class: 'secondary compact', 'data-action': 'allowRemoteImages', 'data-focus': 'allowRemoteImages' }, 'Load remote images'),
    );
    this.#list = dom.el('ol', { class: 'history-list', 'aria-labelledby': 'history-heading' });
    this.#scroller = dom.el('div', { class: 'history-scroller', tabindex: 0, role: 'region', 'aria-labelledby': 'history-heading' }, this.#list);
    this.#divider = dom.el('div', { class: 'new-divider', role: 'separator', 'aria-label': 'New since you last looked' }, dom.el('span', null, 'New'));
    this.element = dom.el('section', { class: 'history', 'aria-labelledby': 'history-heading' }, this.#heading, this.#status, this.#imagesBar, this.#scroller);
    for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart']) this.#scroller.addEventListener(type, () => (this.#pin = undefined), { passive: true });
    // Entries that come into view get their real height during layout, after any frame callback;
    // a ResizeObserver runs after that layout and before the paint, so the pinned place holds.
    const Observer = dom.doc.defaultView?.ResizeObserver;
    if (Observer) new Observer(() => this.#pin?.()).observe(this.#list);
  }

  get scroller(): HTMLElement {
    return this.#scroller;
  }

  update(ctx: RenderContext): void {
    const { dom, snapshot } = ctx;
    const history = snapshot.history;
    this.#status.replaceChildren();
    this.element.removeAttribute('aria-busy');
    if (history.state === 'loading') {
      this.element.setAttribute('aria-busy', 'true');
      dom.append(this.#status, [dom.el('p', { class: 'loading', role: 'status' }, dom.icon('loading', 'codicon-modifier-spin'), ' Loading history…')]);
    } else if (history.state === 'error') {
      // What loaded before stays visible under the error.
      dom.append(this.#status, [errorBanner(ctx, `The history could not be loaded: ${history.message}`)]);
    } else {
      if (!history.value.length) dom.append(this.#status, [dom.el('p', { class: 'muted' }, 'No history yet.')]);
      this.#dividerId = snapshot.firstUnreadEventId ?? this.#dividerId;
      this.#reconcile(ctx, history.value);
    }
    const count = history.state === 'loaded' ? history.value.length : this.#entries.size;
    this.#heading.replaceChildren('History', count ? dom.el('span', { class: 'count badge' }, String(count)) : '');
  }

  #reconcile(ctx: RenderContext, events: readonly HistoryEvent[]): void {
    const allowRemoteImages = (this.#allowRemoteImages = ctx.snapshot.allowRemoteImages);
    // Reading the scroll height forces a layout: not needed before the first render.
    const wasAtBottom = this.#initialScrollDone && this.#isAtBottom();
    const refreshAges = ctx.now !== this.#now;
    this.#now = ctx.now;
    // A new snapshot before the deferred entries were added: build them all now, in order.
    this.#deferred = undefined;
    if (!this.#initialScrollDone && events.length > SYNC_ENTRIES) {
      const unreadAt = events.findIndex((e) => e.id === this.#dividerId);
      const from = Math.max(0, Math.min((unreadAt >= 0 ? unreadAt : events.length) - SYNC_BEFORE, events.length - SYNC_ENTRIES));
      this.#deferred = { before: events.slice(0, from), after: events.slice(from + SYNC_ENTRIES), now: ctx.now };
      events = events.slice(from, from + SYNC_ENTRIES);
      this.#extendSoon();
    }

    const next = new Map<string, Cached>();
    const seen = new Map<string, number>();
    for (const event of events) {
      const n = seen.get(event.id) ?? 0;
      seen.set(event.id, n + 1);
      const key = n ? `${event.id}#${n}` : event.id;
      const json = JSON.stringify(event);
      const old = this.#entries.get(key);
      if (old && old.json === json && (old.fill || old.remoteImages === 0 || old.allowRemoteImages === allowRemoteImages)) {
        if (refreshAges) refreshAge(old, ctx.now);
        next.set(key, old);
      } else {
        next.set(key, Object.assign(renderEntry(ctx.dom, this.sanitizer, event, { now: ctx.now }), { json }));
      }
    }
    this.#entries = next;
    const entries = [...next.values()];
    this.#place(entries.map((e) => e.el));

    const unread = this.#dividerId !== undefined ? next.get(this.#dividerId) : undefined;
    if (unread) unread.el.prepend(this.#divider);
    else this.#divider.remove();
    for (const e of entries) e.el.classList.toggle('first-unread', e === unread);

    // Bodies nearest to where the list opens first: the first unread entry, else the newest.
    const anchor = unread ? entries.indexOf(unread) : entries.length - 1;
    const todo = entries.map((e, i) => ({ e, d: i >= anchor ? i - anchor : (anchor - i) * 1.5 })).filter((x) => x.e.fill);
    todo.sort((a, b) => a.d - b.d);
    for (const { e } of todo.slice(0, SYNC_BODIES)) e.fill?.(allowRemoteImages);
    this.#queue = todo.slice(SYNC_BODIES).map((x) => x.e);
    if (this.#queue.length) this.#fillSoon();
    this.#updateImagesBar();

    if (!entries.length) return;
    if (!this.#initialScrollDone) {
      this.#initialScrollDone = true;
      const target = unread?.el;
      this.#pin = () => (target ? this.#scrollToEntry(target) : this.#scrollToBottom());
      this.#scrollSoon(this.#pin);
    } else if (wasAtBottom) {
      this.#scrollSoon(() => this.#scrollToBottom());
    }
  }

  /** Builds the deferred entries of a first render, a chunk per frame at each end. */
  #extendSoon(): void {
    this.nextFrame(() => {
      const deferred = this.#deferred;
      if (!deferred) return;
      // An id the list already has (a backend repeating ids) waits for the next full update.
      const build = (list: HistoryEvent[]) =>
        list
          .filter((event, i) => !this.#entries.has(event.id) && list.findIndex((e) => e.id === event.id) === i)
          .map((event): [string, Cached] => [event.id, Object.assign(renderEntry(this.dom, this.sanitizer, event, { now: deferred.now }), { json: JSON.stringify(event) })]);
      const older = build(deferred.before.splice(Math.max(0, deferred.before.length - CHUNK)));
      const newer = build(deferred.after.splice(0, CHUNK));
      const fragment = (items: Array<[string, Cached]>) => {
        const f = this.dom.doc.createDocumentFragment();
        for (const [, e] of items) f.appendChild(e.el);
        return f;
      };
      this.#list.prepend(fragment(older));
      this.#list.append(fragment(newer));
      this.#entries = new Map([...older, ...this.#entries, ...newer]);
      // Their bodies go after the ones already queued (those are nearer to where the list opened).
      this.#queue.push(...[...newer, ...older.reverse()].map(([, e]) => e).filter((e) => e.fill));
      this.#fillSoon();
      this.#pin?.();
      if (deferred.before.length || deferred.after.length) this.#extendSoon();
      else this.#deferred = undefined;
    });
  }

  /** Once everything is in, the place stays pinned for two more frames of layout, then scrolling is the user's. */
  #unpinSoon(): void {
    this.nextFrame(() => this.nextFrame(() => {
      if (!this.#deferred && !this.#queue.length) this.#pin = undefined;
    }));
  }

  /** Fills queued bodies a frame at a time, so a long history never blocks typing or scrolling. */
  #fillSoon(): void {
    if (this.#filling) return;
    this.#filling = true;
    this.nextFrame(() => {
      this.#filling = false;
      const deadline = performance.now() + FRAME_BUDGET_MS;
      while (this.#queue.length && performance.now() < deadline) this.#queue.shift()?.fill?.(this.#allowRemoteImages);
      this.#updateImagesBar();
      // Bodies filled just above the view change its position: the opening place is pinned until done.
      this.#pin?.();
      if (this.#queue.length) this.#fillSoon();
      else if (!this.#deferred) this.#unpinSoon();
    });
  }

  #updateImagesBar(): void {
    let blocked = 0;
    for (const e of this.#entries.values()) blocked += e.blockedImages;
    this.#imagesBar.hidden = blocked === 0 || this.#allowRemoteImages;
    this.#imagesText.textContent = ` Remote images are blocked (${plural(blocked, 'image', 'images')}). `;
  }

  /** Puts the list's children in order, touching only what changed; all-new entries go in one fragment. */
  #place(wanted: HTMLLIElement[]): void {
    const list = this.#list;
    if (!list.firstChild) {
      const fragment = this.dom.doc.createDocumentFragment();
      for (const el of wanted) fragment.appendChild(el);
      list.appendChild(fragment);
      return;
    }
    let cursor = list.firstChild as ChildNode | null;
    let pending: DocumentFragment | null = null;
    for (const el of wanted) {
      if (el === cursor) {
        if (pending) list.insertBefore(pending, cursor);
        pending = null;
        cursor = cursor.nextSibling;
      } else if (el.parentNode === list) {
        if (pending) list.insertBefore(pending, cursor);
        pending = null;
        list.insertBefore(el, cursor);
      } else {
        pending ??= this.dom.doc.createDocumentFragment();
        pending.appendChild(el);
      }
    }
    if (pending) list.insertBefore(pending, cursor);
    while (cursor) {
      const after: ChildNode | null = cursor.nextSibling;
      cursor.remove();
      cursor = after;
    }
  }

  #isAtBottom(): boolean {
    const s = this.#scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight <= BOTTOM_SLACK;
  }

  #scrollToBottom(): void {
    this.#scroller.scrollTop = this.#scroller.scrollHeight;
  }

  #scrollToEntry(el: HTMLElement): void {
    // The scroller is position: relative, so offsetTop is measured from its top.
    this.#scroller.scrollTop = Math.max(0, el.offsetTop - 8);
  }

  /**
   * Scrolls now and again on the next two frames: entries off screen have an estimated height
   * (content-visibility), and the real heights of the ones scrolled into view arrive with layout.
   */
  #scrollSoon(scroll: () => void): void {
    scroll();
    this.nextFrame(() => {
      scroll();
      this.nextFrame(scroll);
    });
  }
}
