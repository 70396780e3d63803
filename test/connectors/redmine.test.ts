import * as assert from 'assert';
import { RedmineTracker } from '../../src/backends/redmine/redmineTracker';
import { RtTicketSource } from '../../src/backends/rt/rtSource';
import { testConnection } from '../../src/core/services/connectionTest';
import { CaselinkError } from '../../src/core/errors';
import type { RedmineConnectionConfig } from '../../src/core/model/connection';
import { silentLogger } from '../../src/core/ports/logger';
import { loadServers, raw, secretsOf, type Servers } from './serversEnv';


describe('Redmine backend against a real Redmine 5', function () {
  this.timeout(60_000);
  let s: Servers;
  let redmine: RedmineTracker;
  let config: RedmineConnectionConfig;
  const admin = () => ({ 'X-Redmine-API-Key': s.REDMINE_ADMIN_KEY });
  const rtTicket = (id: number | string) => ({ connectionId: 'rt', ticketId: String(id), url: `${s.RT_URL}/Ticket/Display.html?id=${id}` });

  before(() => {
    s = loadServers();
    // The seeded "Support Tickets" field accepts only comma-separated numbers (a regexp), as many teams set it up.
    config = { id: 'redmine', kind: 'redmine', url: s.REDMINE_URL, project: s.REDMINE_PROJECT, ticketField: 'Support Tickets', ticketLinkFormat: 'id' };
    redmine = new RedmineTracker(config, secretsOf(s.REDMINE_API_KEY), silentLogger);
  });

  it('reads defects by id in one batch, with status, stage, priority and a link', async () => {
    const defects = await redmine.getDefects(['1', '2', String(s.REDMINE_ISSUE_MULTI_TICKET), 'not-a-number']);
    assert.deepStrictEqual(defects.map((d) => d.id).sort(), ['1', '2', String(s.REDMINE_ISSUE_MULTI_TICKET)].sort());
    for (const d of defects) {
      assert.match(d.key, /^#\d+$/);
      assert.ok(d.status && ['open', 'inProgress', 'done'].includes(d.stage));
      assert.strictEqual(d.url, `${s.REDMINE_URL}/issues/${d.id}`);
    }
    const closed = (await redmine.getDefects([String(s.REDMINE_ISSUE_CLOSED)]))[0];
    assert.strictEqual(closed.stage, 'done');
  });

  it('searches by words of the subject and by #number', async () => {
    const [first] = await redmine.getDefects(['1']);
    const word = first.title.split(/\s+/).find((w) => w.length > 4)!;
    assert.ok((await redmine.searchDefects(word, 20)).some((d) => d.id === '1'));
    assert.deepStrictEqual((await redmine.searchDefects('#1', 5)).map((d) => d.id), ['1']);
  });

  it('lists the defects linked to a ticket with their link counts, matching exactly (1 is not 11)', async () => {
    const expected = s.LINKS.filter((l) => l.ticket === 1).map((l) => String(l.issue)).sort();
    const linked = await redmine.linkedDefects(rtTicket(1));
    assert.deepStrictEqual(linked.map((d) => d.defectId).sort(), expected);
    const multi = linked.find((d) => d.defectId === String(s.REDMINE_ISSUE_MULTI_TICKET));
    assert.strictEqual(multi?.linkedTickets, s.LINKS.filter((l) => l.issue === s.REDMINE_ISSUE_MULTI_TICKET).length);
    const batch = await redmine.linksForTickets([rtTicket(1), rtTicket(3)]);
    assert.deepStrictEqual(
      batch.map((l) => `${l.ticketId}->${l.defectId}`).sort(),
      s.LINKS.filter((l) => l.ticket === 1 || l.ticket === 3).map((l) => `${l.ticket}->${l.issue}`).sort(),
    );
  });

  it('links a ticket to an issue and unlinks it, idempotently, leaving a note in the journal', async () => {
    const ticket = rtTicket(2000 + (Date.now() % 1000));
    const issue = '3';
    await redmine.link(ticket, issue);
    await redmine.link(ticket, issue);
    const after = await raw(`${s.REDMINE_URL}/issues/${issue}.json?include=journals`, admin());
    const field = after.issue.custom_fields.find((f: { name: string }) => f.name === 'Support Tickets');
    const values: string[] = Array.isArray(field.value) ? field.value : String(field.value).split(/\s*,\s*/);
    assert.strictEqual(values.filter((v) => v === ticket.ticketId).length, 1, 'linked once');
    assert.ok(after.issue.journals.some((j: { notes: string }) => j.notes?.includes(ticket.ticketId)));
    assert.ok((await redmine.linkedDefects(ticket)).some((d) => d.defectId === issue));
    await redmine.unlink(ticket, issue);
    await redmine.unlink(ticket, issue);
    assert.ok(!(await redmine.linkedDefects(ticket)).some((d) => d.defectId === issue));
  });

  it('files a new defect in the project with tracker, category, priority and the ticket link', async () => {
    const ticket = rtTicket(3000 + (Date.now() % 1000));
    const created = await redmine.createDefect({ title: `Caselink test defect ${Date.now()}`, description: 'Filed by the connector tests.', tracker: 'Bug', productArea: 'Reports', priority: 'high', severity: 'major', ticket });
    assert.match(created.key, /^#\d+$/);
    const back = await raw(`${s.REDMINE_URL}/issues/${created.id}.json`, admin());
    assert.strictEqual(back.issue.project.identifier ?? back.issue.project.name, back.issue.project.identifier ?? 'Lumio');
    assert.strictEqual(back.issue.tracker.name, 'Bug');
    assert.strictEqual(back.issue.category?.name, 'Reports');
    assert.strictEqual(back.issue.priority.name, 'High');
    assert.strictEqual(back.issue.custom_fields.find((f: { name: string }) => f.name === 'Customer Impact')?.value, 'High', 'the tracker\'s own impact field');
    assert.ok((await redmine.linkedDefects(ticket)).some((d) => d.defectId === created.id), 'the new defect is linked to the ticket');
  });

  it('finds a filed record by the idempotency key in its description, and reads comments back', async () => {
    const key = `caselink-test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    assert.strictEqual(await redmine.findByMarker(key), undefined);
    const created = await redmine.createDefect({ title: `Marker test ${key}`, description: `Body.\n\n\`\`\`caselink-feedback\n{"idempotencyKey": "${key}"}\n\`\`\`` });
    assert.strictEqual((await redmine.findByMarker(key))?.id, created.id);
    await redmine.addComment(created.id, `+1 from support ${key}`);
    const text = await redmine.getDefectText(created.id);
    assert.match(text.description, new RegExp(key));
    assert.ok(text.comments.some((c) => c.includes(`+1 from support ${key}`)));
  });

  it('tells the account can write', async () => {
    assert.strictEqual(await redmine.canWrite(), true);
  });

  it('explains a field that refuses web addresses', async () => {
    const urls = new RedmineTracker({ ...config, ticketLinkFormat: 'url' }, secretsOf(s.REDMINE_API_KEY), silentLogger);
    await assert.rejects(urls.link(rtTicket(2001), '3'), (e: CaselinkError) => e.reason === 'conflict' && /ticketLinkFormat/.test(e.message) && /Support tickets is invalid/.test(e.message));
  });

  describe('bad connections fail with precise messages', () => {
    it('a wrong API key', async () => {
      const bad = new RedmineTracker(config, secretsOf('0000000000000000000000000000000000000000'), silentLogger);
      await assert.rejects(bad.getDefects(['1']), (e: CaselinkError) => e.reason === 'auth' && !e.message.includes('000000000000'));
    });
    it('a project that does not exist', async () => {
      const nope = new RedmineTracker({ ...config, project: 'no-such-project' }, secretsOf(s.REDMINE_API_KEY), silentLogger);
      await assert.rejects(nope.linkedDefects(rtTicket(1)), (e: CaselinkError) => e.reason === 'config' && /no project "no-such-project"/.test(e.message));
    });
    it('a ticket field that does not exist', async () => {
      const nofield = new RedmineTracker({ ...config, ticketField: 'Nope' }, secretsOf(s.REDMINE_API_KEY), silentLogger);
      await assert.rejects(nofield.linkedDefects(rtTicket(1)), (e: CaselinkError) => e.reason === 'config' && /no issue custom field "Nope"/.test(e.message));
    });
    it('an issue that does not exist', async () => {
      await assert.rejects(redmine.link(rtTicket(1), '999999'), (e: CaselinkError) => e.reason === 'notFound');
    });
    it('a URL where nothing listens', async () => {
      const gone = new RedmineTracker({ ...config, url: 'http://127.0.0.1:9' }, secretsOf(s.REDMINE_API_KEY), silentLogger, { sleep: async () => {} });
      await assert.rejects(gone.getDefects(['1']), (e: CaselinkError) => e.reason === 'network' && /refused/.test(e.message));
    });
  });
});

describe('Test Connection, against the real servers', function () {
  this.timeout(60_000);
  it('reports every check in plain words for RT and Redmine, and says what fails with a bad secret', async () => {
    const s = loadServers();
    const rt = new RtTicketSource({ id: 'rt', kind: 'rt', url: s.RT_URL, auth: 'token', queues: [s.RT_QUEUE], tagsField: 'Tags', defectField: 'Redmine Issue' }, secretsOf(s.RT_TOKEN), silentLogger);
    const good = await testConnection(rt, 'source');
    assert.deepStrictEqual(good.map((c) => [c.check, c.ok]), [['Reachable and signed in', true], ['Can read the queue', true], ['Can write', true]]);
    assert.match(good[0].detail, /Signed in as/);
    const redmine = new RedmineTracker({ id: 'redmine', kind: 'redmine', url: s.REDMINE_URL, project: s.REDMINE_PROJECT, ticketField: 'Support Tickets', ticketLinkFormat: 'id' }, secretsOf(s.REDMINE_API_KEY), silentLogger);
    const tracker = await testConnection(redmine, 'tracker');
    assert.ok(tracker.every((c) => c.ok === true), JSON.stringify(tracker));
    const bad = await testConnection(new RtTicketSource({ id: 'rt', kind: 'rt', url: s.RT_URL, auth: 'token', queues: [s.RT_QUEUE], tagsField: 'Tags', defectField: 'Redmine Issue' }, secretsOf('1-1-bad'), silentLogger), 'source');
    assert.deepStrictEqual(bad.map((c) => c.ok), [false]);
    assert.match(bad[0].detail, /did not accept the credentials/);
  });
});
