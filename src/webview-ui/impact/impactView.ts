import { IMPACT_RANGES, type ImpactRange } from '../../core/model/impact';
import { type DrillTarget, ImpactHostMessage, type ImpactView, type ImpactWebviewMessage } from '../../protocol/impactProtocol';
import { Dom } from '../case/dom';
import type { StateStore } from '../case/drafts';
import { LiveRegion } from '../case/focusKeeper';
import { CHART_SECTIONS, type ChartSection } from './chartSections';
import { readTheme } from './charts';
import { dayLabel, formatCount, plural } from './format';
import { ticketList, type TableActions } from './tables';

type StateMessage = Extract<ImpactHostMessage, { type: 'state' }>;
type DrillMessage = Extract<ImpactHostMessage, { type: 'drill' }>;

export interface ImpactViewOptions {
  readonly post: (message: ImpactWebviewMessage) => void;
  readonly state?: StateStore;
  readonly log?: Pick<Console, 'warn'>;
  readonly newId?: () => string;
}

const RANGE_LABELS: Record<ImpactRange, string> = { '7d': 'Last 7 days', '30d': 'Last 30 days', '90d': 'Last 90 days', '365d': 'Last 365 days', all: 'All time' };

/**
 * The Impact dashboard in the browser: host messages in, charts, tables and drill-down lists out.
 * Everything from the host (names, subjects, organisations) is inserted as text; the page never
 * builds HTML from strings. Charts take their colours from the theme and are recoloured when VS
 * Code switches themes (it changes the body's class and the --vscode-* variables).
 */
export class ImpactDashboardView {
  readonly #dom: Dom;
  readonly #live: LiveRegion;
  readonly #scope: HTMLElement;
  readonly #status: HTMLElement;
  readonly #range: HTMLSelectElement;
  readonly #connectionField: HTMLElement;
  readonly #connection: HTMLSelectElement;
  readonly #refresh: HTMLButtonElement;
  readonly #exports: HTMLButtonElement[];
  readonly #main: HTMLElement;
  readonly #drill: HTMLElement;
  readonly #observer: MutationObserver;
  #sections: ChartSection[] = [];
  #viewKey = '';
  #view: ImpactView | undefined;
  #drillRequest = '';
  #themeFrame = 0;
  readonly #actions: TableActions;

  constructor(
    private readonly root: HTMLElement,
    private readonly options: ImpactViewOptions,
  ) {
    const doc = root.ownerDocument;
    const dom = (this.#dom = new Dom(doc));
    const win = doc.defaultView;
    const newId = options.newId ?? (() => (win?.crypto?.randomUUID ? win.crypto.randomUUID() : `${Date.now()}-${Math.random()}`));
    this.#actions = {
      drill: (target) => this.#requestDrill(target, newId()),
      openTicket: (ticketRef) => options.post({ type: 'openTicket', ticketRef }),
    };
    this.#live = new LiveRegion(doc);
    this.#scope = dom.el('p', { class: 'scope', id: 'scope' }, 'Loading the impact report…');
    this.#range = dom.el('select', { id: 'range' }, ...IMPACT_RANGES.map((r) => dom.el('option', { value: r }, RANGE_LABELS[r])));
    this.#range.addEventListener('change', () => {
      const range = this.#range.value as ImpactRange;
      options.state?.setState({ range });
      options.post({ type: 'setRange', range });
    });
    this.#connection = dom.el('select', { id: 'connection' });
    this.#connection.addEventListener('change', () => options.post({ type: 'setConnection', connectionId: this.#connection.value || null }));
    this.#connectionField = dom.el('label', { class: 'field', hidden: true }, 'Connection ', this.#connection);
    this.#refresh = this.#button('refresh', 'Refresh', 'secondary', () => options.post({ type: 'refresh' }));
    this.#exports = [
      this.#button('markdown', 'Export Markdown', 'secondary', () => options.post({ type: 'export', format: 'markdown' })),
      this.#button('table', 'Export CSV', 'secondary', () => options.post({ type: 'export', format: 'csv' })),
    ];
    this.#status = dom.el('div', { class: 'status', role: 'status' });
    this.#main = dom.el('main', { class: 'impact-main', 'aria-busy': 'true' });
    this.#drill = dom.el('section', { class: 'card drill', id: 'drill', 'aria-labelledby': 'drill-heading', hidden: true });
    root.replaceChildren(
      this.#live.element,
      dom.el(
        'header',
        { class: 'impact-header' },
        dom.el('h1', null, 'Impact'),
        this.#scope,
        dom.el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Dashboard' }, dom.el('label', { class: 'field' }, 'Range ', this.#range), this.#connectionField, this.#refresh, ...this.#exports),
        this.#status,
      ),
      this.#main,
    );
    this.#setExportsEnabled(false);
    this.#observer = new (win?.MutationObserver ?? MutationObserver)(() => this.#themeChanged());
    // VS Code marks the theme on the body's class and puts its colours on <html style>.
    this.#observer.observe(doc.body, { attributes: true, attributeFilter: ['class'] });
    this.#observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['style'] });
  }

  #button(icon: string, text: string, kind: string, onClick: () => void): HTMLButtonElement {
    const b = this.#dom.el('button', { type: 'button', class: kind }, this.#dom.icon(icon), text);
    b.addEventListener('click', onClick);
    return b;
  }

  #setExportsEnabled(enabled: boolean): void {
    for (const b of this.#exports) b.disabled = !enabled;
  }

  /** A raw message from the host: validated, then applied. Returns whether it was valid. */
  receive(raw: unknown): boolean {
    const parsed = ImpactHostMessage.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      (this.options.log ?? console).warn(`Caselink: ignored an invalid message from the host: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
      return false;
    }
    if (parsed.data.type === 'state') this.#applyState(parsed.data);
    else this.#showDrill(parsed.data);
    return true;
  }

  #applyState(m: StateMessage): void {
    const dom = this.#dom;
    const loading = m.status === 'loading' || (m.status === 'idle' && !m.view);
    this.#refresh.setAttribute('aria-busy', String(loading));
    this.#refresh.disabled = loading;
    this.#main.setAttribute('aria-busy', String(loading && !m.view));
    if (m.status === 'error') {
      const retry = this.#button('refresh', 'Retry', 'primary', () => this.options.post({ type: 'refresh' }));
      const logs = this.#button('output', 'Show Logs', 'secondary', () => this.options.post({ type: 'showLogs' }));
      this.#status.replaceChildren(
        dom.el('div', { class: 'error-banner', role: 'alert' }, dom.icon('error'), dom.el('span', { class: 'error-text' }, m.error ?? 'The impact report could not be loaded.'), retry, logs),
        ...(m.view ? [dom.el('p', { class: 'muted' }, `Showing the last report, from ${dayLabel(m.view.generatedAt)}.`)] : []),
      );
    } else if (loading) {
      this.#status.replaceChildren(dom.el('p', { class: 'loading' }, dom.icon('loading', 'codicon-modifier-spin'), m.view ? ' Refreshing…' : ' Loading the impact report…'));
    } else {
      this.#status.replaceChildren();
    }
    if (m.view) this.#render(m.view);
    else if (!this.#view && m.status !== 'error') this.#scope.textContent = 'Loading the impact report…';
    else if (!this.#view) this.#scope.textContent = 'No report yet.';
  }

  #render(view: ImpactView): void {
    this.#range.value = view.range;
    this.#renderConnections(view);
    this.#setExportsEnabled(true);
    const key = `${view.generatedAt}|${view.scope}|${view.range}|${view.connectionId ?? ''}`;
    if (key === this.#viewKey) return;
    this.#viewKey = key;
    this.#view = view;
    this.#scope.textContent = view.scope;
    this.#destroyCharts();
    const dom = this.#dom;
    const notes = this.#notes(view);
    if (!view.totals.tickets) {
      const why = view.range === 'all' ? 'The helpdesk returned no tickets for this connection.' : `No tickets were created in the ${RANGE_LABELS[view.range].toLowerCase()}. Choose a longer range to see more.`;
      this.#main.replaceChildren(dom.el('div', { class: 'empty-state' }, dom.el('p', null, why)), ...notes);
      this.#live.announce(why);
      return;
    }
    const theme = readTheme(this.root.ownerDocument);
    this.#sections = CHART_SECTIONS.map((make) => make(dom, view, theme, this.#actions));
    this.#drill.hidden = true;
    this.#main.replaceChildren(this.#summary(view), ...notes, ...this.#sections.map((s) => s.element), this.#overdue(view));
    this.#main.setAttribute('aria-busy', 'false');
    this.root.ownerDocument.body.dataset.chartsRendered = String(this.#sections.filter((s) => s.chart).length);
    this.#live.announce(`Impact report updated: ${view.scope}`);
  }

  #renderConnections(view: ImpactView): void {
    const many = view.connections.length > 1 || !!view.connectionId;
    this.#connectionField.hidden = !many;
    if (!many) return;
    const dom = this.#dom;
    this.#connection.replaceChildren(dom.el('option', { value: '' }, 'All connections'), ...view.connections.map((c) => dom.el('option', { value: c }, c)));
    this.#connection.value = view.connectionId ?? '';
  }

  #summary(view: ImpactView): HTMLElement {
    const dom = this.#dom;
    const t = view.totals;
    const figure = (label: string, value: number, extra?: string, cls = '') =>
      dom.el('div', { class: `figure ${cls}` }, dom.el('dt', null, label), dom.el('dd', null, dom.el('span', { class: 'value' }, formatCount(value)), extra ? dom.el('span', { class: 'muted extra' }, extra) : null));
    return dom.el(
      'section',
      { class: 'summary', 'aria-label': 'Summary' },
      dom.el(
        'dl',
        { class: 'figures' },
        figure('Tickets', t.tickets),
        figure('Open', t.openTickets),
        figure('Linked defects', t.defects, `${formatCount(t.linkedTickets)} tickets linked`),
        figure('Missing defects', t.missingDefects, 'deleted or not visible in the tracker', t.missingDefects ? 'warn' : ''),
        figure('Unparsed feedback blocks', t.unparsedFeedback, `of ${formatCount(t.feedbackRecords + t.evidenceComments + t.unparsedFeedback)} Caselink blocks`, t.unparsedFeedback ? 'warn' : ''),
        figure('Overdue follow-ups', t.overdueFollowUps, undefined, t.overdueFollowUps ? 'warn' : ''),
      ),
    );
  }

  #notes(view: ImpactView): HTMLElement[] {
    const dom = this.#dom;
    const lines = [
      ...(view.partial ? ['Partial report: not every ticket could be loaded, so the figures are lower bounds.'] : []),
      ...(view.totals.missingDefects ? [`${plural(view.totals.missingDefects, 'linked defect')} ${view.totals.missingDefects === 1 ? 'is' : 'are'} missing in the tracker (deleted, or no access): shown as “missing”, still counted.`] : []),
      ...(view.totals.unparsedFeedback ? [`${plural(view.totals.unparsedFeedback, 'Caselink feedback block')} could not be read (missing or corrupt) and ${view.totals.unparsedFeedback === 1 ? 'is' : 'are'} counted as unparsed.`] : []),
      ...view.problems,
    ];
    if (!lines.length) return [];
    return [dom.el('ul', { class: 'notes' }, ...lines.map((l) => dom.el('li', { class: 'notice' }, dom.icon('warning'), dom.el('span', null, l))))];
  }

  /** (d) Overdue follow-ups: open tickets past due, oldest due first; each opens its case. */
  #overdue(view: ImpactView): HTMLElement {
    const dom = this.#dom;
    const total = view.totals.overdueFollowUps;
    const body: Node[] = [];
    if (!total) body.push(dom.el('p', { class: 'empty' }, 'No open ticket is past its due date.'));
    else {
      body.push(ticketList(dom, view.overdue, this.#actions));
      if (total > view.overdue.length) {
        const all = dom.el('button', { type: 'button', class: 'link-button' }, `List all ${formatCount(total)}`);
        all.addEventListener('click', () => this.#actions.drill({ kind: 'overdue' }));
        body.push(dom.el('p', { class: 'muted' }, `Showing the ${formatCount(view.overdue.length)} longest overdue of ${formatCount(total)}. `, all));
      }
    }
    return dom.el('section', { class: 'card', id: 'overdue', 'aria-labelledby': 'overdue-heading' }, dom.el('h2', { id: 'overdue-heading' }, `Overdue follow-ups (${formatCount(total)})`), dom.el('p', { class: 'hint muted' }, 'Open tickets past their due date, longest overdue first. Activate one to open its case.'), ...body);
  }

  #requestDrill(target: DrillTarget, requestId: string): void {
    this.#drillRequest = requestId;
    const dom = this.#dom;
    // Under the section it came from, so the list appears where the user is looking.
    const from = target.kind === 'timeline' ? 'timeline' : target.kind === 'defect' ? 'defects' : target.kind === 'area' ? 'response' : 'overdue';
    this.root.ownerDocument.getElementById(from)?.after(this.#drill);
    this.#drill.hidden = false;
    this.#drill.setAttribute('aria-busy', 'true');
    this.#drill.replaceChildren(dom.el('h2', { id: 'drill-heading', tabindex: '-1' }, 'Tickets'), dom.el('p', { class: 'loading' }, 'Loading the tickets…'));
    this.options.post({ type: 'drill', requestId, target });
  }

  #showDrill(m: DrillMessage): void {
    if (m.requestId !== this.#drillRequest) return;
    const dom = this.#dom;
    const close = dom.el('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close the ticket list', title: 'Close' }, dom.icon('close'));
    close.addEventListener('click', () => {
      this.#drill.hidden = true;
      this.#drillRequest = '';
    });
    const heading = dom.el('h2', { id: 'drill-heading', tabindex: '-1' }, m.title);
    const count = m.total > m.tickets.length ? `Showing ${formatCount(m.tickets.length)} of ${plural(m.total, 'ticket')}.` : plural(m.total, 'ticket');
    this.#drill.replaceChildren(
      dom.el('div', { class: 'drill-head' }, heading, close),
      dom.el('p', { class: 'muted' }, count),
      m.tickets.length ? ticketList(dom, m.tickets, this.#actions) : dom.el('p', { class: 'empty' }, 'No tickets behind this element.'),
    );
    this.#drill.setAttribute('aria-busy', 'false');
    heading.focus();
    this.#live.announce(`${m.title}: ${count}`);
  }

  #themeChanged(): void {
    const win = this.root.ownerDocument.defaultView;
    if (!win || this.#themeFrame) return;
    // Several attribute changes arrive for one theme switch: recolour once, on the next frame.
    this.#themeFrame = win.requestAnimationFrame(() => {
      this.#themeFrame = 0;
      const theme = readTheme(this.root.ownerDocument);
      for (const s of this.#sections) s.chart?.applyTheme(theme);
    });
  }

  #destroyCharts(): void {
    for (const s of this.#sections) s.chart?.destroy();
    this.#sections = [];
  }

  /** Restores the range the user picked last (webview state survives hiding and reloads). */
  restore(saved: unknown): void {
    const range = saved && typeof saved === 'object' ? (saved as { range?: unknown }).range : undefined;
    if (typeof range === 'string' && (IMPACT_RANGES as readonly string[]).includes(range)) this.#range.value = range;
  }

  dispose(): void {
    this.#observer.disconnect();
    this.#destroyCharts();
  }
}
