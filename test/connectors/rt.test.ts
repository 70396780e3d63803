import * as assert from 'assert';
import { RtTicketSource } from '../../src/backends/rt/rtSource';
import { CaselinkError } from '../../src/core/errors';
import type { RtConnectionConfig } from '../../src/core/model/connection';
import { silentLogger } from '../../src/core/ports/logger';
import type { Ticket } from '../../src/core/model/ticket';
import { loadServers, raw, secretsOf, type Servers } from './serversEnv';


describe('Request Tracker 5 backend against a real RT (REST2)', function () {
  this.timeout(60_000);
  let s: Servers;
  let rt: RtTicketSource;
  let config: RtConnectionConfig;
  const root = () => ({ Authorization: `Basic ${Buffer.from(`${s.RT_ROOT_USER}:${s.RT_ROOT_PASSWORD}`).toString('base64')}` });

  before(() => {
    s = loadServers();
    config = { id: 'rt', kind: 'rt', url: s.RT_URL, auth: 'token', queues: [s.RT_QUEUE], tagsField: 'Tags', defectField: 'Redmine Issue' };
    rt = new RtTicketSource(config, secretsOf(s.RT_TOKEN), silentLogger);
  });

  it('knows who the token belongs to, from its tickets or from the configured user', async () => {
    const me = await rt.currentUser();
    assert.strictEqual(me.id, s.RT_AGENT_USER);
    const withUser = new RtTicketSource({ ...config, user: s.RT_AGENT_USER }, secretsOf(s.RT_TOKEN), silentLogger);
    assert.deepStrictEqual(await withUser.currentUser(), me);
  });

  it('pages through the whole queue beyond one page, as an agent who gets no totals', async () => {
    const oracle = await raw(`${s.RT_URL}/REST/2.0/tickets?query=${encodeURIComponent(`Queue = '${s.RT_QUEUE}'`)}&per_page=1`, root());
    assert.ok(oracle.total > 100, `the seed has more than a page of tickets (${oracle.total})`);
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await rt.listTickets({}, { cursor, limit: 50 });
      page.items.forEach((t) => seen.add(t.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    assert.strictEqual(seen.size, oracle.total);
    assert.ok(pages >= 3);
  });

  it('maps a ticket: requestor and organisation, owner, status, priority, tags, custom fields, url', async () => {
    const t = await rt.getTicket(String(s.RT_TICKET_CONVERSATION));
    assert.strictEqual(t.key, `RT-${s.RT_TICKET_CONVERSATION}`);
    assert.strictEqual(t.requester.email, s.RT_TICKET_CONVERSATION_REQUESTOR);
    assert.ok(t.organization?.name, 'the requestor\'s organisation');
    assert.ok(t.tags.length > 0, 'tags from the Tags custom field');
    assert.ok(Object.keys(t.customFields).includes('Severity'));
    assert.ok(!('Tags' in t.customFields) && !('Redmine Issue' in t.customFields), 'tags and defect links are not repeated as custom fields');
    assert.strictEqual(t.url, `${s.RT_URL}/Ticket/Display.html?id=${s.RT_TICKET_CONVERSATION}`);
  });

  it('filters server-side with TicketSQL: status, owner me, unassigned, tag', async () => {
    const stalled = await rt.listTickets({ status: ['pending'] }, { limit: 100 });
    assert.ok(stalled.items.length > 0 && stalled.items.every((t) => t.status === 'pending'));
    const mine = await rt.listTickets({ assignee: 'me' }, { limit: 100 });
    assert.ok(mine.items.length > 0 && mine.items.every((t) => t.assignee?.id === s.RT_AGENT_USER));
    const nobody = await rt.listTickets({ assignee: 'unassigned' }, { limit: 100 });
    assert.ok(nobody.items.length > 0 && nobody.items.every((t) => !t.assignee));
    const tag = (await rt.getTicket(String(s.RT_TICKET_CONVERSATION))).tags[0];
    const tagged = await rt.listTickets({ tag: [tag] }, { limit: 100 });
    assert.ok(tagged.items.some((t) => t.id === String(s.RT_TICKET_CONVERSATION)) && tagged.items.every((t) => t.tags.includes(tag)));
  });

  it('reads a whole history with message bodies: customer, public replies, internal notes, status changes', async () => {
    const history = await rt.getHistory(String(s.RT_TICKET_CONVERSATION));
    const messages = history.filter((e) => e.kind === 'message');
    assert.ok(messages.length >= 3);
    assert.ok(messages.every((m) => m.kind === 'message' && m.body.trim().length > 0), 'bodies are joined from attachments');
    assert.ok(messages.some((m) => m.kind === 'message' && m.authorRole === 'customer' && m.visibility === 'public'));
    assert.ok(messages.some((m) => m.kind === 'message' && m.authorRole === 'agent' && m.visibility === 'public'));
    assert.ok(messages.some((m) => m.kind === 'message' && m.visibility === 'internal'));
    assert.ok(history.some((e) => e.kind === 'change' && e.field === 'status'));
    const times = history.map((e) => e.at);
    assert.deepStrictEqual([...times].sort(), times);
  });

  it('keeps HTML bodies as HTML and lists attachments', async () => {
    const html = await rt.getHistory(String(s.RT_TICKET_HTML));
    assert.ok(html.some((e) => e.kind === 'message' && e.format === 'html' && /<\w+/.test(e.body)));
    const withFile = await rt.getHistory(String(s.RT_TICKET_ATTACHMENT));
    const files = withFile.flatMap((e) => (e.kind === 'message' ? e.attachments : []));
    assert.ok(files.length > 0 && files.every((f) => f.name && f.url?.startsWith(s.RT_URL)));
  });

  describe('writes, read back from RT', () => {
    let ticket: Ticket;
    before(async () => {
      const created = await raw(`${s.RT_URL}/REST/2.0/ticket`, root(), { method: 'POST', body: { Queue: s.RT_QUEUE, Subject: `Caselink write test ${Date.now()}`, Requestor: 'writes@example.test', Content: 'Please help.', ContentType: 'text/plain' } });
      ticket = await rt.getTicket(String(created.id));
    });

    it('posts a public reply and an internal note that RT shows as correspondence and comment', async () => {
      await rt.addMessage(ticket.id, { visibility: 'public', body: 'We are looking into it (public).', idempotencyKey: 'a' });
      await rt.addMessage(ticket.id, { visibility: 'internal', body: 'Internal: reproduced.', idempotencyKey: 'b' });
      const txns = await raw(`${s.RT_URL}/REST/2.0/ticket/${ticket.id}/history?fields=Type&per_page=100`, root());
      const types = txns.items.map((t: { Type: string }) => t.Type);
      assert.ok(types.includes('Correspond') && types.includes('Comment'));
      const history = await rt.getHistory(ticket.id);
      assert.ok(history.some((e) => e.kind === 'message' && e.visibility === 'public' && e.body.includes('looking into it')));
      assert.ok(history.some((e) => e.kind === 'message' && e.visibility === 'internal' && e.body.includes('reproduced')));
    });

    it('changes status, priority, owner and tags', async () => {
      const updated = await rt.updateTicket(ticket.id, { status: 'pending', priority: 'urgent', assigneeId: s.RT_AGENT_USER, addTags: ['caselink-test', 'billing'] });
      assert.strictEqual(updated.status, 'pending');
      assert.strictEqual(updated.priority, 'urgent');
      assert.strictEqual(updated.assignee?.id, s.RT_AGENT_USER);
      assert.deepStrictEqual([...updated.tags].sort(), ['billing', 'caselink-test']);
      const rawTicket = await raw(`${s.RT_URL}/REST/2.0/ticket/${ticket.id}`, root());
      assert.strictEqual(rawTicket.Status, 'stalled');
      const removed = await rt.updateTicket(ticket.id, { removeTags: ['billing'], assigneeId: null, status: 'solved' });
      assert.deepStrictEqual(removed.tags, ['caselink-test']);
      assert.strictEqual(removed.assignee, undefined);
      assert.strictEqual(removed.status, 'solved');
    });

    it('records a defect link on the ticket (custom field + RefersTo) and removes it', async () => {
      const defect = { id: '4242', key: '#4242', url: `${s.REDMINE_URL}/issues/4242` };
      await rt.recordDefectLink(ticket.id, defect, 'link');
      let rawTicket = await raw(`${s.RT_URL}/REST/2.0/ticket/${ticket.id}`, root());
      const cf = (rawTicket.CustomFields as Array<{ name: string; values: string[] }>).find((c) => c.name === 'Redmine Issue');
      assert.deepStrictEqual(cf?.values, ['4242']);
      assert.ok((rawTicket._hyperlinks as Array<{ ref: string; _url: string }>).some((l) => l.ref === 'refers-to' && l._url === defect.url));
      await rt.recordDefectLink(ticket.id, defect, 'unlink');
      rawTicket = await raw(`${s.RT_URL}/REST/2.0/ticket/${ticket.id}`, root());
      assert.ok(!(rawTicket._hyperlinks as Array<{ ref: string }>).some((l) => l.ref === 'refers-to'));
    });

    it('lists the agents a ticket can be assigned to', async () => {
      const agents = await rt.listAgents();
      assert.ok(agents.some((a) => a.id === s.RT_AGENT_USER));
      assert.ok(agents.every((a) => a.id !== 'Nobody' && a.id !== 'RT_System'));
    });

    it('tells the agent can write', async () => {
      assert.strictEqual(await rt.canWrite(), true);
    });
  });

  describe('bad connections fail with precise messages', () => {
    it('a ticket that does not exist', async () => {
      await assert.rejects(rt.getTicket('999999'), (e: CaselinkError) => e.reason === 'notFound' && /999999/.test(e.message));
    });
    it('a wrong token', async () => {
      const bad = new RtTicketSource(config, secretsOf('1-27-00000000000000000000000000000000'), silentLogger);
      await assert.rejects(bad.listTickets({}, { limit: 1 }), (e: CaselinkError) => e.reason === 'auth' && /sign in/i.test(e.message) && !e.message.includes('0000000000'));
    });
    it('no secret at all', async () => {
      const none = new RtTicketSource(config, secretsOf(undefined), silentLogger);
      await assert.rejects(none.listTickets({}, { limit: 1 }), (e: CaselinkError) => e.reason === 'auth' && /CASELINK_SECRET_RT/.test(e.message));
    });
    it('a wrong URL: nothing listening', async () => {
      const gone = new RtTicketSource({ ...config, url: 'http://127.0.0.1:9' }, secretsOf(s.RT_TOKEN), silentLogger, { sleep: async () => {} });
      await assert.rejects(gone.listTickets({}, { limit: 1 }), (e: CaselinkError) => e.reason === 'network' && /refused/.test(e.message));
    });
    it('a wrong URL: another server that answers HTML', async () => {
      const redmine = new RtTicketSource({ ...config, url: s.REDMINE_URL }, secretsOf(s.RT_TOKEN), silentLogger, { sleep: async () => {} });
      await assert.rejects(redmine.listTickets({}, { limit: 1 }), (e: CaselinkError) => ['schema', 'notFound'].includes(e.reason) && e.message.includes('Request Tracker (rt)'));
    });
  });
});
