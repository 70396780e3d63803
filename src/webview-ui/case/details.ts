import type { Ticket } from '../../core/model/ticket';
import { type RenderContext, controlError, controlProps } from './context';
import type { Child } from './dom';
import { idFor } from './dom';
import { absoluteTime, customFieldText, dueText, money, priorityLabel, relativeTime, statusLabel, tierLabel } from './format';
import { Control } from './requests';

/** The side panel's "Details": the ticket's editable properties and its facts. */
export function renderDetails(ctx: RenderContext): HTMLElement {
  const { dom, snapshot } = ctx;
  const section = dom.el('section', { class: 'side-section details', 'aria-labelledby': 'details-heading' }, dom.el('h2', { id: 'details-heading' }, 'Details'));
  const ticket = snapshot.ticket;
  if (ticket.state === 'loading') {
    section.setAttribute('aria-busy', 'true');
    dom.append(section, [dom.el('p', { class: 'loading' }, dom.icon('loading', 'codicon-modifier-spin'), ' Loading ticket…')]);
  } else if (ticket.state === 'error') {
    dom.append(section, [dom.el('p', { class: 'muted' }, 'Not available: the ticket could not be loaded.')]);
  } else {
    dom.append(section, [...controls(ctx, ticket.value), facts(ctx, ticket.value), customFields(ctx, ticket.value)]);
  }
  return section;
}

function controls(ctx: RenderContext, t: Ticket): HTMLElement[] {
  const { dom, snapshot } = ctx;
  const statuses = snapshot.options.statuses.includes(t.status) ? snapshot.options.statuses : [t.status, ...snapshot.options.statuses];
  const priorities = snapshot.options.priorities.includes(t.priority) ? snapshot.options.priorities : [t.priority, ...snapshot.options.priorities];
  const status = select(ctx, Control.status, 'Status', 'setStatus', statuses.map((s) => [s, statusLabel(s)]), ctx.requests.pendingValue(Control.status) ?? t.status);
  const priority = select(ctx, Control.priority, 'Priority', 'setPriority', priorities.map((p) => [p, priorityLabel(p)]), ctx.requests.pendingValue(Control.priority) ?? t.priority);

  const assignee = dom.el(
    'div',
    { class: 'field', role: 'group', 'aria-labelledby': 'assignee-label' },
    dom.el('span', { class: 'field-label', id: 'assignee-label' }, 'Assignee'),
    dom.el(
      'div',
      { class: 'field-value' },
      dom.el('span', { class: t.assignee ? 'assignee' : 'assignee muted' }, dom.icon('person'), ` ${t.assignee?.name || 'Unassigned'}`),
      dom.el('button', { class: 'secondary', 'data-action': 'assign', ...controlProps(ctx, Control.assignee) }, 'Assign…'),
    ),
    controlError(ctx, Control.assignee),
  );

  const chips = t.tags.map((tag) =>
    dom.el(
      'li',
      { class: 'chip' },
      dom.el('span', { class: 'chip-text' }, tag),
      dom.el(
        'button',
        { class: 'chip-remove', 'data-action': 'removeTag', 'data-tag': tag, 'aria-label': `Remove tag ${tag}`, title: `Remove tag ${tag}`, ...controlProps(ctx, Control.tag(tag), Control.addTag) },
        dom.icon('close'),
      ),
      controlError(ctx, Control.tag(tag)),
    ),
  );
  const tags = dom.el(
    'div',
    { class: 'field', role: 'group', 'aria-labelledby': 'tags-label' },
    dom.el('span', { class: 'field-label', id: 'tags-label' }, 'Tags'),
    dom.el(
      'div',
      { class: 'field-value tags-row' },
      chips.length ? dom.el('ul', { class: 'tags', 'aria-label': 'Tags' }, ...chips) : dom.el('span', { class: 'muted' }, 'No tags'),
      dom.el('button', { class: 'secondary compact', 'data-action': 'addTag', 'aria-label': 'Add tag', ...controlProps(ctx, Control.addTag) }, dom.icon('add'), ' Tag'),
    ),
    controlError(ctx, Control.addTag),
  );
  return [status, priority, assignee, tags];
}

function select(ctx: RenderContext, control: string, label: string, action: string, options: Array<[string, string]>, value: string): HTMLElement {
  const { dom } = ctx;
  const id = idFor('field', control);
  const el = dom.el('select', { id, 'data-action': action, ...controlProps(ctx, control) }, ...options.map(([v, text]) => dom.el('option', { value: v }, text)));
  el.value = value;
  return dom.el('div', { class: 'field' }, dom.el('label', { class: 'field-label', for: id }, label), dom.el('div', { class: 'field-value' }, el), controlError(ctx, control));
}

function facts(ctx: RenderContext, t: Ticket): HTMLElement {
  const { dom } = ctx;
  const rows: Array<[string, Child]> = [];
  rows.push(['Requester', dom.fragment(t.requester.name || 'Unknown', t.requester.email ? dom.fragment(dom.el('br'), dom.el('a', { href: `mailto:${t.requester.email}` }, t.requester.email)) : null)]);
  if (t.organization) {
    const o = t.organization;
    rows.push(['Organisation', o.name]);
    if (o.tier) rows.push(['Tier', tierLabel(o.tier)]);
    if (o.arr !== undefined) rows.push(['ARR', money(o.arr)]);
  }
  if (t.group) rows.push(['Group', t.group]);
  rows.push(['Created', time(ctx, t.createdAt)]);
  rows.push(['Updated', time(ctx, t.updatedAt)]);
  if (t.dueAt) {
    const d = dueText(Date.parse(t.dueAt), ctx.now);
    rows.push(['Due', dom.fragment(dom.el('span', { class: `due due-${d.state}` }, d.text), dom.el('br'), dom.el('span', { class: 'muted' }, time(ctx, t.dueAt, true)))]);
  }
  return definitionList(ctx, rows, 'facts');
}

function customFields(ctx: RenderContext, t: Ticket): HTMLElement | DocumentFragment {
  const { dom } = ctx;
  const entries = Object.entries(t.customFields);
  if (!entries.length) return dom.fragment();
  return dom.fragment(
    dom.el('h3', null, 'Custom fields'),
    definitionList(ctx, entries.map(([name, value]) => [name, customFieldText(value)]), 'custom-fields'),
  );
}

function definitionList(ctx: RenderContext, rows: Array<[string, Child]>, className: string): HTMLElement {
  const { dom } = ctx;
  return dom.el('dl', { class: className }, ...rows.flatMap(([term, value]) => [dom.el('dt', null, term), dom.el('dd', null, value)]));
}

function time(ctx: RenderContext, iso: string, absolute = false): HTMLElement {
  const at = Date.parse(iso);
  return ctx.dom.el('time', { datetime: iso, title: absoluteTime(at) }, absolute ? absoluteTime(at) : relativeTime(at, ctx.now));
}
