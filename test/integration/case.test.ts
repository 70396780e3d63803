import * as assert from 'assert';
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { CaselinkApi } from '../../src/api';
import type { CaseSnapshot } from '../../src/protocol/caseProtocol';
import { activate, queueReady, queueTree, screenshot, waitFor } from './helpers';

interface CaseState {
  snapshot: CaseSnapshot;
  rejected: number;
  title: string;
  open: number;
}

const caseState = async (ticketId: string) => vscode.commands.executeCommand<CaseState | undefined>('caselink._test.caseSnapshot', ticketId);
const send = (ticketId: string, message: unknown) => vscode.commands.executeCommand<boolean>('caselink._test.caseReceive', ticketId, message);
const loaded = async (ticketId: string) =>
  waitFor(`case ${ticketId} to load`, async () => {
    const s = await caseState(ticketId);
    return s && s.snapshot.ticket.state !== 'loading' && s.snapshot.history.state !== 'loading' && s.snapshot.defects.state !== 'loading' && s.snapshot.busy.length === 0 ? s : undefined;
  });
const idle = loaded;

describe('Case view in a real VS Code', () => {
  let api: CaselinkApi;

  before(async () => {
    api = await activate();
    await vscode.commands.executeCommand('workbench.view.extension.caselink');
    await vscode.commands.executeCommand('caselink.clearFilter');
    await queueReady();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a ticket from its tree item, with the ticket, its history and its linked defects', async () => {
    await vscode.commands.executeCommand('caselink.groupBy', 'status');
    const open = (await queueTree(2)).find((g) => g.label.startsWith('Open'))!;
    const item = open.children!.find((c) => c.contextValue?.startsWith('caselink.ticket'))!;
    assert.strictEqual(item.command, 'caselink.openTicket');
    const ref = item.id!.replace(/^.*ticket:/, '');
    const ticketId = ref.split(':')[1];
    await vscode.commands.executeCommand('caselink.openTicket', ref);
    const s = await loaded(ticketId);
    assert.strictEqual(s.snapshot.ticket.state, 'loaded');
    const ticket = (s.snapshot.ticket as { value: { key: string; subject: string } }).value;
    assert.strictEqual(s.title, `${ticket.key} ${ticket.subject}`);
    assert.strictEqual(s.snapshot.history.state, 'loaded');
    assert.ok((s.snapshot.history as { value: unknown[] }).value.length >= 3);
    assert.strictEqual(s.snapshot.defects.state, 'loaded');
    await screenshot('case-from-tree');
  });

  it('opens one panel per ticket: opening it again reveals the same panel', async () => {
    assert.ok(await api.openTicket('#1042'));
    const first = await loaded('1042');
    assert.ok(await api.openTicket('demo:1042'));
    const again = await caseState('1042');
    assert.strictEqual(again!.open, first.open, 'no second panel');
    assert.strictEqual(await api.openTicket('#424242'), false, 'an unknown ticket is reported, not opened');
  });

  it('posts a public reply through the port, clears that draft and updates the queue', async () => {
    await api.openTicket('#1042');
    await loaded('1042');
    await send('1042', { type: 'saveDraft', drafts: { reply: 'Thanks, we are on it.', note: 'keep me', mode: 'reply' } });
    const requestId = crypto.randomUUID();
    assert.strictEqual(await send('1042', { type: 'send', requestId, kind: 'reply', text: 'Thanks, we are on it.' }), true);
    // The same request again (a double click, a retry) must not post twice.
    await send('1042', { type: 'send', requestId, kind: 'reply', text: 'Thanks, we are on it.' });
    const s = await idle('1042');
    const history = (s.snapshot.history as { value: Array<{ kind: string; body?: string; visibility?: string }> }).value;
    assert.strictEqual(history.filter((e) => e.body === 'Thanks, we are on it.').length, 1);
    assert.strictEqual(history.find((e) => e.body === 'Thanks, we are on it.')!.visibility, 'public');
    const ticket = await api.getTicket('#1042');
    assert.strictEqual(ticket!.status === 'pending' || ticket!.status === 'hold' || ticket!.status === 'solved' || ticket!.status === 'closed', true, 'an open ticket becomes pending after a public reply');
    // The note draft survives; the reply draft is gone (checked by reopening the panel below).
  });

  it('keeps drafts when the panel is closed and reopened', async () => {
    // The real webview also saves its drafts (debounced by 300 ms after the last change, e.g. the
    // composer cleared by the reply above); let it settle so this test plays the only writer.
    await new Promise((r) => setTimeout(r, 1000));
    await send('1042', { type: 'saveDraft', drafts: { reply: 'half-written reply', note: 'half-written note', mode: 'note' } });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel to close', async () => ((await caseState('1042')) === undefined ? true : undefined));
    await api.openTicket('#1042');
    await loaded('1042');
    const drafts = await vscode.commands.executeCommand<{ reply: string; note: string; mode: string }>('caselink._test.caseDrafts', '1042');
    assert.deepStrictEqual(drafts, { reply: 'half-written reply', note: 'half-written note', mode: 'note' });
  });

  it('adds an internal note, changes status and priority, tags, and the tree follows', async () => {
    await api.openTicket('#1042');
    await send('1042', { type: 'send', requestId: crypto.randomUUID(), kind: 'note', text: 'Reproduced on staging.' });
    await send('1042', { type: 'setStatus', requestId: crypto.randomUUID(), status: 'hold' });
    await send('1042', { type: 'setPriority', requestId: crypto.randomUUID(), priority: 'urgent' });
    const s = await waitFor('the changes', async () => {
      const st = await idle('1042');
      const t = (st.snapshot.ticket as { value: { status: string; priority: string } }).value;
      return t.status === 'hold' && t.priority === 'urgent' ? st : undefined;
    });
    const history = (s.snapshot.history as { value: Array<{ kind: string; body?: string; visibility?: string; field?: string; to?: string }> }).value;
    assert.strictEqual(history.find((e) => e.body === 'Reproduced on staging.')?.visibility, 'internal');
    assert.ok(history.some((e) => e.kind === 'change' && e.field === 'status' && e.to === 'hold'));
    const onHold = (await queueTree(2)).find((g) => g.label.startsWith('On hold'))!;
    assert.ok(onHold.children!.some((c) => c.id!.endsWith('ticket:demo:1042')), 'the queue tree moved the ticket to On hold');
    await send('1042', { type: 'removeTag', requestId: crypto.randomUUID(), tag: (await api.getTicket('#1042'))!.tags[0] });
    await idle('1042');
  });

  it('unlinks a defect and shows the linked defects with their link counts', async () => {
    await api.openTicket('#9001');
    const s = await loaded('9001');
    const defects = (s.snapshot.defects as { value: Array<{ defectId: string; defect?: { key: string }; linkedTickets: number }> }).value;
    assert.strictEqual(defects.length, 1);
    assert.ok(defects[0].defect?.key.startsWith('LUM-'));
    assert.ok(defects[0].linkedTickets >= 1);
    await send('9001', { type: 'unlinkDefect', requestId: crypto.randomUUID(), defectId: defects[0].defectId });
    const after = await waitFor('the unlink', async () => {
      const st = await idle('9001');
      return (st.snapshot.defects as { value: unknown[] }).value.length === 0 ? st : undefined;
    });
    assert.strictEqual(after.snapshot.defects.state, 'loaded');
  });

  it('shows what it can when history entries are unreadable and a linked defect is gone', async () => {
    await api.openTicket('#9001');
    const s = await loaded('9001');
    assert.deepStrictEqual(s.snapshot.notices, ['1 history entry could not be read and is shown as a placeholder.']);
    await api.openTicket('#9002');
    const gone = await loaded('9002');
    const defects = (gone.snapshot.defects as { value: Array<{ problem?: string }> }).value;
    assert.match(defects[0].problem!, /no longer exists/);
  });

  it('says so when the ticket was deleted in the helpdesk, instead of a blank panel', async () => {
    await api.openTicket('#9002');
    await loaded('9002');
    await vscode.commands.executeCommand('caselink._test.demoDelete', '9002');
    await vscode.commands.executeCommand('caselink.case.refresh');
    const s = await waitFor('the error', async () => {
      const st = await caseState('9002');
      return st?.snapshot.ticket.state === 'error' ? st : undefined;
    });
    assert.match((s.snapshot.ticket as { message: string }).message, /no longer exists/);
  });

  it('rejects messages of the wrong shape from the webview and counts them', async () => {
    await api.openTicket('#1042');
    const before = (await loaded('1042')).rejected;
    for (const bad of [{ type: 'send', kind: 'reply', text: 'no id' }, { type: 'setStatus', requestId: 'x', status: 'deleted' }, { type: 'eval', code: '1' }, 'ready']) {
      assert.strictEqual(await send('1042', bad), false, JSON.stringify(bad));
    }
    assert.strictEqual((await caseState('1042'))!.rejected, before + 4);
    const t = await api.getTicket('#1042');
    assert.notStrictEqual(t!.status, 'deleted');
  });
});
