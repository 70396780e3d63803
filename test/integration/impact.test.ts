import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ImpactHostMessage } from '../../src/protocol/impactProtocol';
import { activate, screenshot, waitFor } from './helpers';

interface DashboardState {
  lastPosted?: ImpactHostMessage;
  bytes: number;
  rejected: number;
  title: string;
  visible: boolean;
}
type StateMessage = Extract<ImpactHostMessage, { type: 'state' }>;

const dashboard = () => vscode.commands.executeCommand<DashboardState | undefined>('caselink._test.impactDashboard');
const send = (message: unknown) => vscode.commands.executeCommand<boolean>('caselink._test.impactReceive', message);
const dashboardTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('caselink.impact'));

/** Waits until the page has been sent a ready report (optionally one that passes `test`). */
const readyState = (what = 'the dashboard to show a report', test: (m: StateMessage) => boolean = () => true) =>
  waitFor(what, async () => {
    const s = await dashboard();
    const m = s?.lastPosted;
    return m?.type === 'state' && m.status === 'ready' && m.view && test(m) ? { state: s!, message: m } : undefined;
  }, 60_000);

describe('Impact dashboard in a real VS Code', function () {
  // The first report reads every linked defect's feedback text: longer than mocha's 30 s default on a slow machine.
  this.timeout(120_000);
  let tmp: string;

  before(async () => {
    await activate();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'caselink-impact-'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('opens from its command, loads the report and sends the page a compact view of it', async () => {
    await vscode.commands.executeCommand('caselink.openImpactDashboard');
    const { state, message } = await readyState();
    assert.strictEqual(state.title, 'Caselink Impact');
    const view = message.view!;
    assert.ok(view.totals.tickets > 0, 'the demo has tickets in range');
    assert.ok(view.defects.length > 0 && view.defects.length <= 25, `top defects only (${view.defects.length})`);
    assert.match(view.scope, /Tickets created in the last 30 days/);
    assert.ok(state.bytes < 256 * 1024, `the state message is small (${state.bytes} bytes)`);
    assert.strictEqual(dashboardTabs().length, 1);
    await screenshot('impact-dashboard');
  });

  it('reveals the same panel when opened again', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('caselink.openImpactDashboard');
    await vscode.commands.executeCommand('caselink.openImpactDashboard');
    await readyState();
    assert.strictEqual(dashboardTabs().length, 1);
  });

  it('rejects malformed messages from the page, counting them, and answers valid ones', async () => {
    const before = (await dashboard())!.rejected;
    for (const bad of [{ type: 'drill' }, { type: 'setRange', range: '2y' }, { type: 'openTicket', ticketRef: '' }, 'ready', { type: 'export', format: 'pdf' }]) {
      assert.strictEqual(await send(bad), false, JSON.stringify(bad));
    }
    assert.strictEqual((await dashboard())!.rejected, before + 5);
    const { message } = await readyState();
    const top = message.view!.defects[0];
    assert.strictEqual(await send({ type: 'drill', requestId: 'it-1', target: { kind: 'defect', defectId: top.defectId } }), true);
    const drill = await waitFor('the drill-down answer', async () => {
      const m = (await dashboard())?.lastPosted;
      return m?.type === 'drill' && m.requestId === 'it-1' ? m : undefined;
    });
    assert.strictEqual(drill.total, top.cases);
    assert.ok(drill.tickets.length > 0 && drill.tickets.every((t) => t.ref.includes(':') && t.key));
  });

  it('changes the range through the store and re-sends the view', async () => {
    assert.strictEqual(await send({ type: 'setRange', range: '365d' }), true);
    const { message } = await readyState('the 365-day report', (m) => m.view!.range === '365d');
    assert.match(message.view!.scope, /last 365 days/);
    assert.strictEqual(await send({ type: 'setRange', range: '30d' }), true);
    await readyState('the 30-day report again', (m) => m.view!.range === '30d');
  });

  it('exports Markdown and CSV files that state the scope and list the top defect', async () => {
    const { message } = await readyState();
    const view = message.view!;
    const md = vscode.Uri.file(path.join(tmp, 'impact.md'));
    const csv = vscode.Uri.file(path.join(tmp, 'impact.csv'));
    assert.strictEqual(await vscode.commands.executeCommand('caselink.exportImpactReport', 'markdown', md), md.toString());
    assert.strictEqual(await vscode.commands.executeCommand('caselink.exportImpactReport', 'csv', csv.fsPath), csv.toString());
    const markdown = fs.readFileSync(md.fsPath, 'utf8');
    const table = fs.readFileSync(csv.fsPath, 'utf8');
    const scopeStart = view.scope.slice(0, 40);
    assert.ok(markdown.split('\n').slice(0, 5).some((l) => l.includes(scopeStart)), `the scope is at the top of the Markdown:\n${markdown.slice(0, 300)}`);
    assert.ok(table.split('\n').slice(0, 3).some((l) => l.includes(scopeStart)), `the scope is at the top of the CSV:\n${table.slice(0, 300)}`);
    assert.ok(markdown.includes(view.defects[0].key), 'the top defect is in the Markdown');
    assert.ok(table.includes(view.defects[0].key), 'the top defect is in the CSV');
    assert.match(markdown, /^\|.*\|$/m, 'Markdown tables');
  });

});
