import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CaselinkApi } from '../../src/api';
import type { QueueViewState, QueueSnapshot } from '../../src/core/services/queueModel';
import type { RenderedItem } from '../../src/views/queue/queueSnapshot';
import type { Servers } from '../connectors/serversEnv';

export const EXTENSION_ID = 'caselink.caselink';

export async function activate(): Promise<CaselinkApi> {
  const ext = vscode.extensions.getExtension<CaselinkApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  return ext.activate();
}

/** The Queue tree as the provider renders it (labels, ids, contextValues, children). */
export async function queueTree(depth = 2): Promise<RenderedItem[]> {
  return (await vscode.commands.executeCommand<RenderedItem[]>('caselink._test.queueSnapshot', depth)) ?? [];
}

export interface QueueStateForTests {
  state: QueueViewState;
  remembered?: { groupBy?: string; viewName?: string };
  snapshot: Omit<QueueSnapshot, 'groups'>;
  statusBar: { text: string; tooltip?: string };
}

export async function queueState(): Promise<QueueStateForTests> {
  return (await vscode.commands.executeCommand<QueueStateForTests>('caselink._test.queueState'))!;
}

/** Waits until the queue finished loading (after a refresh or a view change). */
export async function queueReady(): Promise<QueueStateForTests> {
  return waitFor('the queue to be ready', async () => {
    const s = await queueState();
    return s.snapshot.status === 'ready' ? s : undefined;
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Asks the driver for a screenshot of the live workbench (saved in artifacts/). */
export function screenshot(name: string): Promise<void> {
  console.log(`##screenshot ${name}`);
  // The driver takes the shot asynchronously; give it a moment before the UI changes again.
  return new Promise((r) => setTimeout(r, 1500));
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('caselink').update(key, value, vscode.ConfigurationTarget.Global);
}

export const labelOf = (item: RenderedItem) => item.label.replace(/ \([\d,]+\)$/, '');
export const countOf = (item: RenderedItem) => Number(/\(([\d,]+)\)$/.exec(item.label)?.[1].replace(/,/g, '') ?? NaN);

/** Switches Caselink to the real RT (tickets) and Redmine (defects) that scripts/servers/up.sh started. */
export async function useRealBackends(s: Servers): Promise<void> {
  await setSetting('connections', [
    { id: 'rt', kind: 'rt', url: s.RT_URL, queues: [s.RT_QUEUE], user: s.RT_AGENT_USER },
    { id: 'redmine', kind: 'redmine', url: s.REDMINE_URL, project: s.REDMINE_PROJECT, ticketLinkFormat: 'id' },
  ]);
  await setSetting('ticketSource', 'rt');
  await setSetting('defectTracker', 'redmine');
}

/** Back to the demo helpdesk for the suites that follow, with no editor left open. */
export async function useDemoAgain(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await setSetting('ticketSource', undefined);
  await setSetting('defectTracker', undefined);
  await setSetting('connections', undefined);
}
