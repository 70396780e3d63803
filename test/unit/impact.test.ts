import * as assert from 'assert';
import type { ImpactFilters, ImpactInput } from '../../src/core/model/impact';
import { UNKNOWN } from '../../src/core/model/impact';
import type { Ticket } from '../../src/core/model/ticket';
import { aggregateImpact, mondayOf } from '../../src/core/services/impact/aggregate';
import { MISSING_DEFECT_TITLE } from '../../src/core/services/impact/defectImpact';
import { renderEvidenceComment, renderFeedbackBody } from '../../src/core/services/feedbackFormat';
import { productAreaOf } from '../../src/core/services/productArea';
import { prefillFromCase } from '../../src/core/services/feedbackPrefill';
import { aDefect, aLink, aQuote, aRecord, anEvidenceComment, refOf } from '../builders/impact';
import { aTicket } from '../builders/ticket';
import { generateDemoData } from '../../src/backends/demo/generator';
import { mapTicket } from '../../src/backends/rt/mapper';
import { WireTicket } from '../../src/backends/rt/wire';

/*
 * A small dataset checked by hand. now = Sunday 2026-11-22 12:00 UTC; "this week" is after
 * 2026-11-15 12:00, "last week" after 2026-11-08 12:00; 30 days back is 2026-10-23 12:00.
 */
const NOW = new Date('2026-11-22T12:00:00.000Z');
const h = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
const acme = { id: 'org-acme', name: 'Acme', tier: 'enterprise' as const, arr: 100_000 };

const t1 = aTicket({ connectionId: 'c1', id: '1', key: '#1', status: 'open', tags: ['sso', 'bug'], customFields: { 'Product area': 'SSO & login' }, organization: acme,
  createdAt: '2026-11-20T12:00:00.000Z', updatedAt: '2026-11-21T12:00:00.000Z', firstResponseAt: h('2026-11-20T12:00:00.000Z', 2) });
const t2 = aTicket({ connectionId: 'c1', id: '2', key: '#2', status: 'solved', tags: ['sso'], customFields: { 'Product area': 'SSO & login' }, organization: acme,
  createdAt: '2026-11-18T12:00:00.000Z', updatedAt: '2026-11-19T18:00:00.000Z', firstResponseAt: h('2026-11-18T12:00:00.000Z', 4), solvedAt: h('2026-11-18T12:00:00.000Z', 24) });
/** No tag, no area, no organisation: kept as "unknown" everywhere. Overdue. */
const t3 = aTicket({ connectionId: 'c1', id: '3', key: '#3', status: 'open', tags: [], customFields: {},
  createdAt: '2026-11-12T12:00:00.000Z', updatedAt: '2026-11-20T12:00:00.000Z', dueAt: '2026-11-21T09:00:00.000Z' });
/** An organisation whose ARR the helpdesk does not know. */
const t4 = aTicket({ connectionId: 'c1', id: '4', key: '#4', status: 'closed', tags: ['billing'], customFields: { 'Product area': 'Billing' }, organization: { id: 'org-beta', name: 'Beta', tier: 'business' },
  createdAt: '2026-11-10T12:00:00.000Z', updatedAt: '2026-11-13T12:00:00.000Z', firstResponseAt: h('2026-11-10T12:00:00.000Z', 6), solvedAt: h('2026-11-10T12:00:00.000Z', 48) });
/** Created before the range, but overdue: listed as a follow-up, not counted elsewhere. */
const t5 = aTicket({ connectionId: 'c1', id: '5', key: '#5', status: 'pending', tags: ['billing'], organization: { id: 'org-gamma', name: 'Gamma', arr: 9_000 },
  createdAt: '2026-09-01T12:00:00.000Z', updatedAt: '2026-11-02T12:00:00.000Z', dueAt: '2026-11-01T09:00:00.000Z' });
/** Another connection. */
const t6 = aTicket({ connectionId: 'c2', id: '6', key: 'RT-6', status: 'open', tags: ['sso'], organization: { id: 'org-zeta', name: 'Zeta', arr: 1_000 },
  createdAt: '2026-11-21T12:00:00.000Z', updatedAt: '2026-11-21T13:00:00.000Z' });
/** Linked only through the feedback record's sources; area from the first non-generic tag. */
const t7 = aTicket({ connectionId: 'c1', id: '7', key: '#7', status: 'open', tags: ['vip', 'Mobile'], customFields: {}, organization: { id: 'org-delta', name: 'Delta', tier: 'team', arr: 5_000 },
  createdAt: '2026-11-21T12:00:00.000Z', updatedAt: '2026-11-22T10:00:00.000Z' });
const tickets: Ticket[] = [t1, t2, t3, t4, t5, t6, t7];

const record = aRecord({
  sources: [refOf(t1), refOf(t7)],
  customers: [{ organization: 'Acme', tier: 'enterprise', arr: 100_000 }, { organization: 'Omega Corp', arr: 20_000 }],
  evidence: [aQuote(t1, '2026-11-20T13:00:00.000Z', 'We cannot log in | at all'), aQuote(t7, '2026-11-21T13:00:00.000Z', 'Still broken for our whole team')],
});
const evidence = anEvidenceComment(t2, [{ organization: 'Acme', tier: 'enterprise' }], [aQuote(t2, '2026-11-19T13:00:00.000Z', 'Same here')]);
const corruptEvidence = '**+1 from support:** #9\n\n```caselink-evidence\n{"schemaVersion": 1, "ticket": \n```\n';

function input(filters: ImpactFilters, overrides: Partial<ImpactInput> = {}): ImpactInput {
  return {
    now: NOW,
    filters,
    tickets,
    links: [aLink(t1, '101'), aLink(t1, '101'), aLink(t2, '101'), aLink(t3, '101'), aLink(t3, '102'), aLink(t4, '103'), aLink(t5, '103'), aLink(t6, '101')],
    defects: [aDefect('101', { createdAt: '2026-11-02T12:00:00.000Z' }), aDefect('103'), aDefect('104')],
    feedbackTexts: new Map([
      ['101', { description: renderFeedbackBody(record), comments: [renderEvidenceComment(evidence), 'Looking into it. Thanks!', corruptEvidence] }],
      ['103', { description: 'Plain description without any Caselink block.', comments: [] }],
      ['104', { description: '```caselink-feedback\n{ "schemaVersion": 1, oops }\n```', comments: [] }],
    ]),
    ...overrides,
  };
}

describe('impact aggregation', () => {
  const report = aggregateImpact(input({ range: '30d', connectionId: 'c1' }));
  const defect = (id: string) => report.defects.find((d) => d.defectId === id)!;

  it('counts tickets of the connection created in the range, keeping tickets without tag, area or organisation', () => {
    assert.deepStrictEqual(report.totals, { tickets: 5, openTickets: 3, linkedTickets: 5, defects: 3, missingDefects: 1, overdueFollowUps: 2 });
    assert.deepStrictEqual([...report.ticketIndex.keys()].sort(), ['c1:1', 'c1:2', 'c1:3', 'c1:4', 'c1:5', 'c1:7']);
    assert.strictEqual(report.ticketIndex.get('c1:3')!.organization, UNKNOWN);
    assert.strictEqual(report.ticketIndex.get('c1:3')!.area, UNKNOWN);
    assert.match(report.scope, /^Tickets created in the last 30 days \(2026-10-23 – 2026-11-22\), connection "c1"; 5 tickets\./);
  });

  it('merges links, record sources and evidence comments into distinct cases, with organisations, tiers and ARR', () => {
    const d1 = defect('101');
    assert.deepStrictEqual(d1.ticketRefs, ['c1:7', 'c1:1', 'c1:3', 'c1:2'], 'distinct, most recently updated first; c2:6 is another connection');
    assert.strictEqual(d1.cases, 4);
    assert.strictEqual(d1.openCases, 3);
    assert.deepStrictEqual(d1.organizationNames, ['Acme', 'Delta', 'Omega Corp', UNKNOWN]);
    assert.strictEqual(d1.organizations, 4);
    assert.strictEqual(d1.arrKnown, 125_000, 'Acme once (three tickets and two blocks), Delta, Omega Corp');
    assert.strictEqual(d1.arrUnknown, 1, 'the ticket without an organisation');
    assert.deepStrictEqual(d1.tiers, { enterprise: 1, team: 1, unknown: 2 });
    assert.strictEqual(d1.ageDays, 20);
    assert.deepStrictEqual([d1.feedbackRecords, d1.evidenceComments, d1.unparsedBlocks], [1, 1, 1]);
    assert.deepStrictEqual(d1.quotes.map((q) => [q.ticketKey, q.quote]), [['#7', 'Still broken for our whole team'], ['#1', 'We cannot log in | at all'], ['#2', 'Same here']]);
    assert.strictEqual(d1.score, Math.round((4 + 3 + 2 * 4 + 2 * Math.log10(125_001)) * 100) / 100);
    assert.strictEqual(d1.score, 25.19);
  });

  it('shows a linked defect the tracker no longer returns as missing, and one with unknown ARR', () => {
    const d2 = defect('102');
    assert.deepStrictEqual(
      { key: d2.key, title: d2.title, missing: d2.missing, cases: d2.cases, open: d2.openCases, orgs: d2.organizationNames, arrUnknown: d2.arrUnknown, age: d2.ageDays, defect: d2.defect },
      { key: '102', title: MISSING_DEFECT_TITLE, missing: true, cases: 1, open: 1, orgs: [UNKNOWN], arrUnknown: 1, age: 10, defect: undefined },
    );
    const d3 = defect('103');
    assert.deepStrictEqual([d3.cases, d3.openCases, d3.organizations, d3.arrKnown, d3.arrUnknown], [1, 0, 1, 0, 1], 'only #4: #5 is older than the range');
    assert.deepStrictEqual(report.defects.map((d) => d.key), ['LUM-101', '102', 'LUM-103'], 'by score: 25.19, 4, 3');
  });

  it('counts corrupt blocks as unparsed, per defect and in all, without throwing', () => {
    assert.deepStrictEqual(report.feedback, { records: 1, evidenceComments: 1, unparsed: 2, unparsedDefects: ['101', '104'] });
    assert.ok(!report.defects.some((d) => d.defectId === '104'), 'no case of 104 is in scope');
    assert.match(report.scope, /2 Caselink blocks were unreadable/);
  });

  it('groups by tag and by area with trends, unknown kept', () => {
    const tags = Object.fromEntries(report.tags.map((g) => [g.name, [g.tickets, g.openTickets, g.newThisWeek, g.newLastWeek, g.trend]]));
    assert.deepStrictEqual(tags, {
      sso: [2, 1, 2, 0, 'up'], bug: [1, 1, 1, 0, 'up'], [UNKNOWN]: [1, 1, 0, 1, 'down'], billing: [1, 0, 0, 1, 'down'], vip: [1, 1, 1, 0, 'up'], Mobile: [1, 1, 1, 0, 'up'],
    });
    const areas = Object.fromEntries(report.areas.map((g) => [g.name, [g.tickets, g.openTickets, g.newThisWeek, g.newLastWeek, g.trend, g.defectIds]]));
    assert.deepStrictEqual(areas, {
      'SSO & login': [2, 1, 2, 0, 'up', ['101']],
      [UNKNOWN]: [1, 1, 0, 1, 'down', ['101', '102']],
      Billing: [1, 0, 0, 1, 'down', ['103']],
      Mobile: [1, 1, 1, 0, 'up', ['101']],
    });
    assert.strictEqual(report.areas[0].name, 'SSO & login');
    assert.deepStrictEqual(report.areas[0].ticketRefs, ['c1:1', 'c1:2']);
  });

  it('gives median hours to first response and to resolution per area, with counts', () => {
    const byName = Object.fromEntries(report.responseTimes.map((r) => [r.name, r]));
    assert.deepStrictEqual(byName['SSO & login'], { name: 'SSO & login', firstResponseHours: 3, resolutionHours: 24, withFirstResponse: 2, withResolution: 1, tickets: 2 });
    assert.deepStrictEqual(byName.Billing, { name: 'Billing', firstResponseHours: 6, resolutionHours: 48, withFirstResponse: 1, withResolution: 1, tickets: 1 });
    assert.deepStrictEqual(byName[UNKNOWN], { name: UNKNOWN, withFirstResponse: 0, withResolution: 0, tickets: 1 });
  });

  it('lists overdue follow-ups oldest due first, whatever their creation date', () => {
    assert.deepStrictEqual(report.overdueFollowUps, ['c1:5', 'c1:3']);
  });

  it('draws weekly buckets starting on UTC Mondays, with the tickets of each', () => {
    assert.deepStrictEqual(report.timeline.buckets.map((b) => b.slice(0, 10)), ['2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16']);
    const sso = report.timeline.series.find((s) => s.name === 'SSO & login')!;
    assert.deepStrictEqual(sso.counts, [0, 0, 0, 0, 2]);
    assert.deepStrictEqual(report.timeline.series.find((s) => s.name === UNKNOWN)!.ticketRefs[3], ['c1:3']);
    assert.ok(!report.timeline.series.some((s) => s.name === 'other'), 'four areas: no "other"');
    assert.strictEqual(report.timeline.series.reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0), report.totals.tickets);
    assert.strictEqual(new Date(mondayOf(Date.parse('2026-11-16T00:00:00.000Z'))).toISOString(), '2026-11-16T00:00:00.000Z');
    assert.strictEqual(new Date(mondayOf(Date.parse('2026-11-15T23:59:00.000Z'))).toISOString(), '2026-11-09T00:00:00.000Z');
  });

  it('counts every connection without a filter, and lists defects with only unreadable blocks in the unfiltered view', () => {
    const all = aggregateImpact(input({ range: 'all' }));
    assert.strictEqual(all.totals.tickets, 7);
    const d1 = all.defects.find((d) => d.defectId === '101')!;
    assert.strictEqual(d1.cases, 5, 'RT-6 of c2 counts too');
    assert.strictEqual(d1.arrKnown, 126_000);
    assert.strictEqual(all.defects.find((d) => d.defectId === '103')!.cases, 2);
    const d4 = all.defects.find((d) => d.defectId === '104')!;
    assert.deepStrictEqual([d4.cases, d4.unparsedBlocks, d4.missing], [0, 1, false]);
    assert.match(all.scope, /^All tickets \(2026-09-01 – 2026-11-22\), all connections; 7 tickets\./);
    assert.strictEqual(all.timeline.buckets[0].slice(0, 10), '2026-08-31', 'from the oldest ticket');
  });

  it('caps the timeline of "all" at two years and groups areas beyond the top six as "other"', () => {
    const many = Array.from({ length: 8 }, (_, i) => aTicket({ connectionId: 'c1', customFields: { 'Product area': `Area ${i}` }, createdAt: '2026-11-20T12:00:00.000Z', updatedAt: '2026-11-20T12:00:00.000Z' }));
    const ancient = aTicket({ connectionId: 'c1', createdAt: '2020-01-01T00:00:00.000Z', updatedAt: '2020-01-02T00:00:00.000Z' });
    const r = aggregateImpact({ now: NOW, filters: { range: 'all' }, tickets: [...many, ancient], links: [], defects: [], feedbackTexts: new Map() });
    assert.strictEqual(r.timeline.buckets.length, 105);
    assert.deepStrictEqual(r.timeline.series.map((s) => s.name).slice(-1), ['other']);
    assert.strictEqual(r.timeline.series.length, 7);
    assert.strictEqual(r.timeline.series.at(-1)!.counts.at(-1), 2, 'two of the eight areas; the ancient ticket is before the cap');
    assert.strictEqual(r.totals.tickets, 9, 'the ancient ticket still counts in the totals');
  });

  it('says when the data is partial or a defect could not be read', () => {
    const r = aggregateImpact(input({ range: '7d' }, { partial: true, problems: ['LUM-9: its text could not be read'] }));
    assert.strictEqual(r.partial, true);
    assert.deepStrictEqual(r.problems, ['LUM-9: its text could not be read']);
    assert.match(r.scope, /Partial data/);
    assert.match(r.scope, /1 defect could not be read/);
  });
});

describe('product area of a ticket', () => {
  it('prefers an area custom field, then the first tag that is not generic; the feedback prefill uses the same rule', () => {
    assert.strictEqual(productAreaOf({ customFields: { Component: '  Reports ' }, tags: ['billing'] }), 'Reports');
    assert.strictEqual(productAreaOf({ customFields: { Component: '' }, tags: ['bug', 'VIP', 'billing'] }), 'billing');
    assert.strictEqual(productAreaOf({ customFields: {}, tags: ['bug', 'escalated'] }), undefined);
    assert.strictEqual(prefillFromCase({ ticket: aTicket({ tags: ['bug', 'exports'] }), history: [] }).draft.productArea, 'exports');
    assert.strictEqual(prefillFromCase({ ticket: aTicket({ tags: ['bug'] }), history: [] }).draft.productArea, '');
  });
});

describe('ticket timestamps for response times', () => {
  const rt = { connectionId: 'rt', baseUrl: 'https://rt.example.com/', tagsField: 'Tags', defectField: 'Redmine Issue' };
  const wire = (fields: Record<string, unknown>) => WireTicket.parse({ id: '9', Created: '2026-11-01 10:00:00', ...fields });

  it('RT: Started is the first response, Resolved counts while solved, and "not set" dates are absent', () => {
    const solved = mapTicket(wire({ Status: 'resolved', Started: '2026-11-01T12:30:00Z', Resolved: '2026-11-03T10:00:00Z' }), rt);
    assert.deepStrictEqual([solved.firstResponseAt, solved.solvedAt], ['2026-11-01T12:30:00.000Z', '2026-11-03T10:00:00.000Z']);
    const reopened = mapTicket(wire({ Status: 'open', Started: '2026-11-01T12:30:00Z', Resolved: '2026-11-03T10:00:00Z' }), rt);
    assert.deepStrictEqual([reopened.firstResponseAt, reopened.solvedAt], ['2026-11-01T12:30:00.000Z', undefined]);
    const fresh = mapTicket(wire({ Status: 'new', Started: '1970-01-01T00:00:00Z', Resolved: '1970-01-01T00:00:00Z' }), rt);
    assert.ok(!('firstResponseAt' in fresh) && !('solvedAt' in fresh));
  });

  it('demo: a first response on every ticket past "new", a solved time on solved and closed ones, both within the ticket\'s life', () => {
    const data = generateDemoData({ now: NOW, ticketCount: 500 });
    for (const t of data.tickets) {
      assert.strictEqual(t.firstResponseAt !== undefined, t.status !== 'new', t.key);
      assert.strictEqual(t.solvedAt !== undefined, t.status === 'solved' || t.status === 'closed', t.key);
      const created = Date.parse(t.createdAt);
      const updated = Date.parse(t.updatedAt);
      if (t.firstResponseAt) assert.ok(Date.parse(t.firstResponseAt) >= created && Date.parse(t.firstResponseAt) <= updated, t.key);
      if (t.solvedAt) assert.ok(Date.parse(t.solvedAt) >= Date.parse(t.firstResponseAt!) && Date.parse(t.solvedAt) <= updated, t.key);
    }
  });
});
