import * as assert from 'assert';
import { mapHistory, mapPriority, mapStatus, mapTicket, TO_RT } from '../../src/backends/rt/mapper';
import { buildTicketSql, quote } from '../../src/backends/rt/ticketSql';
import { WireAttachment, WireTicket, WireTransaction } from '../../src/backends/rt/wire';
import { customFieldValues, mapIssue, matchesTicket, mapPriority as redminePriority } from '../../src/backends/redmine/mapper';
import { WireIssue } from '../../src/backends/redmine/wire';
import { Ticket } from '../../src/core/schemas/ticket';
import { HistoryEvent } from '../../src/core/schemas/history';

const opts = { connectionId: 'rt', baseUrl: 'https://rt.example.com/', tagsField: 'Tags', defectField: 'Redmine Issue' };

describe('RT mapping (wire -> domain)', () => {
  const wire = WireTicket.parse({
    id: 7, Subject: 'Export crashes', Status: 'stalled', Priority: '70',
    Queue: { id: 3, Name: 'Support', type: 'queue' },
    Owner: { id: 'Nobody', Name: 'Nobody' },
    Requestor: [{ id: 'alice@customer.test', Name: 'alice@customer.test', RealName: 'Alice', EmailAddress: 'alice@customer.test', Organization: 'Northwind' }],
    Created: '2026-11-01T10:00:00Z', LastUpdated: '2026-11-02T10:00:00Z', Due: '1970-01-01T00:00:00Z',
    CustomFields: [{ id: 4, name: 'Tags', values: ['export', 'unicode'] }, { id: 2, name: 'Severity', values: ['S2 - Major'] }, { id: 5, name: 'Redmine Issue', values: ['4'] }],
  });

  it('maps statuses, priorities and "not set" dates the RT way', () => {
    assert.deepStrictEqual(['new', 'open', 'stalled', 'resolved', 'rejected', 'deleted', 'awaiting-vendor'].map(mapStatus), ['new', 'open', 'pending', 'solved', 'closed', 'closed', 'open']);
    assert.deepStrictEqual(['99', '70', '50', '0', 'High', 'Low', 'x'].map(mapPriority), ['urgent', 'high', 'normal', 'low', 'high', 'low', 'normal']);
    assert.strictEqual(TO_RT.pending, 'stalled');
  });

  it('maps a ticket into a valid domain ticket', () => {
    const t = mapTicket(wire, opts);
    Ticket.parse(t);
    assert.strictEqual(t.key, 'RT-7');
    assert.strictEqual(t.status, 'pending');
    assert.strictEqual(t.assignee, undefined, 'Nobody means unassigned');
    assert.deepStrictEqual(t.organization, { id: 'Northwind', name: 'Northwind' });
    assert.deepStrictEqual(t.tags, ['export', 'unicode']);
    assert.deepStrictEqual(t.customFields, { Severity: 'S2 - Major' });
    assert.strictEqual(t.dueAt, undefined);
    assert.strictEqual(t.url, 'https://rt.example.com/Ticket/Display.html?id=7');
  });

  it('accepts ids as strings or numbers and custom fields as a map', () => {
    const t = mapTicket(WireTicket.parse({ id: '8', Status: 'open', CustomFields: { Tags: ['a'], Severity: 'S1' } }), opts);
    assert.deepStrictEqual([t.id, t.tags, t.customFields.Severity], ['8', ['a'], 'S1']);
  });

  it('joins bodies from attachments, tells customers from agents, hides auto-replies', () => {
    const ticket = mapTicket(wire, opts);
    const txns = [
      { id: 44, Type: 'Create', Creator: { id: 'alice@customer.test', Name: 'alice@customer.test', EmailAddress: 'alice@customer.test' }, Created: '2026-11-01T10:00:00Z' },
      { id: 45, Type: 'EmailRecord', Creator: 'RT_System', Created: '2026-11-01T10:00:01Z' },
      { id: 69, Type: 'Correspond', Creator: { id: 'agent', Name: 'agent', RealName: 'Sam Agent' }, Created: '2026-11-01T11:00:00Z' },
      { id: 73, Type: 'Comment', Creator: { id: 'agent', Name: 'agent' }, Created: '2026-11-01T12:00:00Z' },
      { id: 74, Type: 'Status', Field: 'Status', OldValue: 'open', NewValue: 'stalled', Created: '2026-11-01T13:00:00Z' },
      { id: 75, Type: 'AddLink', Field: 'RefersTo', NewValue: 'https://redmine/issues/4', Created: '2026-11-01T14:00:00Z' },
    ].map((t) => WireTransaction.parse(t));
    const atts = [
      { id: 1, TransactionId: '44', ContentType: 'text/plain', Content: 'It crashes.' },
      { id: 2, TransactionId: { id: '69', type: 'transaction' }, ContentType: 'text/html', Content: '<p>We are on it</p>' },
      { id: 3, TransactionId: '73', ContentType: 'text/plain', Content: 'Internal: CSV writer.' },
      { id: 4, TransactionId: '44', ContentType: 'image/png', Filename: 'shot.png', Headers: 'Content-Length: 2048' , ContentLength: '2048' },
    ].map((a) => WireAttachment.parse(a));
    const events = mapHistory(txns, atts, ticket, opts);
    for (const e of events) HistoryEvent.parse(e);
    assert.deepStrictEqual(events.map((e) => e.kind === 'message' ? `${e.authorRole}/${e.visibility}/${e.format}` : e.kind), ['customer/public/text', 'agent/public/html', 'agent/internal/text', 'change', 'other']);
    const first = events[0] as { attachments: Array<{ name: string; size?: number; url?: string }> };
    assert.deepStrictEqual(first.attachments.map((a) => [a.name, a.size]), [['shot.png', 2048]]);
    assert.match(first.attachments[0].url!, /\/Ticket\/Attachment\/44\/4\/shot\.png$/);
  });
});

describe('TicketSQL from a queue filter', () => {
  const options = { queues: ['Support', 'Escalations'], tagsField: 'Tags' };
  it('quotes values so user text cannot break out of the query', () => {
    assert.strictEqual(quote("O'Brien \\ co"), "'O\\'Brien \\\\ co'");
    assert.doesNotMatch(buildTicketSql({ text: "x' OR '1'='1" }, options), /'1'='1' /);
  });
  it('combines queues, statuses, owner, tags and words with AND', () => {
    assert.strictEqual(
      buildTicketSql({ status: ['pending', 'hold', 'open'], assignee: 'me', tag: ['billing'], text: 'csv #12' }, { ...options, query: "Created > '2026-01-01'" }),
      "(Queue = 'Support' OR Queue = 'Escalations') AND (Created > '2026-01-01') AND (Status = 'stalled' OR Status = 'open') AND Owner = '__CurrentUser__' AND CF.{Tags} = 'billing' AND Subject LIKE 'csv' AND (id = 12 OR Subject LIKE '#12')",
    );
    assert.strictEqual(buildTicketSql({ assignee: 'unassigned' }, { queues: [], tagsField: 'Tags' }), "Owner = 'Nobody'");
    assert.strictEqual(buildTicketSql({}, { queues: [], tagsField: 'Tags' }), "Status != 'deleted'");
  });
});

describe('Redmine mapping', () => {
  const issue = WireIssue.parse({
    id: 8, project: { id: 1, name: 'Lumio' }, tracker: { id: 1, name: 'Bug' }, status: { id: 2, name: 'In Progress', is_closed: false },
    priority: { id: 4, name: 'Urgent' }, assigned_to: { id: 6, name: 'Dana Dev' }, category: { id: 2, name: 'Reports' }, subject: 'Empty PDF',
    custom_fields: [{ id: 4, name: 'Support Tickets', value: '1, 7, 33' }, { id: 9, name: 'Multi', multiple: true, value: ['https://rt/Ticket/Display.html?id=1', ''] }],
    created_on: '2026-10-01T10:00:00Z', updated_on: '2026-11-01T10:00:00Z',
  });
  it('maps an issue into a defect', () => {
    const d = mapIssue(issue, 'redmine', 'https://redmine.example.com/');
    assert.deepStrictEqual([d.key, d.stage, d.priority, d.productArea, d.assignee?.name, d.url], ['#8', 'inProgress', 'urgent', 'Reports', 'Dana Dev', 'https://redmine.example.com/issues/8']);
    assert.deepStrictEqual(['Immediate', 'High', 'Normal', 'Low'].map(redminePriority), ['urgent', 'high', 'normal', 'low']);
  });
  it('reads ticket links from comma lists and multiple-value fields, and matches them exactly', () => {
    assert.deepStrictEqual(customFieldValues(issue, 4), ['1', '7', '33']);
    assert.deepStrictEqual(customFieldValues(issue, 9), ['https://rt/Ticket/Display.html?id=1']);
    const t1 = { ticketId: '1', url: 'https://rt/Ticket/Display.html?id=1' };
    assert.ok(matchesTicket('1', t1, t1.url) && matchesTicket('#1', t1, t1.url) && matchesTicket(t1.url, t1, t1.url));
    assert.ok(!matchesTicket('11', t1, t1.url) && !matchesTicket('https://rt/Ticket/Display.html?id=11', t1, t1.url));
  });
});
