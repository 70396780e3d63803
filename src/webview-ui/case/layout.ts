import type { Dom } from './dom';

export type Slot = 'notices' | 'header' | 'details' | 'defects';

export interface LayoutParts {
  readonly live: HTMLElement;
  readonly history: HTMLElement;
  readonly composer: HTMLElement;
}

/**
 * The page: a skip link, the live region, notices, the header (banner), the conversation (main:
 * history and composer) and the ticket details (aside: properties and linked defects). Returns the
 * slots that are re-rendered per change.
 */
export function buildLayout(dom: Dom, root: HTMLElement, parts: LayoutParts): Record<Slot, HTMLElement> {
  const slots: Record<Slot, HTMLElement> = { notices: dom.el('div'), header: dom.el('div', { class: 'header-slot' }), details: dom.el('div'), defects: dom.el('div') };
  slots.header.appendChild(dom.el('header', { class: 'case-header', 'aria-busy': 'true' }, dom.el('h1', { class: 'subject muted' }, 'Loading case…')));
  root.classList.add('case-app');
  root.replaceChildren(
    dom.el('button', { class: 'skip-link', type: 'button', 'data-action': 'skipToComposer' }, 'Skip to the composer'),
    parts.live,
    slots.notices,
    slots.header,
    dom.el(
      'div',
      { class: 'layout' },
      dom.el('main', { class: 'case-main', 'aria-label': 'Conversation' }, parts.history, parts.composer),
      dom.el('aside', { class: 'case-side', 'aria-label': 'Ticket details' }, slots.details, slots.defects),
    ),
  );
  return slots;
}
