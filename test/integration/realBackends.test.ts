import * as assert from 'assert';
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { CaselinkApi } from '../../src/api';
import type { CaseSnapshot } from '../../src/protocol/caseProtocol';
import { loadServers, raw, type Servers } from '../connectors/serversEnv';
import { activate, queueReady, queueState, screenshot, setSetting, useDemoAgain, useRealBackends, waitFor } from './helpers';

/**
 * Caselink in a real VS Code against the real RT 5 and Redmine 5 started by scripts/servers/up.sh.
 * The secrets reach the extension host as CASELINK_SECRET_RT / CASELINK_SECRET_REDMINE (scripts/ext-test.sh).
 */
describe('Real backends (RT 5 + Redmine 5) in a real VS Code', function () {
  this.timeout(120_000);
  let api: CaselinkApi;
  let s: Servers;
  const rootAuth = () => ({ Authorization: `Basic ${Buffer.from(`${s.RT_ROOT_USER}:${s.RT_ROOT_PASSWORD}`).toString('base64')}` });

  before(async () => {
    s = loadServers();
    assert.ok(process.env.CASELINK_SECRET_RT, 'CASELINK_SECRET_RT reaches the extension host');
    api = await activate();
    await vscode.commands.executeCommand('workbench.view.extension.caselink');
    await useRealBackends(s);
    await vscode.commands.executeCommand('caselink.clearFilter');
  });

  after(async () => {
    await useDemoAgain();
    await waitFor('the demo again', async () => ((await api.getTicket('#1000')) ? true : undefined), 30_000);
  });

  it('shows the seeded RT queue, every ticket of it', async () => {
    const oracle = await raw(`${s.RT_URL}/REST/2.0/tickets?query=${encodeURIComponent(`Queue = '${s.RT_QUEUE}'`)}&per_page=1`, rootAuth());
    const tickets = await waitFor('RT tickets in the queue', async () => {
      const state = await queueState();
      if (state.snapshot.status !== 'ready') return undefined;
      const list = await api.listQueueTickets();
      return list.length && list.every((t) => t.connectionId === 'rt') ? list : undefined;
    }, 60_000);
    assert.strictEqual(tickets.length, oracle.total);
    assert.ok(tickets.every((t) => /^RT-\d+$/.test(t.key)));
    await screenshot('queue-rt');
  });

  it('opens an RT case with its history and the Redmine defects linked to it', async () => {
    const ticketId = String(s.RT_TICKET_CONVERSATION);
    assert.ok(await api.openTicket(`RT-${ticketId}`));
    const state = await waitFor('the case to load', async () => {
      const st = await vscode.commands.executeCommand<{ snapshot: CaseSnapshot } | undefined>('caselink._test.caseSnapshot', ticketId);
      const snap = st?.snapshot;
      return snap && snap.ticket.state === 'loaded' && snap.history.state === 'loaded' && snap.defects.state !== 'loading' ? snap : undefined;
    }, 60_000);
    const history = (state.history as { value: Array<{ kind: string; visibility?: string; authorRole?: string }> }).value;
    assert.ok(history.some((e) => e.kind === 'message' && e.authorRole === 'customer'));
    assert.ok(history.some((e) => e.kind === 'message' && e.visibility === 'internal'));
    assert.strictEqual(state.defects.state, 'loaded');
    const defects = (state.defects as { value: Array<{ defectId: string; defect?: { url?: string } }> }).value;
    const expected = s.LINKS.filter((l) => String(l.ticket) === ticketId).map((l) => String(l.issue)).sort();
    assert.deepStrictEqual(defects.map((d) => d.defectId).sort(), expected);
    assert.ok(defects.every((d) => d.defect?.url?.startsWith(s.REDMINE_URL)));
    await screenshot('case-rt');
  });

  it('posts a reply from the panel that appears in RT', async () => {
    const ticketId = String(s.RT_TICKET_CONVERSATION);
    const text = `Reply from Caselink's integration test ${crypto.randomUUID()}`;
    assert.strictEqual(await vscode.commands.executeCommand('caselink._test.caseReceive', ticketId, { type: 'send', requestId: crypto.randomUUID(), kind: 'reply', text }), true);
    const found = await waitFor('the reply in RT', async () => {
      const atts = await raw(`${s.RT_URL}/REST/2.0/ticket/${ticketId}/attachments?fields=Content,TransactionId&per_page=100&page=1`, rootAuth());
      const pages = atts.pages ?? 1;
      const all = [...atts.items];
      for (let p = 2; p <= pages; p++) all.push(...(await raw(`${s.RT_URL}/REST/2.0/ticket/${ticketId}/attachments?fields=Content,TransactionId&per_page=100&page=${p}`, rootAuth())).items);
      return all.some((a: { Content?: string }) => a.Content?.includes(text)) ? true : undefined;
    }, 30_000);
    assert.ok(found);
  });
});
