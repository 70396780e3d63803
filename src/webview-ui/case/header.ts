import type { Organization, Person, Ticket } from '../../core/model/ticket';
import type { RenderContext } from './context';
import { absoluteTime, dueText, money, priorityLabel, statusLabel, tierLabel } from './format';

/** snapshot.notices plus errors of requests this webview no longer knows; null when there are none. */
export function renderNotices(ctx: RenderContext, looseErrors: readonly string[]): HTMLElement | null {
  const { dom, snapshot } = ctx;
  if (!snapshot.notices.length && !looseErrors.length) return null;
  return dom.el(
    'section',
    { class: 'notices', 'aria-label': 'Notices' },
    dom.el(
      'ul',
      null,
      ...snapshot.notices.map((n) => dom.el('li', { class: 'notice' }, dom.icon('info'), dom.el('span', null, n))),
      ...looseErrors.map((message, index) =>
        dom.el(
          'li',
          { class: 'notice notice-error' },
          dom.icon('error'),
          dom.el('span', null, message),
          dom.el('button', { class: 'icon-button', 'data-action': 'dismissError', 'data-index': index, 'aria-label': 'Dismiss', title: 'Dismiss', 'data-focus': `dismiss:${index}`, 'data-focus-fallback': 'refresh' }, dom.icon('close')),
        ),
      ),
    ),
  );
}

/** The banner: subject, key, status, priority, due, requester and organisation; or the loading/error state. */
export function renderHeader(ctx: RenderContext): HTMLElement {
  const { dom, snapshot } = ctx;
  const ticket = snapshot.ticket;
  if (ticket.state === 'loading') {
    return dom.el(
      'header',
      { class: 'case-header', 'aria-busy': 'true' },
      dom.el('h1', { class: 'subject muted' }, 'Loading ticket…'),
      dom.el('p', { class: 'meta' }, dom.el('span', { class: 'connection' }, snapshot.connectionLabel)),
    );
  }
  if (ticket.state === 'error') {
    return dom.el(
      'header',
      { class: 'case-header' },
      dom.el('h1', { class: 'subject' }, 'The ticket could not be loaded'),
      errorBanner(ctx, ticket.message),
    );
  }
  const t = ticket.value;
  return dom.el(
    'header',
    { class: 'case-header' },
    dom.el(
      'div',
      { class: 'title-row' },
      dom.el('h1', { class: 'subject' }, t.subject.trim() || '(no subject)'),
      t.url
        ? dom.el('button', { class: 'secondary', 'data-action': 'openTicket', 'data-focus': 'openTicket', title: t.url }, dom.icon('link-external'), ' Open in helpdesk')
        : null,
    ),
    dom.el(
      'p',
      { class: 'meta' },
      dom.el('span', { class: 'key' }, t.key),
      dom.el('span', { class: `badge status status-${t.status}` }, dom.srOnly('Status: '), statusLabel(t.status)),
      dom.el('span', { class: `badge priority priority-${t.priority}` }, `${priorityLabel(t.priority)} priority`),
      due(ctx, t),
      dom.el('span', { class: 'connection' }, snapshot.connectionLabel),
    ),
    dom.el('p', { class: 'meta people' }, requester(ctx, t.requester), t.organization ? organization(ctx, t.organization) : null),
  );
}

export function errorBanner(ctx: RenderContext, message: string): HTMLElement {
  const { dom } = ctx;
  return dom.el(
    'div',
    { class: 'error-banner', role: 'alert' },
    dom.icon('error'),
    dom.el('span', { class: 'error-text' }, message),
    dom.el('button', { class: 'secondary', 'data-action': 'refresh', 'data-focus': 'refresh' }, dom.icon('refresh'), ' Refresh'),
  );
}

function due(ctx: RenderContext, t: Ticket): HTMLElement | null {
  if (!t.dueAt) return null;
  const { dom } = ctx;
  const d = dueText(Date.parse(t.dueAt), ctx.now);
  return dom.el('span', { class: `due due-${d.state}`, title: `Due ${absoluteTime(Date.parse(t.dueAt))}` }, dom.icon(d.state === 'overdue' ? 'warning' : 'watch'), ` ${d.text}`);
}

function requester(ctx: RenderContext, p: Person): HTMLElement {
  const { dom } = ctx;
  return dom.el(
    'span',
    { class: 'requester' },
    dom.icon('account'),
    dom.srOnly('Requester: '),
    ` ${p.name || 'Unknown requester'}`,
    p.email ? dom.fragment(' ', dom.el('a', { href: `mailto:${p.email}`, class: 'email' }, p.email)) : null,
  );
}

function organization(ctx: RenderContext, o: Organization): HTMLElement {
  const { dom } = ctx;
  const extra = [o.tier ? tierLabel(o.tier) : '', o.arr !== undefined ? `ARR ${money(o.arr)}` : ''].filter(Boolean).join(', ');
  return dom.el('span', { class: 'organization' }, dom.icon('organization'), dom.srOnly('Organisation: '), ` ${o.name}`, extra ? dom.el('span', { class: 'muted' }, ` (${extra})`) : null);
}
