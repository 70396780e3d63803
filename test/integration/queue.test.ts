import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, queueTree, waitFor, screenshot } from './helpers';

describe('Queue view in a real VS Code', () => {
  it('runs in a Node extension host of VS Code 1.100', async () => {
    assert.match(vscode.version, /^1\.100\./);
    assert.strictEqual(typeof process.versions.node, 'string');
  });

  it('activates and returns the public API', async () => {
    const api = await activate();
    assert.strictEqual(api.apiVersion, 1);
    assert.strictEqual(typeof api.listQueueTickets, 'function');
  });

  it('shows the demo queue grouped by status with counts', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.caselink');
    await vscode.commands.executeCommand('caselink.groupBy', 'status');
    const roots = await waitFor('status groups', async () => {
      const tree = await queueTree(1);
      return tree.length >= 4 ? tree : undefined;
    });
    assert.ok(roots.every((r) => /\(\d+\)$/.test(r.label)), `every group label ends with a count: ${roots.map((r) => r.label).join(', ')}`);
    assert.deepStrictEqual(roots.slice(0, 2).map((r) => r.label.replace(/ \(\d+\)$/, '')), ['New', 'Open']);
    await screenshot('queue-grouped-by-status');
  });
});
