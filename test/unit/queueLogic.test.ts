import * as assert from 'assert';
import { Ticket } from '../../src/core/schemas/ticket';
import { compileFilter, comparatorFor, dueState, formatAge, formatDue, groupTickets, isFilterEmpty } from '../../src/core/services/queueLogic';
import { aTicket } from '../builders/ticket';

// Tests run with TZ=UTC (see scripts/test-all.sh), so "today" ends at 23:59:59.999Z.
const now = new Date('2026-11-22T12:00:00.000Z');
const ctx = { now, meId: 'agent-me' };

describe('dueState', () => {
  it('is overdue when the due time has passed on an open ticket', () => {
    assert.strictEqual(dueState(aTicket({ dueAt: '2026-11-22T11:59:00.000Z' }), now), 'overdue');
  });
  it('is due today until the end of the local day', () => {
    assert.strictEqual(dueState(aTicket({ dueAt: '2026-11-22T23:59:00.000Z' }), now), 'dueToday');
    assert.strictEqual(dueState(aTicket({ dueAt: '2026-11-23T00:01:00.000Z' }), now), 'later');
  });
  it('is none without a due date, and for solved or closed tickets even when past due', () => {
    assert.strictEqual(dueState(aTicket(), now), 'none');
    assert.strictEqual(dueState(aTicket({ status: 'solved', dueAt: '2026-11-01T00:00:00.000Z' }), now), 'none');
    assert.strictEqual(dueState(aTicket({ status: 'closed', dueAt: '2026-11-01T00:00:00.000Z' }), now), 'none');
  });
});

describe('compileFilter', () => {
  const me = { id: 'agent-me', name: 'Alex Morgan' };
  const tickets = [
    aTicket({ id: 'a', status: 'open', priority: 'urgent', assignee: me, tags: ['billing', 'vip'], organization: { id: 'o1', name: 'Acme Logistics' } }),
    aTicket({ id: 'b', status: 'pending', priority: 'low', tags: ['sso'], subject: 'SAML login fails' }),
    aTicket({ id: 'c', status: 'solved', priority: 'high', assignee: { id: 'x', name: 'Priya Raman' }, dueAt: '2026-11-01T00:00:00.000Z' }),
    aTicket({ id: 'd', status: 'new', priority: 'normal', dueAt: '2026-11-20T00:00:00.000Z', requester: { id: 'q', name: 'Zoë Müller' } }),
  ];
  const ids = (f: Parameters<typeof compileFilter>[0]) => tickets.filter(compileFilter(f, ctx)).map((t) => t.id);

  it('passes everything with an empty filter', () => assert.deepStrictEqual(ids({}), ['a', 'b', 'c', 'd']));
  it('filters on status and priority lists', () => {
    assert.deepStrictEqual(ids({ status: ['open', 'new'] }), ['a', 'd']);
    assert.deepStrictEqual(ids({ priority: ['high', 'urgent'] }), ['a', 'c']);
  });
  it('understands me, unassigned and agent names', () => {
    assert.deepStrictEqual(ids({ assignee: 'me' }), ['a']);
    assert.deepStrictEqual(ids({ assignee: 'unassigned' }), ['b', 'd']);
    assert.deepStrictEqual(ids({ assignee: 'priya raman' }), ['c']);
  });
  it('matches tags and organisations case-insensitively', () => {
    assert.deepStrictEqual(ids({ tag: ['VIP', 'sso'] }), ['a', 'b']);
    assert.deepStrictEqual(ids({ organization: 'acme logistics' }), ['a']);
    assert.deepStrictEqual(ids({ organization: 'o1' }), ['a']);
  });
  it('filters on due state, where solved tickets are never overdue', () => {
    assert.deepStrictEqual(ids({ due: ['overdue'] }), ['d']);
  });
  it('requires every word of the text, anywhere in key, subject, requester, organisation or tags', () => {
    assert.deepStrictEqual(ids({ text: 'saml FAILS' }), ['b']);
    assert.deepStrictEqual(ids({ text: 'müller' }), ['d']);
    assert.deepStrictEqual(ids({ text: 'acme billing' }), ['a']);
    assert.deepStrictEqual(ids({ text: 'acme sso' }), []);
  });
  it('combines criteria with AND', () => assert.deepStrictEqual(ids({ status: ['open', 'pending'], priority: ['low'] }), ['b']));
  it('knows when a filter is empty', () => {
    assert.ok(isFilterEmpty({ text: '  ' }));
    assert.ok(!isFilterEmpty({ due: ['overdue'] }));
  });
});

describe('sorting', () => {
  const t1 = aTicket({ id: '1', priority: 'low', updatedAt: '2026-11-21T00:00:00.000Z', dueAt: '2026-11-25T00:00:00.000Z' });
  const t2 = aTicket({ id: '2', priority: 'urgent', updatedAt: '2026-11-20T00:00:00.000Z' });
  const t3 = aTicket({ id: '3', priority: 'urgent', updatedAt: '2026-11-22T00:00:00.000Z', dueAt: '2026-11-23T00:00:00.000Z' });
  const order = (o: Parameters<typeof comparatorFor>[0]) => [t1, t2, t3].sort(comparatorFor(o)).map((t) => t.id);

  it('puts the latest update first', () => assert.deepStrictEqual(order('updated'), ['3', '1', '2']));
  it('puts the most urgent first, then the latest update', () => assert.deepStrictEqual(order('priority'), ['3', '2', '1']));
  it('puts the soonest due first and tickets without a due date last', () => assert.deepStrictEqual(order('due'), ['3', '1', '2']));
});

describe('groupTickets', () => {
  const me = { id: 'agent-me', name: 'Alex Morgan' };
  const tickets = [
    aTicket({ id: '1', status: 'pending', priority: 'high', assignee: { id: 'z', name: 'Zed' }, tags: ['billing', 'vip'] }),
    aTicket({ id: '2', status: 'new', priority: 'low', tags: ['billing'], organization: { id: 'o2', name: 'Bluefin Health' } }),
    aTicket({ id: '3', status: 'open', priority: 'urgent', assignee: me, tags: [], dueAt: '2026-11-22T10:00:00.000Z' }),
    aTicket({ id: '4', status: 'open', priority: 'normal', assignee: { id: 'y', name: 'Ann' }, tags: ['sso'], dueAt: '2026-11-22T20:00:00.000Z', organization: { id: 'o1', name: 'Acme' } }),
  ];
  const shape = (g: ReturnType<typeof groupTickets>) => g.map((x) => `${x.label}:${x.tickets.map((t) => t.id).join('')}`);

  it('orders status groups by the life of a ticket and keeps ticket order', () => {
    assert.deepStrictEqual(shape(groupTickets(tickets, 'status', ctx)), ['New:2', 'Open:34', 'Pending:1']);
  });
  it('orders priority groups from urgent to low', () => {
    assert.deepStrictEqual(shape(groupTickets(tickets, 'priority', ctx)), ['Urgent:3', 'High:1', 'Normal:4', 'Low:2']);
  });
  it('puts me first and Unassigned last among assignees', () => {
    assert.deepStrictEqual(shape(groupTickets(tickets, 'assignee', ctx)), ['Alex Morgan (me):3', 'Ann:4', 'Zed:1', 'Unassigned:2']);
  });
  it('lists a ticket under each of its tags, busiest tag first, untagged last', () => {
    assert.deepStrictEqual(shape(groupTickets(tickets, 'tag', ctx)), ['billing:12', 'sso:4', 'vip:1', 'No tag:3']);
  });
  it('groups organisations by name with the unknown ones last', () => {
    assert.deepStrictEqual(shape(groupTickets(tickets, 'organization', ctx)), ['Acme:4', 'Bluefin Health:2', 'No organisation:13']);
  });
  it('groups by due state in order of urgency', () => {
    assert.deepStrictEqual(shape(groupTickets(tickets, 'due', ctx)), ['Overdue:3', 'Due today:4', 'No due date:12']);
  });
  it('gives one group for "none"', () => {
    assert.deepStrictEqual(shape(groupTickets(tickets, 'none', ctx)), ['All tickets:1234']);
  });
  it('produces only valid tickets (the builder is valid by default)', () => {
    for (const t of tickets) Ticket.parse(t);
  });
});

describe('formatting', () => {
  it('formats ages compactly', () => {
    assert.strictEqual(formatAge('2026-11-22T11:59:45.000Z', now), 'now');
    assert.strictEqual(formatAge('2026-11-22T11:15:00.000Z', now), '45m');
    assert.strictEqual(formatAge('2026-11-21T02:00:00.000Z', now), '34h');
    assert.strictEqual(formatAge('2026-11-02T12:00:00.000Z', now), '20d');
  });
  it('says how far a due date is, either way', () => {
    assert.strictEqual(formatDue('2026-11-22T15:00:00.000Z', now), 'due in 3h');
    assert.strictEqual(formatDue('2026-11-20T12:00:00.000Z', now), 'overdue by 2d');
  });
});
