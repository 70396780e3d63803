import type { DrillTarget, ImpactView } from '../../protocol/impactProtocol';
import { UNKNOWN } from '../../core/model/impact';
import type { Dom } from '../case/dom';
import { BarChart, type ChartCanvas, type ChartTheme } from './charts';
import { dayLabel, formatArr, formatCount, formatHours, plural, weekLabel } from './format';
import { defectsTable, lazyTable, responseTable, timelineTable, type TableActions } from './tables';

/*
 * The three charts of the dashboard, each a <section> with a heading, a canvas with an aria-label
 * that sums it up, and its table. Team figures only: no chart or table is per person (no assignee
 * leaderboards), because per-person counts invite gaming (closing easy tickets, splitting them)
 * and say little about where customers hurt; areas, defects and customers do.
 */

export interface ChartSection {
  readonly element: HTMLElement;
  /** Undefined when there was nothing to draw (the section says why instead). */
  readonly chart?: BarChart;
}

type Make = (dom: Dom, view: ImpactView, theme: ChartTheme, actions: TableActions) => ChartSection;

function section(dom: Dom, id: string, title: string, hint: string, ...body: (Node | null)[]): HTMLElement {
  return dom.el('section', { class: 'card', id, 'aria-labelledby': `${id}-heading` }, dom.el('h2', { id: `${id}-heading` }, title), dom.el('p', { class: 'hint muted' }, hint), ...body);
}

function canvas(dom: Dom, id: string, summary: string, size: 'tall' | 'normal' | 'taller' = 'normal'): { box: HTMLElement; canvas: ChartCanvas } {
  // The canvas' own content is what browsers without canvas support show; role=img + aria-label is what screen readers read.
  const c = dom.el('canvas', { id, role: 'img', 'aria-label': summary }, summary) as ChartCanvas;
  return { box: dom.el('div', { class: `chart-box ${size}` }, c), canvas: c };
}

const empty = (dom: Dom, text: string) => dom.el('p', { class: 'empty' }, text);

/**
 * The chart, or when it cannot be drawn (no canvas support) the section with its table open and a
 * note: the numbers are never lost with the picture.
 */
function withChart(dom: Dom, id: string, title: string, hint: string, box: HTMLElement, table: HTMLDetailsElement, draw: () => BarChart): ChartSection {
  try {
    const chart = draw();
    return { element: section(dom, id, title, hint, box, table), chart };
  } catch (err) {
    table.open = true;
    table.dispatchEvent(new (dom.doc.defaultView?.Event ?? Event)('toggle'));
    return { element: section(dom, id, title, hint, dom.el('p', { class: 'empty' }, `The chart could not be drawn (${err instanceof Error ? err.message : String(err)}); the table below has the same numbers.`), table) };
  }
}

/** (a) Tickets created per week, stacked by area; "other" and "unknown" in a neutral colour. */
export const timelineSection: Make = (dom, view, theme, actions) => {
  const { buckets, series } = view.timeline;
  const total = series.reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0);
  const title = 'Tickets by area over time';
  const hint = 'Tickets created per week, stacked by product area. Click a bar to list its tickets.';
  if (!buckets.length || !total) return { element: section(dom, 'timeline', title, hint, empty(dom, 'No tickets were created in this range, so there is nothing to chart.')) };
  const top = series.map((s) => ({ name: s.name, n: s.counts.reduce((a, b) => a + b, 0) })).sort((a, b) => b.n - a.n)[0];
  const summary = `Stacked bar chart of ${plural(total, 'ticket')} created per week by area, ${plural(buckets.length, 'week')} from ${dayLabel(buckets[0])} to ${dayLabel(buckets[buckets.length - 1])}. Largest area: ${top.name} with ${formatCount(top.n)}.`;
  const { box, canvas: c } = canvas(dom, 'chart-timeline', summary, 'tall');
  const neutral = (name: string) => name === UNKNOWN || name === 'other';
  let colour = 0;
  const colours = series.map((s) => (neutral(s.name) ? -1 : colour++));
  const table = lazyTable(dom, 'Show the numbers as a table', () => timelineTable(dom, view, actions));
  return withChart(dom, 'timeline', title, hint, box, table, () => new BarChart({
    canvas: c,
    labels: buckets.map(weekLabel),
    datasets: series.map((s, i) => ({ label: s.name, data: s.counts, colors: (t) => (colours[i] < 0 ? t.neutral : t.series[colours[i] % t.series.length]) })),
    stacked: true,
    axisTitle: 'Tickets created',
    legend: true,
    formatValue: formatCount,
    onPick: (d, i) => actions.drill({ kind: 'timeline', series: series[d].name, bucket: i }),
  }, theme));
};

/** (b) The defects customers feel most: linked cases per defect, organisations and ARR in the tooltip. */
export const defectsSection: Make = (dom, view, theme, actions) => {
  const defects = view.defects;
  const title = 'Top defects by customer impact';
  const hint = `Linked cases per defect, ranked by cases, organisations and ARR${view.totals.defects > defects.length ? ` (top ${defects.length} of ${formatCount(view.totals.defects)})` : ''}. Click a bar to list the cases.`;
  if (!defects.length) return { element: section(dom, 'defects', title, hint, empty(dom, 'No ticket in this range is linked to a defect.')) };
  const first = defects[0];
  const missing = defects.filter((d) => d.missing).length;
  const summary = `Horizontal bar chart of linked cases for the top ${plural(defects.length, 'defect')}. Most impact: ${first.key} with ${plural(first.cases, 'case')} from ${plural(first.organizations, 'organisation')}.${missing ? ` ${plural(missing, 'defect')} missing in the tracker.` : ''}`;
  const { box, canvas: c } = canvas(dom, 'chart-defects', summary, defects.length > 16 ? 'taller' : defects.length > 8 ? 'tall' : 'normal');
  const table = lazyTable(dom, 'Show the defects as a table', () => defectsTable(dom, view, actions));
  return withChart(dom, 'defects', title, hint, box, table, () => new BarChart({
    canvas: c,
    labels: defects.map((d) => (d.missing ? `${d.key} (missing)` : d.key)),
    datasets: [{ label: 'Linked cases', data: defects.map((d) => d.cases), colors: (t) => defects.map((d) => (d.missing ? t.error : t.series[0])) }],
    horizontal: true,
    axisTitle: 'Linked cases',
    legend: false,
    formatValue: formatCount,
    tooltipLines: (_d, i) => {
      const d = defects[i];
      if (!d) return [];
      return [
        d.missing ? 'Missing in the tracker (deleted, or no access)' : d.title.slice(0, 120),
        `Status: ${d.missing ? 'missing' : d.status}`,
        `${formatCount(d.openCases)} open of ${formatCount(d.cases)} cases`,
        `Organisations: ${formatCount(d.organizations)}${d.organizationNames.length ? ` (${d.organizationNames.join(', ')}${d.organizations > d.organizationNames.length ? ', …' : ''})` : ''}`,
        `ARR: ${formatArr(d.arrKnown, d.arrUnknown) || 'unknown'}`,
        `Age: ${plural(Math.round(d.ageDays), 'day')}`,
        ...(d.unparsedBlocks ? [`${plural(d.unparsedBlocks, 'feedback block')} unparsed`] : []),
      ];
    },
    onPick: (_d, i) => defects[i] && actions.drill({ kind: 'defect', defectId: defects[i].defectId }),
  }, theme));
};

/** (c) Median hours to first response and to resolution, per area. */
export const responseSection: Make = (dom, view, theme, actions) => {
  const rows = view.responseTimes;
  const title = 'Time to first response and to resolution by area';
  const hint = 'Median hours per product area, over the tickets that have the timestamps. Click a bar to list the area’s tickets.';
  const measured = rows.filter((r) => r.firstResponseHours !== undefined || r.resolutionHours !== undefined);
  if (!measured.length) return { element: section(dom, 'response', title, hint, empty(dom, 'No ticket in this range has a first response or a resolution time yet.')) };
  const slowest = [...measured].sort((a, b) => (b.resolutionHours ?? -1) - (a.resolutionHours ?? -1))[0];
  const summary = `Grouped bar chart of median hours to first response and to resolution for ${plural(rows.length, 'area')}. Slowest resolution: ${slowest.name}, ${formatHours(slowest.resolutionHours)}.`;
  const { box, canvas: c } = canvas(dom, 'chart-response', summary);
  const table = lazyTable(dom, 'Show the medians as a table', () => responseTable(dom, view, actions));
  return withChart(dom, 'response', title, hint, box, table, () => new BarChart({
    canvas: c,
    labels: rows.map((r) => r.name),
    datasets: [
      { label: 'First response (median hours)', data: rows.map((r) => r.firstResponseHours ?? null), colors: (t) => t.series[0] },
      { label: 'Resolution (median hours)', data: rows.map((r) => r.resolutionHours ?? null), colors: (t) => t.series[1] },
    ],
    axisTitle: 'Hours (median)',
    legend: true,
    formatValue: formatHours,
    tooltipLines: (d, i) => {
      const r = rows[i];
      if (!r) return [];
      return [d === 0 ? `${formatCount(r.withFirstResponse)} of ${formatCount(r.tickets)} tickets have a first response` : `${formatCount(r.withResolution)} of ${formatCount(r.tickets)} tickets resolved`];
    },
    onPick: (_d, i) => rows[i] && actions.drill({ kind: 'area', name: rows[i].name }),
  }, theme));
};

export const CHART_SECTIONS: readonly Make[] = [timelineSection, defectsSection, responseSection];

export type { DrillTarget };
