import * as assert from 'assert';
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { CaselinkApi } from '../../src/api';
import type { CaseSnapshot } from '../../src/protocol/caseProtocol';
import { activate, queueReady, waitFor } from './helpers';

interface OutboxItemView {
  id: string;
  kind: string;
  state: string;
  label: string;
  result?: { defectId: string; key: string };
  lastError?: { message: string };
}

const items = async () => (await vscode.commands.executeCommand<OutboxItemView[]>('caselink._test.outboxItems')) ?? [];
const send = (ticketId: string, message: unknown) => vscode.commands.executeCommand<boolean>('caselink._test.feedbackReceive', ticketId, message);

function draftFor(ticketId: string, key: string, title: string) {
  return {
    title, productArea: 'Reports & dashboards', kind: 'defect', problem: 'Scheduled report e-mails arrive with an empty table since the last release.',
    steps: '1. Schedule a report\n2. Wait for Monday', expected: 'The table has rows', actual: 'The table is empty', environment: 'Web (Chrome)', workaround: '',
    severity: 'major', customerImpact: 'Finance cannot close the month.', tags: ['reports'], evidence: [], customers: [{ organization: 'Acme Logistics', tier: 'enterprise' }],
    sources: [{ connectionId: 'demo', ticketId, key }],
  };
}

describe('Structured feedback in a real VS Code', () => {
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

  it('files feedback from a case through the form and the outbox, and the case shows the new defect', async () => {
    assert.ok(await api.openTicket('#1050'));
    await vscode.commands.executeCommand('caselink.fileFeedback', '#1050');
    assert.ok(await waitFor('the form', async () => ((await send('1050', { type: 'ready' })) ? true : undefined)));
    const requestId = crypto.randomUUID();
    const title = `Scheduled reports are empty ${requestId.slice(0, 8)}`;
    assert.strictEqual(await send('1050', { type: 'submit', requestId, draft: draftFor('1050', '#1050', title) }), true);
    await send('1050', { type: 'submit', requestId, draft: draftFor('1050', '#1050', title) }); // a double click
    const filed = await waitFor('the record to be filed', async () => (await items()).find((i) => i.label === title && i.state === 'done'), 30_000);
    assert.strictEqual((await items()).filter((i) => i.label === title).length, 1, 'one submission despite the double click');
    const snapshot = await waitFor('the case to show the defect', async () => {
      const st = await vscode.commands.executeCommand<{ snapshot: CaseSnapshot } | undefined>('caselink._test.caseSnapshot', '1050');
      const defects = st?.snapshot.defects.state === 'loaded' ? st.snapshot.defects.value : [];
      return defects.some((d) => d.defectId === filed.result!.defectId) ? st : undefined;
    }, 20_000);
    assert.ok(snapshot);
    const history = (snapshot.snapshot.history as { value: Array<{ kind: string; visibility?: string; body?: string }> }).value;
    assert.ok(history.some((e) => e.kind === 'message' && e.visibility === 'internal' && e.body?.includes(filed.result!.key)), 'an internal note on the case');
  });

  it('refuses an invalid draft with messages per field, and files nothing', async () => {
    const before = (await items()).length;
    const bad = { ...draftFor('1050', '#1050', 'Bug'), problem: 'short', productArea: '' };
    assert.strictEqual(await send('1050', { type: 'submit', requestId: crypto.randomUUID(), draft: bad }), true);
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual((await items()).length, before);
  });

  it('adds a case as +1 evidence to an existing defect instead of filing a new one', async () => {
    const before = (await items()).filter((i) => i.kind === 'fileFeedback').length;
    const requestId = crypto.randomUUID();
    await send('1050', { type: 'addEvidence', requestId, defectId: '2102', draft: draftFor('1050', '#1050', 'Another case of the same problem') });
    const done = await waitFor('the +1', async () => (await items()).find((i) => i.kind === 'addEvidence' && i.state === 'done'), 30_000);
    assert.strictEqual(done.result?.defectId, '2102');
    assert.strictEqual((await items()).filter((i) => i.kind === 'fileFeedback').length, before, 'nothing new filed');
  });

  it('quotes text selected in the case: a new draft starts with it, a saved draft gets it appended once', async () => {
    const savedDraft = async () => vscode.commands.executeCommand<{ evidence: Array<{ eventId: string; quote: string; ticket: { key: string } }> } | undefined>('caselink._test.feedbackDraft', '1052');
    const select = (selection: unknown) => vscode.commands.executeCommand<boolean>('caselink._test.caseReceive', '1052', { type: 'selection', selection });
    assert.ok(await api.openTicket('#1052'));
    const messages = await waitFor('the case history', async () => {
      const st = await vscode.commands.executeCommand<{ snapshot: CaseSnapshot } | undefined>('caselink._test.caseSnapshot', '1052');
      const history = st?.snapshot.history.state === 'loaded' ? st.snapshot.history.value : undefined;
      return history?.filter((e) => e.kind === 'message');
    });
    assert.ok(messages.length >= 1);
    assert.strictEqual(await savedDraft(), undefined, 'no draft before');
    const [first, last] = [messages[0], messages[messages.length - 1]];
    assert.strictEqual(await select({ eventId: first.id, text: 'the words the customer used' }), true);
    assert.strictEqual(await select({ eventId: first.id, text: '   ' }), false, 'an empty selection is refused at the boundary');
    // The tab's button and keybinding run the command without an argument: the active case.
    await vscode.commands.executeCommand('caselink.fileFeedback');
    const draft = await waitFor('the form to open with the quote', async () => (await savedDraft())?.evidence.length ? await savedDraft() : undefined);
    assert.deepStrictEqual([draft.evidence[0].eventId, draft.evidence[0].quote, draft.evidence[0].ticket.key], [first.id, 'the words the customer used', '#1052']);
    assert.ok(await waitFor('the form', async () => ((await send('1052', { type: 'ready' })) ? true : undefined)));
    // With the form closed and its draft saved, a new selection is appended to that draft, once.
    await send('1052', { type: 'close' });
    await waitFor('the form to close', async () => ((await send('1052', { type: 'ready' })) === undefined ? true : undefined));
    assert.ok(await api.openTicket('#1052'));
    await select({ eventId: last.id, text: 'a second quote' });
    await vscode.commands.executeCommand('caselink.fileFeedback', '#1052');
    const appended = await waitFor('the second quote', async () => {
      const d = await savedDraft();
      return d?.evidence.some((e) => e.quote === 'a second quote') ? d : undefined;
    });
    assert.deepStrictEqual(appended.evidence.slice(0, draft.evidence.length), draft.evidence, 'the draft in progress is kept');
    assert.strictEqual(appended.evidence[appended.evidence.length - 1].eventId, last.id);
    await send('1052', { type: 'close' });
    await waitFor('the form to close', async () => ((await send('1052', { type: 'ready' })) === undefined ? true : undefined));
    assert.ok(await api.openTicket('#1052'));
    await select({ eventId: last.id, text: 'a second quote' });
    await vscode.commands.executeCommand('caselink.fileFeedback', '#1052');
    await waitFor('the form', async () => ((await send('1052', { type: 'ready' })) ? true : undefined));
    assert.strictEqual((await savedDraft())!.evidence.filter((e) => e.quote === 'a second quote').length, 1, 'the same quote is not added twice');
    await send('1052', { type: 'close' });
  });

  it('rejects messages of the wrong shape from the form', async () => {
    assert.strictEqual(await send('1050', { type: 'submit', draft: {} }), false);
    assert.strictEqual(await send('1050', { type: 'drop tables' }), false);
  });
});

describe('Structured feedback through the public API', () => {
  it('prefills, searches duplicates, files and adds evidence', async () => {
    const api = await activate();
    const prefill = await api.prefillFeedback('#1060');
    assert.ok(prefill && prefill.draft.title && prefill.prefilled.includes('title'));
    const dups = await api.searchDuplicates({ title: prefill!.draft.title!, productArea: prefill!.draft.productArea });
    assert.ok(Array.isArray(dups));
    const invalid = await api.fileFeedback('#1060', { ...prefill!.draft, title: 'x' });
    assert.strictEqual(invalid.state, 'invalid');
    const filed = await api.fileFeedback('#1060', { ...prefill!.draft, problem: prefill!.draft.problem || 'The export breaks for this customer every single day.' });
    // The demo tracker answers at once, so the API reports the key rather than "queued".
    assert.strictEqual(filed.state, 'filed', JSON.stringify(filed));
    assert.match((filed as { key: string }).key, /^LUM-\d+$/);
    const plusOne = await api.addEvidence('#1061', '2102');
    assert.strictEqual(plusOne.state, 'evidenceAdded', JSON.stringify(plusOne));
    assert.strictEqual((await api.fileFeedback('#404040', prefill!.draft)).state, 'failed');
  });
});
