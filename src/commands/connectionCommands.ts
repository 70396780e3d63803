import * as vscode from 'vscode';
import { CaselinkError } from '../core/errors';
import { DEFECT_TRACKER_KINDS, TICKET_SOURCE_KINDS, secretEnvVar, type ConnectionConfig } from '../core/model/connection';
import type { Logger } from '../core/ports/logger';
import type { SecretStore } from '../core/ports/secrets';
import type { ActiveBackends } from '../core/services/switchableBackends';
import type { ConfigService } from '../host/config';
import type { BackendFactory } from '../host/backendFactory';
import { Commands } from './commandIds';
import { testConnection, type ConnectionCheck } from '../core/services/connectionTest';
import { registerCommand } from './registerCommand';

interface Deps {
  readonly config: ConfigService;
  readonly secrets: SecretStore;
  readonly factory: BackendFactory;
  readonly backends: ActiveBackends;
  readonly log: Logger;
}

async function pickConnection(deps: Deps, title: string): Promise<ConnectionConfig | undefined> {
  const list = deps.config.current.connections;
  if (!list.length) {
    const add = await vscode.window.showInformationMessage('Caselink has no connections yet (it uses the demo helpdesk).', 'Add Connection…');
    if (add) await vscode.commands.executeCommand(Commands.addConnection);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    list.map((c) => ({ label: c.label ?? c.id, description: `${c.kind}${'url' in c && c.url ? ` · ${c.url}` : ''}`, detail: `id: ${c.id}`, c })),
    { title },
  );
  return pick?.c;
}

export function registerConnectionCommands(deps: Deps): vscode.Disposable[] {
  const rawConnections = (): Record<string, unknown>[] => (deps.config.raw<unknown[]>('connections') ?? []).filter((c): c is Record<string, unknown> => !!c && typeof c === 'object');
  const save = (list: unknown[]) => deps.config.update('connections', list);
  const reg = (id: string, handler: (...args: any[]) => unknown) => registerCommand(id, handler, deps.log);

  const askSecret = async (c: ConnectionConfig): Promise<boolean> => {
    const what = c.kind === 'redmine' ? 'Redmine API key (My account > API access key)' : c.kind === 'rt' && c.auth === 'basic' ? `RT password for ${c.user}` : 'RT auth token (Logged in as > Settings > Auth Tokens)';
    const secret = await vscode.window.showInputBox({ title: `Sign in to ${c.label ?? c.id}`, prompt: `The ${what}. Stored in VS Code's secret storage, never in settings.`, password: true, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Enter the secret, or press Escape.') });
    if (!secret) return false;
    await deps.secrets.set(c.id, secret.trim());
    return true;
  };

  const runTest = async (c: ConnectionConfig): Promise<ConnectionCheck[]> => {
    const roles: Array<'source' | 'tracker'> = [...(TICKET_SOURCE_KINDS.includes(c.kind) ? (['source'] as const) : []), ...(DEFECT_TRACKER_KINDS.includes(c.kind) ? (['tracker'] as const) : [])];
    const results: ConnectionCheck[] = [];
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Testing ${c.label ?? c.id}…` }, async () => {
      for (const role of roles) results.push(...(await testConnection(deps.factory.forConnection(c, role), role)));
    });
    for (const r of results) deps.log.info(`Test of ${c.id}: ${r.check}: ${r.ok === undefined ? 'unknown' : r.ok ? 'ok' : 'FAILED'}: ${r.detail}`);
    const failed = results.filter((r) => r.ok === false);
    const text = results.map((r) => `${r.ok === undefined ? '?' : r.ok ? '✓' : '✗'} ${r.check}: ${r.detail}`).join('\n');
    if (failed.length) void vscode.window.showErrorMessage(`${c.label ?? c.id}: ${failed.length} check${failed.length === 1 ? '' : 's'} failed.`, { modal: true, detail: text });
    else void vscode.window.showInformationMessage(`${c.label ?? c.id} works.`, { modal: true, detail: text });
    return results;
  };

  return [
    reg(Commands.addConnection, async () => {
      const kind = await vscode.window.showQuickPick(
        [
          { label: '$(inbox) Request Tracker 5', description: 'helpdesk: your ticket queue', backend: 'rt' as const },
          { label: '$(bug) Redmine', description: 'defect tracker', backend: 'redmine' as const },
        ],
        { title: 'Add a connection (1/4): what kind?' },
      );
      if (!kind) return;
      const taken = new Set(['demo', ...deps.config.current.connections.map((c) => c.id.toLowerCase())]);
      const id = await vscode.window.showInputBox({ title: 'Add a connection (2/4): a short id', value: kind.backend === 'rt' ? 'rt' : 'redmine', prompt: 'Letters, digits, - and _. Used in settings and in CASELINK_SECRET_<ID>.', validateInput: (v) => (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/.test(v) ? 'Use 1-40 letters, digits, - or _.' : taken.has(v.toLowerCase()) ? `"${v}" is taken.` : undefined) });
      if (!id) return;
      const url = await vscode.window.showInputBox({ title: 'Add a connection (3/4): server address', placeHolder: kind.backend === 'rt' ? 'https://rt.example.com' : 'https://redmine.example.com', validateInput: (v) => (/^https?:\/\/[^\s/@]+(:\d+)?(\/\S*)?$/.test(v.trim()) ? undefined : 'A full address such as https://rt.example.com, without user name or password.') });
      if (!url) return;
      const extra = kind.backend === 'rt'
        ? { queues: (await vscode.window.showInputBox({ title: 'Add a connection (4/4): RT queues', value: 'General', prompt: 'Queue names, separated by commas.' }))?.split(',').map((q) => q.trim()).filter(Boolean) }
        : { project: (await vscode.window.showInputBox({ title: 'Add a connection (4/4): Redmine project', prompt: 'The project identifier, as in /projects/<identifier>.', validateInput: (v) => (v.trim() ? undefined : 'Enter the project identifier.') }))?.trim() };
      if (Object.values(extra).some((v) => !v || (Array.isArray(v) && !v.length))) return;
      const entry = { id, kind: kind.backend, url: url.trim().replace(/\/+$/, ''), ...extra };
      await save([...rawConnections(), entry]);
      const parsed = deps.config.current.connections.find((c) => c.id === id);
      if (!parsed) throw new CaselinkError('config', `The connection "${id}" could not be saved; see the message about caselink.connections.`);
      if (await askSecret(parsed)) await runTest(parsed);
      const role = kind.backend === 'rt' ? 'ticketSource' : 'defectTracker';
      const use = await vscode.window.showInformationMessage(`Use ${id} as the ${kind.backend === 'rt' ? 'ticket source' : 'defect tracker'} now?`, 'Use It', 'Not Now');
      if (use === 'Use It') await deps.config.update(role, id);
    }),

    reg(Commands.editConnection, () => vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: 'caselink.connections' } })),

    reg(Commands.testConnection, async (id?: string) => {
      const c = typeof id === 'string' ? deps.config.current.connections.find((x) => x.id === id) : await pickConnection(deps, 'Test which connection?');
      if (!c) return undefined;
      return runTest(c);
    }),

    reg(Commands.signIn, async () => {
      const c = await pickConnection(deps, 'Sign in to which connection?');
      if (!c) return;
      if ((await deps.secrets.source(c.id)) === 'environment') {
        void vscode.window.showInformationMessage(`${c.id} takes its secret from ${secretEnvVar(c.id)} in the environment; unset it to sign in here.`);
        return;
      }
      if (await askSecret(c)) await runTest(c);
    }),

    reg(Commands.removeConnection, async () => {
      const c = await pickConnection(deps, 'Remove which connection?');
      if (!c) return;
      const ok = await vscode.window.showWarningMessage(`Remove the connection "${c.label ?? c.id}" and forget its secret? Nothing on the server changes.`, { modal: true }, 'Remove');
      if (ok !== 'Remove') return;
      await save(rawConnections().filter((x) => x.id !== c.id));
      await deps.secrets.delete(c.id);
    }),

    reg(Commands.chooseTicketSource, () => chooseRole(deps, 'ticketSource')),
    reg(Commands.chooseDefectTracker, () => chooseRole(deps, 'defectTracker')),
  ];
}

async function chooseRole(deps: Deps, role: 'ticketSource' | 'defectTracker'): Promise<void> {
  const kinds = role === 'ticketSource' ? TICKET_SOURCE_KINDS : DEFECT_TRACKER_KINDS;
  const current = deps.config.current[role];
  const items = [
    { label: role === 'ticketSource' ? 'Demo helpdesk' : 'Demo tracker', description: current === 'demo' ? 'in use' : 'built in', id: 'demo' },
    ...deps.config.current.connections.filter((c) => kinds.includes(c.kind)).map((c) => ({ label: c.label ?? c.id, description: `${c.kind}${c.id === current ? ' · in use' : ''}`, id: c.id })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: role === 'ticketSource' ? 'Which helpdesk should the Queue show?' : 'Which tracker holds product defects?' });
  if (pick) await deps.config.update(role, pick.id);
}
