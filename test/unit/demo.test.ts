import * as assert from 'assert';
import { createDemoBackends } from '../../src/backends/demo/demoBackend';
import { generateDemoData } from '../../src/backends/demo/generator';
import { Random } from '../../src/backends/demo/random';
import { CaselinkError } from '../../src/core/errors';
import { Defect } from '../../src/core/schemas/defect';
import { HistoryEvent } from '../../src/core/schemas/history';
import { Ticket } from '../../src/core/schemas/ticket';
import type { Ticket as TicketType } from '../../src/core/model/ticket';
import { dueState } from '../../src/core/services/queueLogic';

const now = new Date('2026-11-22T12:00:00.000Z');

describe('demo helpdesk generator', () => {
  const data = generateDemoData({ now });

  it('is deterministic: same seed and clock, same data, history included', () => {
    const again = generateDemoData({ now });
    assert.deepStrictEqual(again.tickets, data.tickets);
    assert.deepStrictEqual(again.defects, data.defects);
    assert.deepStrictEqual(again.links, data.links);
    assert.deepStrictEqual(again.history('1042'), data.history('1042'));
  });

  it('changes with the seed', () => {
    const other = generateDemoData({ now, seed: 7 });
    assert.notDeepStrictEqual(other.tickets.map((t) => t.subject), data.tickets.map((t) => t.subject));
  });

  it('pins a few values, so an accidental change to the generator is noticed', () => {
    const first = data.tickets[0];
    assert.deepStrictEqual(
      { key: first.key, subject: first.subject, status: first.status, org: first.organization?.name },
      { key: '#1000', subject: 'Everything is slow since the weekend', status: 'closed', org: 'Cedar & Co' },
    );
    assert.strictEqual(new Random(1).int(0, 1_000_000), new Random(1).int(0, 1_000_000));
    assert.notStrictEqual(new Random(1).next(), new Random(2).next());
  });

  it('makes about 300 valid tickets and 40 valid defects by default', () => {
    assert.strictEqual(data.tickets.length, 300);
    assert.strictEqual(data.defects.length, 40);
    for (const t of data.tickets) Ticket.parse(t);
    for (const d of data.defects) Defect.parse(d);
  });

  it('has tickets due today whatever the hour it starts, late evening included', () => {
    for (const late of ['2026-11-22T20:30:00.000Z', '2026-11-22T23:37:00.000Z', '2026-11-22T23:59:58.000Z']) {
      const at = new Date(late);
      const states = generateDemoData({ now: at }).tickets.map((t) => dueState(t, at));
      const today = states.filter((s) => s === 'dueToday').length;
      assert.ok(today >= 20, `${today} tickets due today at ${late}`);
    }
  });

  it('spreads tickets across every status, priority, due state and many organisations', () => {
    const distinct = <T>(f: (t: TicketType) => T) => new Set(data.tickets.map(f));
    assert.strictEqual(distinct((t) => t.status).size, 6);
    assert.strictEqual(distinct((t) => t.priority).size, 4);
    assert.deepStrictEqual([...distinct((t) => dueState(t, now))].sort(), ['dueToday', 'later', 'none', 'overdue']);
    assert.ok(distinct((t) => t.organization?.name).size > 30);
    assert.ok(data.tickets.some((t) => !t.assignee), 'some tickets are unassigned');
    assert.ok(data.tickets.filter((t) => t.assignee?.id === data.me.id).length > 20, '"me" has a real workload');
    assert.ok(data.organizations.some((o) => o.arr === undefined), 'ARR is unknown for some customers');
  });

  it('gives each ticket a valid history of 3 to 40 events, in order, that ends in its current status', () => {
    let internal = 0;
    let publicReplies = 0;
    for (const t of data.tickets) {
      const history = data.history(t.id);
      assert.ok(history.length >= 3 && history.length <= 40, `${t.key} has ${history.length} events`);
      for (const e of history) HistoryEvent.parse(e);
      const times = history.map((e) => e.at);
      assert.deepStrictEqual([...times].sort(), times, `${t.key} history is in order`);
      assert.strictEqual(history[0].kind === 'message' && history[0].authorRole, 'customer', `${t.key} starts with the customer`);
      const statusChanges = history.filter((e) => e.kind === 'change' && e.field === 'status');
      const lastStatus = statusChanges.length ? (statusChanges[statusChanges.length - 1] as { to?: string }).to : 'new';
      assert.strictEqual(lastStatus, t.status, `${t.key}: history ends in ${lastStatus}, ticket is ${t.status}`);
      internal += history.filter((e) => e.kind === 'message' && e.visibility === 'internal').length;
      publicReplies += history.filter((e) => e.kind === 'message' && e.authorRole === 'agent' && e.visibility === 'public').length;
    }
    assert.ok(internal > 100 && publicReplies > 100);
  });

  it('links tickets and defects many-to-many, only to things that exist', () => {
    const ticketIds = new Set(data.tickets.map((t) => t.id));
    const defectIds = new Set(data.defects.map((d) => d.id));
    for (const l of data.links) {
      assert.ok(ticketIds.has(l.ticketId) && defectIds.has(l.defectId));
    }
    const perDefect = new Map<string, number>();
    const perTicket = new Map<string, number>();
    for (const l of data.links) {
      perDefect.set(l.defectId, (perDefect.get(l.defectId) ?? 0) + 1);
      perTicket.set(l.ticketId, (perTicket.get(l.ticketId) ?? 0) + 1);
    }
    assert.ok(Math.max(...perDefect.values()) >= 5, 'some defects gather many cases');
    assert.ok(Math.max(...perTicket.values()) >= 2, 'some tickets link to several defects');
  });

  it('scales to the benchmark sizes', () => {
    const big = generateDemoData({ now, ticketCount: 10_000 });
    assert.strictEqual(big.tickets.length, 10_000);
    assert.strictEqual(new Set(big.tickets.map((t) => t.id)).size, 10_000);
    assert.strictEqual(big.defects.length, 400);
  });
});

describe('demo backends', () => {
  const { source, tracker } = createDemoBackends({ now, ticketCount: 300 });

  it('pages with cursors and reports the total', async () => {
    const first = await source.listTickets({}, { limit: 100 });
    assert.strictEqual(first.items.length, 100);
    assert.strictEqual(first.total, 300);
    const last = await source.listTickets({}, { limit: 100, cursor: '200' });
    assert.strictEqual(last.items.length, 100);
    assert.strictEqual(last.nextCursor, undefined);
  });

  it('filters server-side like a real helpdesk', async () => {
    const page = await source.listTickets({ assignee: 'me', status: ['open'] }, { limit: 500 });
    assert.ok(page.items.length > 0);
    assert.ok(page.items.every((t) => t.assignee?.id === 'agent-1' && t.status === 'open'));
  });

  it('says notFound for a ticket that does not exist, and rejects a bad cursor', async () => {
    await assert.rejects(source.getTicket('999999'), (e: unknown) => e instanceof CaselinkError && e.reason === 'notFound');
    await assert.rejects(source.listTickets({}, { limit: 10, cursor: 'garbage' }), (e: unknown) => e instanceof CaselinkError && e.reason === 'schema');
  });

  it('honours cancellation', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(source.listTickets({}, { limit: 10 }, controller.signal), (e: unknown) => e instanceof CaselinkError && e.reason === 'cancelled');
  });

  it('answers links both ways and searches defects', async () => {
    const links = await tracker.linksForTickets([{ connectionId: 'demo', ticketId: '1000' }, { connectionId: 'demo', ticketId: '1001' }]);
    for (const l of links) assert.ok(['1000', '1001'].includes(l.ticketId));
    const some = (await tracker.linksForTickets((await source.listTickets({}, { limit: 300 })).items.map((t) => ({ connectionId: 'demo', ticketId: t.id }))))[0];
    const back = await tracker.linksForDefect(some.defectId);
    assert.ok(back.some((l) => l.ticketId === some.ticketId));
    const [defect] = await tracker.getDefects([some.defectId]);
    const found = await tracker.searchDefects(defect.title.split(' ')[0], 50);
    assert.ok(found.some((d) => d.id === defect.id));
  });
});
