import * as assert from 'assert';
import { JSDOM, VirtualConsole } from 'jsdom';
import type { DefectImpact, ImpactReport, TicketSummary } from '../../src/core/model/impact';
import { aggregateImpact } from '../../src/core/services/impact/aggregate';
import { DRILL_LIMIT, ImpactHostMessage, ImpactView, ImpactWebviewMessage, TOP_DEFECTS, drillDown, ticketRow, toImpactView } from '../../src/protocol/impactProtocol';
import { ImpactDashboardView } from '../../src/webview-ui/impact/impactView';
import { aTicket } from '../builders/ticket';

const NOW = '2026-11-22T12:00:00.000Z';

function summary(ref: string, overrides: Partial<TicketSummary> = {}): TicketSummary {
  const id = ref.split(':')[1];
  return { ref, id, key: `#${id}`, subject: `Subject ${id}`, status: 'open', organization: 'Acme', area: 'export', createdAt: '2026-11-10T10:00:00.000Z', updatedAt: '2026-11-12T10:00:00.000Z', ...overrides };
}

function defect(id: string, refs: string[], overrides: Partial<DefectImpact> = {}): DefectImpact {
  return {
    defectId: id, key: `LUM-${id}`, title: `Crash ${id}`, status: 'In Progress', missing: false, cases: refs.length, openCases: refs.length, organizations: 1, organizationNames: ['Acme'],
    arrKnown: 120_000, arrUnknown: 0, tiers: { enterprise: 1 }, ageDays: 12, quotes: [], feedbackRecords: 0, evidenceComments: 0, unparsedBlocks: 0, ticketRefs: refs, score: refs.length, ...overrides,
  };
}

/** A small report made by hand: two areas (one "unknown"), a missing defect, an unparsed block, an overdue ticket. */
function aReport(overrides: Partial<ImpactReport> = {}): ImpactReport {
  const index = new Map<string, TicketSummary>([
    ['demo:1', summary('demo:1')],
    ['demo:2', summary('demo:2', { organization: 'unknown', area: 'unknown', subject: '<img src=x onerror="window.pwned=1">' })],
    ['demo:3', summary('demo:3', { status: 'solved' })],
  ]);
  return {
    generatedAt: NOW,
    filters: { range: '30d' },
    scope: 'Tickets created in the last 30 days (2026-10-23 – 2026-11-22), all connections; 3 tickets.',
    totals: { tickets: 3, openTickets: 2, linkedTickets: 2, defects: 2, missingDefects: 1, overdueFollowUps: 1 },
    tags: [],
    areas: [
      { name: 'export', tickets: 2, openTickets: 1, newThisWeek: 1, newLastWeek: 0, trend: 'up', defectIds: ['7'], ticketRefs: ['demo:1', 'demo:3'] },
      { name: 'unknown', tickets: 1, openTickets: 1, newThisWeek: 0, newLastWeek: 1, trend: 'down', defectIds: [], ticketRefs: ['demo:2'] },
    ],
    defects: [defect('7', ['demo:1', 'demo:3']), defect('99', ['demo:2', 'demo:404'], { key: '99', title: 'Deleted or not visible in the tracker', status: 'Not found', missing: true, organizationNames: [], arrKnown: 0, arrUnknown: 1, unparsedBlocks: 1 })],
    timeline: { buckets: ['2026-11-09T00:00:00.000Z', '2026-11-16T00:00:00.000Z'], series: [{ name: 'export', counts: [1, 1], ticketRefs: [['demo:1'], ['demo:3']] }, { name: 'unknown', counts: [0, 1], ticketRefs: [[], ['demo:2']] }] },
    responseTimes: [{ name: 'export', firstResponseHours: 2.5, resolutionHours: 30, withFirstResponse: 2, withResolution: 1, tickets: 2 }, { name: 'unknown', withFirstResponse: 0, withResolution: 0, tickets: 1 }],
    overdueFollowUps: ['demo:2'],
    feedback: { records: 1, evidenceComments: 2, unparsed: 1, unparsedDefects: ['99'] },
    problems: [],
    partial: false,
    ticketIndex: index,
    ...overrides,
  };
}

describe('Impact dashboard: the view the host sends', () => {
  it('is a valid, JSON-friendly ImpactView with the totals, unknowns, missing defects and unparsed blocks', () => {
    const view = toImpactView(aReport());
    assert.ok(ImpactView.safeParse(view).success);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(view)), view, 'no Maps or undefined-only fields');
    assert.strictEqual(view.totals.unparsedFeedback, 1);
    assert.strictEqual(view.totals.missingDefects, 1);
    assert.deepStrictEqual(view.timeline.series.map((s) => s.name), ['export', 'unknown']);
    assert.deepStrictEqual(view.defects.map((d) => [d.key, d.missing]), [['LUM-7', false], ['99', true]]);
    assert.strictEqual(view.responseTimes[1].firstResponseHours, undefined, 'no median is not zero');
    assert.deepStrictEqual(view.overdue.map((t) => [t.key, t.organization, t.area]), [['#2', 'unknown', 'unknown']]);
    assert.deepStrictEqual(view.connections, ['demo']);
  });

  it('keeps the message small: the top defects only, no ticket lists', () => {
    const defects = Array.from({ length: 80 }, (_, i) => defect(String(i), ['demo:1']));
    const view = toImpactView(aReport({ defects }));
    assert.strictEqual(view.defects.length, TOP_DEFECTS);
    assert.ok(!JSON.stringify(view).includes('ticketRefs'));
  });

  it('drills down to the tickets behind each chart element, and lists unknown refs instead of dropping them', () => {
    const report = aReport();
    assert.deepStrictEqual(drillDown(report, { kind: 'timeline', series: 'unknown', bucket: 1 })?.refs, ['demo:2']);
    assert.match(drillDown(report, { kind: 'timeline', series: 'export', bucket: 0 })!.title, /export.*2026-11-09/);
    assert.deepStrictEqual(drillDown(report, { kind: 'defect', defectId: '99' })?.refs, ['demo:2', 'demo:404']);
    assert.deepStrictEqual(drillDown(report, { kind: 'area', name: 'export' })?.refs, ['demo:1', 'demo:3']);
    assert.deepStrictEqual(drillDown(report, { kind: 'overdue' })?.refs, ['demo:2']);
    assert.strictEqual(drillDown(report, { kind: 'defect', defectId: 'nope' }), undefined);
    assert.strictEqual(drillDown(report, { kind: 'timeline', series: 'export', bucket: 9 }), undefined);
    assert.deepStrictEqual(ticketRow(report, 'demo:404'), { ref: 'demo:404', key: '404', subject: '(not in this report)', status: 'unknown', organization: 'unknown', area: 'unknown' });
    assert.ok(DRILL_LIMIT >= 100);
  });

  it('shows what real aggregation makes of tickets without tags or organisation, deleted defects and corrupt feedback blocks', () => {
    const now = new Date(NOW);
    const tickets = [
      aTicket({ connectionId: 'demo', id: '1', createdAt: '2026-11-20T10:00:00.000Z', tags: [], organization: undefined }),
      aTicket({ connectionId: 'demo', id: '2', createdAt: '2026-11-19T10:00:00.000Z', tags: ['billing'], organization: { id: 'o1', name: 'Acme', tier: 'enterprise', arr: 50_000 } }),
    ];
    const links = [
      { ticketConnectionId: 'demo', ticketId: '1', trackerId: 't', defectId: 'gone' },
      { ticketConnectionId: 'demo', ticketId: '2', trackerId: 't', defectId: '5' },
    ];
    const defects = [{ trackerId: 't', id: '5', key: 'LUM-5', title: 'Export fails', status: 'New', stage: 'open' as const, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' }];
    const feedbackTexts = new Map([['5', { description: 'Filed.\n\n```caselink-feedback\n{ not json\n```\n', comments: [] }]]);
    const report = aggregateImpact({ now, filters: { range: '30d' }, tickets, links, defects, feedbackTexts });
    const view = toImpactView(report);
    assert.ok(ImpactView.safeParse(view).success, JSON.stringify(ImpactView.safeParse(view).error?.issues[0]));
    assert.strictEqual(view.totals.tickets, 2, 'the ticket without tags or organisation is counted');
    assert.strictEqual(view.totals.missingDefects, 1);
    const missing = view.defects.find((d) => d.missing)!;
    assert.strictEqual(missing.defectId, 'gone');
    assert.strictEqual(missing.cases, 1);
    assert.ok(view.totals.unparsedFeedback >= 1, 'the corrupt block is counted as unparsed');
    const seriesTotal = view.timeline.series.reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0);
    assert.strictEqual(seriesTotal, 2, 'every ticket is in the timeline');
    const drilled = drillDown(report, { kind: 'defect', defectId: 'gone' })!;
    assert.deepStrictEqual(drilled.refs.map((r) => ticketRow(report, r).organization), ['unknown']);
  });
});

describe('Impact dashboard: the page (jsdom)', () => {
  let jsdom: JSDOM;
  let root: HTMLElement;
  let posted: ImpactWebviewMessage[];
  let warnings: string[];
  let view: ImpactDashboardView;
  let ids = 0;

  beforeEach(() => {
    // jsdom has no canvas: the page must fall back to its tables (and jsdom says "not implemented").
    const virtualConsole = new VirtualConsole();
    virtualConsole.on('jsdomError', (e) => {
      if (!/Not implemented: HTMLCanvasElement/.test(e.message)) throw e;
    });
    jsdom = new JSDOM('<!doctype html><html><body><div id="app"></div></body></html>', { pretendToBeVisual: true, virtualConsole });
    root = jsdom.window.document.getElementById('app')!;
    posted = [];
    warnings = [];
    ids = 0;
    view = new ImpactDashboardView(root, { post: (m) => posted.push(m), log: { warn: (w: string) => warnings.push(w) }, newId: () => `req-${++ids}` });
  });
  afterEach(() => {
    view.dispose();
    for (const m of posted) assert.ok(ImpactWebviewMessage.safeParse(m).success, `invalid outgoing message ${JSON.stringify(m)}`);
    jsdom.window.close();
  });

  const $ = (selector: string) => root.querySelector<HTMLElement>(selector);
  const $$ = (selector: string) => Array.from(root.querySelectorAll<HTMLElement>(selector));
  const byText = (selector: string, text: string) => $$(selector).find((el) => el.textContent?.includes(text));
  const ready = (report = aReport()) => assert.ok(view.receive({ type: 'state', status: 'ready', view: toImpactView(report) }));

  it('shows loading, then the scope, the summary figures and a section per chart', () => {
    assert.ok(view.receive({ type: 'state', status: 'loading' }));
    assert.match($('.status')!.textContent!, /Loading the impact report/);
    assert.strictEqual($('main')!.getAttribute('aria-busy'), 'true');
    ready();
    assert.strictEqual($('#scope')!.textContent, aReport().scope);
    const figures = $('.figures')!.textContent!;
    for (const text of ['Tickets3', 'Open2', 'Linked defects2', 'Missing defects1', 'Unparsed feedback blocks1', 'Overdue follow-ups1']) assert.ok(figures.replace(/\s+/g, '').includes(text.replace(/\s+/g, '')), `${text} in ${figures}`);
    assert.deepStrictEqual($$('section.card').map((s) => s.id), ['timeline', 'defects', 'response', 'overdue']);
    assert.match(root.textContent!, /missing in the tracker/);
    assert.match(root.textContent!, /could not be read \(missing or corrupt\) and is counted as unparsed/);
    assert.strictEqual(($('#range') as HTMLSelectElement).value, '30d');
    assert.ok(!$('#drill') || $('#drill')!.hidden);
  });

  it('without canvas support shows each chart’s numbers as a table, with buttons that drill down', () => {
    ready();
    const defects = $('#defects')!;
    assert.match(defects.textContent!, /could not be drawn/);
    const rows = Array.from(defects.querySelectorAll('tbody tr')).map((r) => r.textContent);
    assert.match(rows[0]!, /LUM-7 Crash 7.*In Progress.*2 \(2 open\).*Acme.*120,000/);
    assert.match(rows[1]!, /99 \(missing in the tracker\).*missing.*1 organisation unknown.*1 unparsed/);
    (defects.querySelector('tbody button') as HTMLButtonElement).click();
    assert.deepStrictEqual(posted.at(-1), { type: 'drill', requestId: 'req-1', target: { kind: 'defect', defectId: '7' } });
    assert.match($('#response')!.textContent!, /export.*2\.5 h.*30\.0 h/);
    assert.match($('#response')!.textContent!, /unknown\s*no data/);
    const cell = Array.from($('#timeline')!.querySelectorAll('tbody button')).find((b) => b.getAttribute('aria-label')?.includes('unknown'))!;
    (cell as HTMLButtonElement).click();
    assert.deepStrictEqual(posted.at(-1), { type: 'drill', requestId: 'req-2', target: { kind: 'timeline', series: 'unknown', bucket: 1 } });
  });

  it('lists the drilled-down tickets under the chart, as text, each opening its case', () => {
    ready();
    (byText('#defects tbody button', 'LUM-7') as HTMLButtonElement).click();
    const drill = $('#drill')!;
    assert.strictEqual(drill.hidden, false);
    assert.strictEqual(drill.previousElementSibling?.id, 'defects', 'shown under the chart it came from');
    assert.ok(view.receive({ type: 'drill', requestId: 'req-0', title: 'stale', total: 0, tickets: [] }));
    assert.match(drill.textContent!, /Loading the tickets/, 'an answer to an older request is ignored');
    const tickets = [ticketRow(aReport(), 'demo:2'), ticketRow(aReport(), 'demo:404')];
    assert.ok(view.receive({ type: 'drill', requestId: 'req-1', title: 'LUM-7 Crash 7: linked cases', total: 250, tickets }));
    assert.match(drill.textContent!, /Showing 2 of 250 tickets/);
    assert.strictEqual(jsdom.window.document.activeElement?.id, 'drill-heading', 'focus moves to the list');
    const buttons = Array.from(drill.querySelectorAll<HTMLButtonElement>('.ticket-button'));
    assert.strictEqual(buttons[0].querySelector('.ticket-subject')!.textContent, '<img src=x onerror="window.pwned=1">');
    assert.strictEqual(drill.querySelector('img'), null, 'customer text is never HTML');
    assert.match(buttons[1].textContent!, /404.*not in this report.*unknown · unknown · unknown/);
    buttons[0].click();
    assert.deepStrictEqual(posted.at(-1), { type: 'openTicket', ticketRef: 'demo:2' });
  });

  it('sends range, refresh and export requests from the toolbar', () => {
    ready();
    const range = $('#range') as HTMLSelectElement;
    range.value = '90d';
    range.dispatchEvent(new jsdom.window.Event('change'));
    byText('button', 'Refresh')!.click();
    byText('button', 'Export Markdown')!.click();
    byText('button', 'Export CSV')!.click();
    assert.deepStrictEqual(posted, [{ type: 'setRange', range: '90d' }, { type: 'refresh' }, { type: 'export', format: 'markdown' }, { type: 'export', format: 'csv' }]);
    assert.ok($('.toolbar label[hidden]'), 'one connection: no connection choice');
  });

  it('keeps the last report when a reload fails, with Retry and Show Logs', () => {
    ready();
    assert.ok(view.receive({ type: 'state', status: 'error', error: 'Could not load the impact report from Demo: network down', view: toImpactView(aReport()) }));
    assert.match($('[role=alert]')!.textContent!, /network down/);
    assert.ok($('#defects'), 'the charts stay');
    byText('[role=alert] button', 'Retry')!.click();
    byText('[role=alert] button', 'Show Logs')!.click();
    assert.deepStrictEqual(posted, [{ type: 'refresh' }, { type: 'showLogs' }]);
  });

  it('says why it is empty, and offers a longer range', () => {
    ready(aReport({ totals: { tickets: 0, openTickets: 0, linkedTickets: 0, defects: 0, missingDefects: 0, overdueFollowUps: 0 }, filters: { range: '7d' }, defects: [], areas: [], overdueFollowUps: [], timeline: { buckets: [], series: [] }, responseTimes: [] }));
    assert.match($('.empty-state')!.textContent!, /No tickets were created in the last 7 days\. Choose a longer range/);
    assert.strictEqual($$('section.card').length, 0);
  });

  it('offers a connection choice when the report spans several connections', () => {
    const index = new Map(aReport().ticketIndex);
    index.set('rt:7', summary('rt:7'));
    ready(aReport({ ticketIndex: index }));
    const select = $('#connection') as HTMLSelectElement;
    assert.strictEqual(select.closest('label')!.hidden, false);
    assert.deepStrictEqual(Array.from(select.options).map((o) => o.value), ['', 'demo', 'rt']);
    select.value = 'rt';
    select.dispatchEvent(new jsdom.window.Event('change'));
    assert.deepStrictEqual(posted.at(-1), { type: 'setConnection', connectionId: 'rt' });
  });

  it('rejects malformed host messages without changing what it shows', () => {
    ready();
    const before = root.innerHTML;
    for (const bad of [null, 'state', { type: 'state', status: 'weird' }, { type: 'state', status: 'ready', view: { ...toImpactView(aReport()), totals: null } }, { type: 'drill', requestId: 'x', title: 't', total: -1, tickets: [] }]) {
      assert.strictEqual(view.receive(bad), false, JSON.stringify(bad));
    }
    assert.strictEqual(root.innerHTML, before);
    assert.strictEqual(warnings.length, 5);
    assert.ok(ImpactHostMessage.safeParse({ type: 'state', status: 'idle' }).success);
  });
});
