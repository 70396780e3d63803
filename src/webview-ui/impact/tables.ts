import type { DrillTarget, ImpactView, TicketRow } from '../../protocol/impactProtocol';
import type { Dom } from '../case/dom';
import { dayLabel, formatArr, formatCount, formatHours, weekLabel } from './format';

/*
 * The text alternative of every chart: a table with the same numbers, in a <details> below the
 * chart, built the first time it is opened (a year of weekly buckets is hundreds of cells, and the
 * first paint should not wait for them). Every figure that stands for tickets is a button that
 * lists them (Enter, Space or a click), like a click on the chart element.
 */

export interface TableActions {
  readonly drill: (target: DrillTarget) => void;
  readonly openTicket: (ref: string) => void;
}

/** A <details> whose table is built on first open. */
export function lazyTable(dom: Dom, summary: string, build: () => HTMLTableElement): HTMLDetailsElement {
  const details = dom.el('details', { class: 'data-table' }, dom.el('summary', null, summary));
  details.addEventListener('toggle', () => {
    if (details.open && !details.querySelector('table')) details.appendChild(build());
  });
  return details;
}

function table(dom: Dom, caption: string, headers: readonly string[], rows: readonly (readonly (Node | string)[])[]): HTMLTableElement {
  return dom.el(
    'table',
    null,
    dom.el('caption', { class: 'sr-only' }, caption),
    dom.el('thead', null, dom.el('tr', null, ...headers.map((h, i) => dom.el('th', { scope: 'col', class: i ? 'num' : null }, h)))),
    dom.el('tbody', null, ...rows.map((r) => dom.el('tr', null, ...r.map((cell, i) => (i === 0 ? dom.el('th', { scope: 'row' }, cell) : dom.el('td', { class: 'num' }, cell)))))),
  );
}

function drillButton(dom: Dom, text: string, label: string, target: DrillTarget, actions: TableActions): HTMLButtonElement {
  const button = dom.el('button', { type: 'button', class: 'link-button', 'aria-label': label }, text);
  button.addEventListener('click', () => actions.drill(target));
  return button;
}

export function timelineTable(dom: Dom, view: ImpactView, actions: TableActions): HTMLTableElement {
  const { buckets, series } = view.timeline;
  const rows = buckets.map((week, b) => {
    const when = weekLabel(week);
    const total = series.reduce((n, s) => n + (s.counts[b] ?? 0), 0);
    return [
      `${when} (${dayLabel(week)})`,
      ...series.map((s) => {
        const n = s.counts[b] ?? 0;
        return n ? drillButton(dom, formatCount(n), `${formatCount(n)} ${s.name} tickets in the week of ${when}: list them`, { kind: 'timeline', series: s.name, bucket: b }, actions) : '0';
      }),
      formatCount(total),
    ];
  });
  return table(dom, 'Tickets created per week, by area', ['Week', ...series.map((s) => s.name), 'Total'], rows);
}

export function defectsTable(dom: Dom, view: ImpactView, actions: TableActions): HTMLTableElement {
  const rows = view.defects.map((d) => [
    drillButton(dom, `${d.key} ${d.missing ? '(missing in the tracker)' : d.title}`, `${d.key}: list its ${formatCount(d.cases)} linked cases`, { kind: 'defect', defectId: d.defectId }, actions),
    d.missing ? 'missing' : d.status,
    `${formatCount(d.cases)} (${formatCount(d.openCases)} open)`,
    `${formatCount(d.organizations)}${d.organizationNames.length ? `: ${d.organizationNames.join(', ')}${d.organizations > d.organizationNames.length ? ', …' : ''}` : ''}`,
    formatArr(d.arrKnown, d.arrUnknown) || 'unknown',
    formatCount(Math.round(d.ageDays)),
    d.unparsedBlocks ? `${formatCount(d.unparsedBlocks)} unparsed` : '0',
  ]);
  return table(dom, 'Top defects by customer impact', ['Defect', 'Status', 'Cases', 'Organisations', 'ARR', 'Age (days)', 'Feedback blocks unparsed'], rows);
}

export function responseTable(dom: Dom, view: ImpactView, actions: TableActions): HTMLTableElement {
  const rows = view.responseTimes.map((r) => [
    drillButton(dom, r.name, `Area ${r.name}: list its ${formatCount(r.tickets)} tickets`, { kind: 'area', name: r.name }, actions),
    formatHours(r.firstResponseHours),
    formatCount(r.withFirstResponse),
    formatHours(r.resolutionHours),
    formatCount(r.withResolution),
    formatCount(r.tickets),
  ]);
  return table(dom, 'Median hours to first response and to resolution, by area', ['Area', 'First response (median)', 'Tickets with one', 'Resolution (median)', 'Tickets resolved', 'Tickets'], rows);
}

/** A ticket list: each ticket a button that opens its case in Caselink. Customer text as text only. */
export function ticketList(dom: Dom, tickets: readonly TicketRow[], actions: TableActions): HTMLUListElement {
  return dom.el(
    'ul',
    { class: 'ticket-list' },
    ...tickets.map((t) => {
      const button = dom.el(
        'button',
        { type: 'button', class: 'ticket-button', 'data-ref': t.ref, title: `Open ${t.key} in Caselink` },
        dom.el('span', { class: 'ticket-key' }, t.key),
        dom.el('span', { class: 'ticket-subject' }, t.subject),
        dom.el('span', { class: 'ticket-meta muted' }, `${t.status} · ${t.organization} · ${t.area}${t.dueAt ? ` · due ${dayLabel(t.dueAt)}` : ''}`),
      );
      button.addEventListener('click', () => actions.openTicket(t.ref));
      return dom.el('li', null, button);
    }),
  );
}
