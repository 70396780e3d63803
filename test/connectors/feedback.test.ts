import * as assert from 'assert';
import * as net from 'net';
import type { AddressInfo } from 'net';
import { RedmineTracker } from '../../src/backends/redmine/redmineTracker';
import { RtTicketSource } from '../../src/backends/rt/rtSource';
import type { FeedbackRecord } from '../../src/core/model/feedback';
import { MemoryKeyValueStore } from '../../src/core/ports/keyValueStore';
import { silentLogger } from '../../src/core/ports/logger';
import { FeedbackRecord as FeedbackRecordSchema } from '../../src/core/schemas/feedback';
import { parseEvidenceComment, parseFeedbackBody } from '../../src/core/services/feedbackFormat';
import { prefillFromCase, ticketRefOf } from '../../src/core/services/feedbackPrefill';
import { buildFeedbackRecord, FeedbackSubmitter, type FeedbackPayload, type FeedbackResult } from '../../src/core/services/feedbackService';
import { Outbox } from '../../src/core/services/outbox';
import { loadServers, raw, secretsOf, type Servers } from './serversEnv';

/**
 * A TCP proxy in front of Redmine that, when armed, forwards the next "POST /issues.json" to the
 * server and then drops the client's connection instead of passing the answer back: the server has
 * filed the issue, the client only sees a cut connection (the unknown-outcome case).
 */
class DroppingProxy {
  armed = false;
  drops = 0;
  #server = net.createServer((client) => {
    const upstream = net.connect(this.port, this.host);
    let dropThis = false;
    client.on('data', (chunk) => {
      if (this.armed && chunk.toString('latin1').startsWith('POST /issues.json')) {
        this.armed = false;
        dropThis = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (dropThis) {
        this.drops++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  url = '';
  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}
  async start(): Promise<void> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    await new Promise((r) => this.#server.close(r));
  }
}

describe('Structured feedback against the real RT and Redmine', function () {
  this.timeout(120_000);
  let s: Servers;
  let proxy: DroppingProxy;
  let rt: RtTicketSource;
  let redmine: RedmineTracker;
  let outbox: Outbox<FeedbackPayload, FeedbackResult>;
  const rootAuth = () => ({ Authorization: `Basic ${Buffer.from(`${s.RT_ROOT_USER}:${s.RT_ROOT_PASSWORD}`).toString('base64')}` });
  const admin = () => ({ 'X-Redmine-API-Key': s.REDMINE_ADMIN_KEY });

  before(async () => {
    s = loadServers();
    const upstream = new URL(s.REDMINE_URL);
    proxy = new DroppingProxy(upstream.hostname, Number(upstream.port));
    await proxy.start();
    rt = new RtTicketSource({ id: 'rt', kind: 'rt', url: s.RT_URL, auth: 'token', user: s.RT_AGENT_USER, queues: [s.RT_QUEUE], tagsField: 'Tags', defectField: 'Redmine Issue' }, secretsOf(s.RT_TOKEN), silentLogger);
    redmine = new RedmineTracker({ id: 'redmine', kind: 'redmine', url: proxy.url, project: s.REDMINE_PROJECT, ticketField: 'Support Tickets', ticketLinkFormat: 'id' }, secretsOf(s.REDMINE_API_KEY), silentLogger);
    const submitter = new FeedbackSubmitter({ tracker: (id) => (id === 'redmine' ? redmine : undefined), source: (id) => (id === 'rt' ? rt : undefined), log: silentLogger });
    outbox = new Outbox({ store: new MemoryKeyValueStore(), submitter, log: silentLogger, policy: { baseDelayMs: 20, maxDelayMs: 50 } });
  });
  after(async () => {
    outbox?.dispose();
    await proxy?.stop();
  });

  async function newRtTicket(subject: string, requestor = 'alice.moreau@northwind-analytics.test'): Promise<string> {
    const created = await raw(`${s.RT_URL}/REST/2.0/ticket`, rootAuth(), { method: 'POST', body: { Queue: s.RT_QUEUE, Subject: subject, Requestor: requestor, Content: 'Exported CSV files lose every accented character since the last update.', ContentType: 'text/plain', CustomFields: { 'Product Area': 'Reports' } } });
    return String(created.id);
  }

  async function until<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
    const start = Date.now();
    while (Date.now() - start < ms) {
      const v = probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('files a record from an RT case even when the connection drops after Redmine created it: exactly one issue, the link and the note', async () => {
    const ticketId = await newRtTicket(`CSV export drops accents ${Date.now()}`);
    const ticket = await rt.getTicket(ticketId);
    const history = await rt.getHistory(ticketId);
    const { draft } = prefillFromCase({ ticket, history });
    const record = buildFeedbackRecord({ ...draft, sources: draft.sources! }, { ticket, history, now: new Date(), idempotencyKey: 'replaced-by-the-outbox' }, (r) => FeedbackRecordSchema.parse(r));
    proxy.armed = true;
    const item = await outbox.enqueue('fileFeedback', record.title, { type: 'file', trackerId: 'redmine', record });
    const done = await until('the submission to finish', () => {
      const it = outbox.items().find((x) => x.id === item.id)!;
      return it.state === 'done' || it.state === 'failed' ? it : undefined;
    });
    assert.strictEqual(proxy.drops, 1, 'the first answer was really lost');
    assert.strictEqual(done.state, 'done', JSON.stringify(done.lastError));
    assert.ok(done.attempts >= 2 || done.maybeSubmitted === false);
    // Exactly one issue carries the key: asked straight to Redmine, not through Caselink.
    const hits = await raw(`${s.REDMINE_URL}/issues.json?project_id=${s.REDMINE_PROJECT}&status_id=*&description=~${item.idempotencyKey}`, admin());
    assert.strictEqual(hits.total_count, 1);
    const issue = await raw(`${s.REDMINE_URL}/issues/${done.result!.defectId}.json`, admin());
    const parsed = parseFeedbackBody(issue.issue.description);
    assert.strictEqual(parsed.status, 'ok');
    assert.strictEqual((parsed as { value: FeedbackRecord }).value.sources[0].ticketId, ticketId);
    // The RT ticket links to the issue and got one internal note.
    const rtRaw = await raw(`${s.RT_URL}/REST/2.0/ticket/${ticketId}`, rootAuth());
    const cf = (rtRaw.CustomFields as Array<{ name: string; values: string[] }>).find((c) => c.name === 'Redmine Issue');
    assert.ok(cf?.values.includes(done.result!.defectId));
    const notes = (await rt.getHistory(ticketId)).filter((e) => e.kind === 'message' && e.visibility === 'internal' && e.body.includes(done.result!.key));
    assert.strictEqual(notes.length, 1);
  });

  it('adds another case as +1 evidence to the existing issue without filing a new one, and the record shows the aggregate', async () => {
    const first = outbox.items().find((x) => x.state === 'done')!;
    const filed = first.result!;
    const before = await raw(`${s.REDMINE_URL}/issues.json?project_id=${s.REDMINE_PROJECT}&status_id=*&limit=1`, admin());
    // Another customer (Blue Heron Logistics), so the record's customers grow.
    const ticketId = await newRtTicket(`Accents missing in CSV too ${Date.now()}`, 'bob.okafor@blueheron-logistics.test');
    const ticket = await rt.getTicket(ticketId);
    const { draft } = prefillFromCase({ ticket, history: await rt.getHistory(ticketId) });
    const comment = { schemaVersion: 1, idempotencyKey: 'replaced-by-the-outbox', ticket: ticketRefOf(ticket), customers: draft.customers ?? [], evidence: draft.evidence ?? [], note: 'Same problem at another customer.', addedAt: new Date().toISOString() };
    const item = await outbox.enqueue('addEvidence', `+1 ${filed.key}`, { type: 'evidence', trackerId: 'redmine', defectId: filed.defectId, comment });
    const done = await until('the +1', () => {
      const it = outbox.items().find((x) => x.id === item.id)!;
      return it.state === 'done' || it.state === 'failed' ? it : undefined;
    });
    assert.strictEqual(done.state, 'done', JSON.stringify(done.lastError));
    const after = await raw(`${s.REDMINE_URL}/issues.json?project_id=${s.REDMINE_PROJECT}&status_id=*&limit=1`, admin());
    assert.strictEqual(after.total_count, before.total_count, 'no new issue');
    const text = await redmine.getDefectText(filed.defectId);
    const plusOnes = text.comments.filter((c) => parseEvidenceComment(c).status === 'ok');
    assert.strictEqual(plusOnes.length, 1);
    assert.ok((await redmine.linkedDefects({ connectionId: 'rt', ticketId })).some((d) => d.defectId === filed.defectId));
    assert.strictEqual(done.result!.warnings, undefined, JSON.stringify(done.result));
    // The record itself, read straight from Redmine: both cases, both customers, two linked cases.
    const issue = await raw(`${s.REDMINE_URL}/issues/${filed.defectId}.json`, admin());
    const parsed = parseFeedbackBody(issue.issue.description);
    assert.strictEqual(parsed.status, 'ok', JSON.stringify(parsed));
    const record = (parsed as { value: FeedbackRecord }).value;
    const firstTicketId = (first.payload as { record: FeedbackRecord }).record.sources[0].ticketId;
    assert.deepStrictEqual(record.sources.map((x) => x.ticketId), [firstTicketId, ticketId]);
    assert.deepStrictEqual(record.customers.map((c) => c.organization).sort(), ['Blue Heron Logistics', 'Northwind Analytics']);
    assert.strictEqual(record.frequency.linkedCases, 2);
    assert.strictEqual(record.supportCost.cases, 2);
    assert.strictEqual(record.idempotencyKey, first.idempotencyKey, 'the same record, updated in place');
    assert.match(issue.issue.description, /2 linked cases/);
    const hits = await raw(`${s.REDMINE_URL}/issues.json?project_id=${s.REDMINE_PROJECT}&status_id=*&description=~${first.idempotencyKey}`, admin());
    assert.strictEqual(hits.total_count, 1, 'still exactly one record');
  });
});
