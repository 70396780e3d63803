// Backend calls to open a case, started by bench/run.js in a fresh process:
//   node out/bench/caseOpen.js
// Runs the real host code, CaseRegistry.open() -> CasePanel.load() (out/src/webviews/, with
// bench/vscodeStub.ts standing in for vscode), then the webview's "ready", which the host answers
// with init and a snapshot. The ticket source and defect tracker are wrapped in Proxies that count
// every method the host calls on them:
//   - demo backends (createDemoBackends), always;
//   - Request Tracker 5 + Redmine 5 (RtTicketSource, RedmineTracker) when the test servers of
//     scripts/servers/up.sh are running; there the HTTP requests are counted too, from the one
//     debug line per request that HttpClient writes to the Logger it is given.
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { createDemoBackends } from '../src/backends/demo/demoBackend';
import { RedmineTracker } from '../src/backends/redmine/redmineTracker';
import { RtTicketSource } from '../src/backends/rt/rtSource';
import type { RedmineConnectionConfig, RtConnectionConfig } from '../src/core/model/connection';
import type { DefectTracker } from '../src/core/ports/defectTracker';
import { MemoryKeyValueStore } from '../src/core/ports/keyValueStore';
import { type Logger, silentLogger } from '../src/core/ports/logger';
import type { SecretStore } from '../src/core/ports/secrets';
import type { TicketSource } from '../src/core/ports/ticketSource';
import { DraftStore } from '../src/core/services/draftStore';
import { SeenTracker } from '../src/core/services/seenTracker';
import { CaseSnapshot, type HostMessage } from '../src/protocol/caseProtocol';
import type { CaseDeps } from '../src/webviews/casePanel';
import type * as RegistryModule from '../src/webviews/caseRegistry';
import { report } from './stats';
import { createVscodeStub, installVscodeStub } from './vscodeStub';

const root = path.resolve(__dirname, '..', '..');
const NOW = new Date('2026-11-22T12:00:00.000Z');

// One stub for the whole process: the host modules keep the `vscode` they got when first required.
const stub = createVscodeStub();
installVscodeStub(() => stub.vscode);
/** Where the panel of the case being opened sends its messages. */
let posted: HostMessage[] = [];
{
  const create = stub.vscode.window.createWebviewPanel;
  stub.vscode.window.createWebviewPanel = (viewType: string, title: string) => {
    const panel = create(viewType, title);
    (panel.webview as { postMessage: (m: unknown) => Promise<boolean> }).postMessage = (m) => {
      posted.push(m as HostMessage);
      return Promise.resolve(true);
    };
    return panel;
  };
}
// Only now: casePanel.ts and webviewHost.ts import vscode at load.
const { CaseRegistry } = require('../src/webviews/caseRegistry') as typeof RegistryModule;

/** Records every method called on `target` from outside; calls the backend makes on itself are not counted. */
function counting<T extends object>(target: T, label: string, calls: string[]): T {
  return new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof value !== 'function' || prop === 'constructor') return value;
      return (...args: unknown[]) => {
        calls.push(`${label}.${String(prop)}`);
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}

/** A Logger that keeps HttpClient's per-request lines ("GET /path?query -> 200 in 12 ms"). */
function requestLog(lines: string[]): Logger {
  const log: Logger = {
    trace() {},
    debug(message: string) {
      if (/ -> \S+ in \d+ ms/.test(message)) lines.push(message);
    },
    info() {},
    warn() {},
    error() {},
    child: () => log,
  };
  return log;
}

export interface OpenResult {
  readonly ticketId: string;
  /** Host -> port calls in the order they were made: "source.getTicket", ... */
  readonly portCalls: string[];
  /** Per backend, one "GET /path" per HTTP request (real backends only). */
  readonly http?: Record<string, string[]>;
  readonly wallMs: number;
  readonly historyEvents: number;
  readonly defects: number;
  readonly snapshots: number;
  readonly problems: string[];
}

/**
 * Opens one case the way clicking it in the queue does: CaseRegistry.open(), which constructs the
 * CasePanel and awaits its load(), then the webview's "ready".
 */
async function openCase(source: TicketSource, tracker: DefectTracker, ticketId: string, calls: string[], httpLines?: Record<string, string[]>): Promise<OpenResult> {
  const deps: CaseDeps = {
    extensionUri: stub.vscode.Uri.file(root) as unknown as CaseDeps['extensionUri'],
    source,
    tracker,
    seen: new SeenTracker(new MemoryKeyValueStore(), () => NOW),
    drafts: new DraftStore(new MemoryKeyValueStore()),
    log: silentLogger,
    onTicketChanged: () => undefined,
  };
  const registry = new CaseRegistry(deps);
  calls.length = 0;
  for (const lines of Object.values(httpLines ?? {})) lines.length = 0;
  posted = [];
  const problems: string[] = [];
  const t0 = performance.now();
  const panel = await registry.open(ticketId, `Ticket ${ticketId}`);
  const wallMs = performance.now() - t0;
  // The page has loaded: the host answers with init and a snapshot, from what it already has.
  const before = posted.length;
  if (!panel.host.receive({ type: 'ready' })) problems.push('the host rejected "ready"');
  for (let i = 0; i < 20 && posted.length < before + 2; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  const last = [...posted].reverse().find((m): m is Extract<HostMessage, { type: 'snapshot' }> => m.type === 'snapshot');
  if (!posted.slice(before).some((m) => m.type === 'init')) problems.push('no init after ready');
  let historyEvents = 0;
  let defects = 0;
  if (!last) problems.push('no snapshot was posted');
  else {
    const parsed = CaseSnapshot.safeParse(last.snapshot);
    if (!parsed.success) problems.push(`the last snapshot is not a valid CaseSnapshot: ${parsed.error.issues[0]?.message}`);
    const s = last.snapshot;
    for (const [name, part] of Object.entries({ ticket: s.ticket, history: s.history, defects: s.defects })) {
      if (part.state !== 'loaded') problems.push(`${name}: ${part.state}${part.state === 'error' ? ` (${part.message})` : ''}`);
    }
    historyEvents = s.history.state === 'loaded' ? s.history.value.length : 0;
    defects = s.defects.state === 'loaded' ? s.defects.value.length : 0;
  }
  const result: OpenResult = {
    ticketId,
    portCalls: [...calls],
    ...(httpLines ? { http: Object.fromEntries(Object.entries(httpLines).map(([k, lines]) => [k, lines.map((l) => l.split(' -> ')[0].replace(/\?.*/, ''))])) } : {}),
    wallMs,
    historyEvents,
    defects,
    snapshots: posted.filter((m) => m.type === 'snapshot').length,
    problems,
  };
  registry.dispose();
  return result;
}

function get(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

type ServersEnv = Record<string, unknown> & {
  RT_URL: string;
  RT_TOKEN: string;
  RT_QUEUE: string;
  RT_TICKET_CONVERSATION: number;
  RT_TICKET_LONG?: number;
  REDMINE_URL: string;
  REDMINE_API_KEY: string;
  REDMINE_PROJECT: string;
  LINKS?: Array<{ ticket: number; issue: number }>;
};

/** The servers' description, if they are running; otherwise why not. */
async function findServers(): Promise<{ env: ServersEnv } | { reason: string }> {
  const file = path.join(process.env.CASELINK_SERVERS_STATE ?? path.join(root, '.vscode-test', 'servers'), 'servers.json');
  if (!fs.existsSync(file)) return { reason: `no ${path.relative(root, file)}` };
  let env: ServersEnv;
  try {
    env = JSON.parse(fs.readFileSync(file, 'utf8')) as ServersEnv;
  } catch (err) {
    return { reason: `${path.relative(root, file)} is unreadable: ${String(err)}` };
  }
  for (const [name, url] of [['RT', env.RT_URL], ['Redmine', env.REDMINE_URL]] as const) {
    try {
      const status = await get(url, 3_000);
      if (status === 0 || status >= 500) return { reason: `${name} at ${url} answered ${status}` };
    } catch (err) {
      return { reason: `${name} at ${url}: ${(err as Error).message}` };
    }
  }
  return { env };
}

const secretsOf = (secret: string): SecretStore => ({
  get: async () => secret,
  set: async () => undefined,
  delete: async () => undefined,
  source: async () => 'secretStorage',
});

export interface CaseOpenResult {
  readonly demo: OpenResult & { historyInData: number };
  readonly real:
    | { readonly status: 'ok'; readonly rtUrl: string; readonly redmineUrl: string; readonly first: OpenResult; readonly again: OpenResult; readonly long?: OpenResult; readonly expectedDefects: number }
    | { readonly status: 'skipped'; readonly reason: string };
}

async function main(): Promise<void> {
  // Demo: a ticket with a linked defect, so linkedDefects has something to return.
  const backends = createDemoBackends({ now: NOW, ticketCount: 300 });
  const data = backends.data();
  const ticket = data.tickets.find((t) => data.links.some((l) => l.ticketConnectionId === t.connectionId && l.ticketId === t.id)) ?? data.tickets[0];
  const calls: string[] = [];
  const demo = await openCase(counting(backends.source, 'source', calls), counting(backends.tracker, 'tracker', calls), ticket.id, calls);

  let real: CaseOpenResult['real'];
  const found = await findServers();
  if ('reason' in found) real = { status: 'skipped', reason: found.reason };
  else {
    const s = found.env;
    const lines: Record<string, string[]> = { rt: [], redmine: [] };
    const rtConfig: RtConnectionConfig = { id: 'rt', kind: 'rt', url: s.RT_URL, auth: 'token', queues: [s.RT_QUEUE], tagsField: 'Tags', defectField: 'Redmine Issue' };
    const redmineConfig: RedmineConnectionConfig = { id: 'redmine', kind: 'redmine', url: s.REDMINE_URL, project: s.REDMINE_PROJECT, ticketField: 'Support Tickets', ticketLinkFormat: 'id' };
    const source = counting(new RtTicketSource(rtConfig, secretsOf(s.RT_TOKEN), requestLog(lines.rt)), 'source', calls);
    const tracker = counting(new RedmineTracker(redmineConfig, secretsOf(s.REDMINE_API_KEY), requestLog(lines.redmine)), 'tracker', calls);
    const conversation = String(s.RT_TICKET_CONVERSATION);
    // The first case opened on a connection also looks up the Redmine project (then cached).
    const first = await openCase(source, tracker, conversation, calls, lines);
    const again = await openCase(source, tracker, conversation, calls, lines);
    const long = s.RT_TICKET_LONG ? await openCase(source, tracker, String(s.RT_TICKET_LONG), calls, lines) : undefined;
    const expectedDefects = new Set((s.LINKS ?? []).filter((l) => String(l.ticket) === conversation).map((l) => l.issue)).size;
    if (s.LINKS && first.defects !== expectedDefects) first.problems.push(`${first.defects} linked defects, servers.json links ${expectedDefects}`);
    real = { status: 'ok', rtUrl: s.RT_URL, redmineUrl: s.REDMINE_URL, first, again, ...(long ? { long } : {}), expectedDefects };
  }
  const result: CaseOpenResult = { demo: { ...demo, historyInData: data.history(ticket.id).length }, real };
  report(result);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
