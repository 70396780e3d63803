// Activation benchmark worker, started by bench/run.js in a fresh process (node --expose-gc):
//   out/bench/activation.js warm <loads>          <loads> fresh loads of each extension, interleaved
//   out/bench/activation.js cold <real|empty>     one load, the first in this process
//   out/bench/activation.js show <runs> [tickets] activate, then open the Queue view
// Each load gets a fresh vscode stub and a cleared require cache; the result goes back with process.send.
import * as path from 'path';
import { gc, report } from './stats';
import { createExtensionContext, createVscodeStub, installVscodeStub, type StubOptions, type VscodeStub } from './vscodeStub';

// Compiled to out/bench/: the repository root is two levels up.
const root = path.resolve(__dirname, '..', '..');
const packageJSON = require(path.join(root, 'package.json')) as { name: string; publisher: string; contributes: { commands: Array<{ command: string }> } };
const EXTENSIONS = {
  real: path.join(root, 'dist', 'extension.js'),
  empty: path.join(root, 'bench', 'fixtures', 'emptyExtension.js'),
} as const;
type Which = keyof typeof EXTENSIONS;

interface ExtensionModule {
  activate(context: unknown): unknown;
}
interface Load {
  readonly requireMs: number;
  readonly activateMs: number;
  readonly totalMs: number;
  readonly api: unknown;
  readonly context: ReturnType<typeof createExtensionContext>;
  readonly stub: VscodeStub;
}

let stub: VscodeStub | undefined;
installVscodeStub(() => stub?.vscode);

/** One fresh load: require + activate, each timed. The caller checks and disposes. */
function loadOnce(which: Which, options: StubOptions = {}): Load {
  const file = EXTENSIONS[which];
  const current = (stub = createVscodeStub(options));
  const context = createExtensionContext(packageJSON, root, current.vscode.ExtensionMode.Production);
  delete require.cache[file];
  gc();
  const t0 = performance.now();
  const mod = require(file) as ExtensionModule;
  const t1 = performance.now();
  const api = mod.activate(context);
  const t2 = performance.now();
  return { requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, api, context, stub: current };
}

function dispose(load: Load): void {
  for (const d of load.context.subscriptions.reverse()) d.dispose();
}

export interface ActivationCheck {
  /** Signs that activate() did not run its real path: the figures would mean nothing. */
  readonly problems: string[];
  /** Differences worth knowing that do not invalidate the figures (a command missing from package.json, a leak). */
  readonly notes: string[];
  readonly selfReportedMs: number;
  readonly commands: number;
  readonly logLine: string;
  readonly record: { treeViews: number; statusBarItems: number; decorationProviders: number; webviewSerializers: number; contextKeys: string[] };
}

/** Checks that activate() did what a real activation does, then disposes it and checks that too. */
function checkRealActivation(load: Load): ActivationCheck {
  const { record } = load.stub;
  const problems: string[] = [];
  const notes: string[] = [];
  const logLine = record.logLines.find((l) => / activated in [\d.]+ ms/.test(l)) ?? '';
  if (!logLine) problems.push('no "activated in" log line');
  if ((load.api as { apiVersion?: unknown } | undefined)?.apiVersion !== 1) problems.push('activate() did not return the v1 API');
  // Every tree in the Caselink container (the walkthrough view has no provider). Creating them is
  // cheap; what they show loads when each is first visible.
  const expectedViews = ['caselink.queue', 'caselink.outbox', 'caselink.tags', 'caselink.customerDefects'];
  const createdViews = record.treeViews.map((v) => v.id).sort();
  if (createdViews.join() !== [...expectedViews].sort().join()) problems.push(`tree views created: ${createdViews.join(', ') || 'none'}; expected ${expectedViews.join(', ')}`);
  if (record.commands.size === 0) problems.push('no commands registered');
  const contributed = packageJSON.contributes.commands.map((c) => c.command);
  const registered = [...record.commands.keys()];
  const unregistered = contributed.filter((c) => !record.commands.has(c));
  const uncontributed = registered.filter((c) => !contributed.includes(c));
  if (unregistered.length) notes.push(`contributed in package.json but not registered: ${unregistered.join(', ')}`);
  if (uncontributed.length) notes.push(`registered but not in package.json: ${uncontributed.join(', ')}`);
  if (record.statusBarItems.length !== 1) notes.push(`${record.statusBarItems.length} status bar items`);
  if (record.context.get('caselink.queueState') !== 'idle') notes.push(`caselink.queueState is ${String(record.context.get('caselink.queueState'))} after activation, expected idle`);
  if (record.webviewPanels.length) notes.push(`activation opened webview panels: ${record.webviewPanels.join(', ')}`);
  if (record.warnings.length) notes.push(`messages shown during activation: ${record.warnings.join(' | ')}`);
  const snapshot = {
    treeViews: record.treeViews.length,
    statusBarItems: record.statusBarItems.length,
    decorationProviders: record.decorationProviders,
    webviewSerializers: record.webviewSerializers,
    contextKeys: [...record.context.keys()],
  };
  dispose(load);
  if (record.commands.size) notes.push(`${record.commands.size} commands still registered after dispose`);
  if (record.treeViews.some((v) => !v.disposed)) notes.push('tree view not disposed');
  if (record.statusBarItems.some((s) => !s.disposed)) notes.push('status bar item not disposed');
  if (record.decorationProviders !== 0) notes.push('decoration provider not disposed');
  if (record.webviewSerializers !== 0) notes.push('webview serializer not disposed');
  const selfReportedMs = logLine ? Number(/ activated in ([\d.]+) ms/.exec(logLine)![1]) : NaN;
  return { problems, notes, selfReportedMs, commands: registered.length, logLine: logLine.replace(/^\[info\] /, ''), record: snapshot };
}

export interface WarmResult {
  readonly real: { requireMs: number[]; activateMs: number[]; totalMs: number[]; selfReportedMs: number[] };
  readonly empty: { requireMs: number[]; activateMs: number[]; totalMs: number[] };
  readonly check: ActivationCheck;
}

function warm(loads: number): WarmResult {
  const real: WarmResult['real'] = { requireMs: [], activateMs: [], totalMs: [], selfReportedMs: [] };
  const empty: WarmResult['empty'] = { requireMs: [], activateMs: [], totalMs: [] };
  // One unmeasured load of each first: the first require in a process also pays for compiling.
  dispose(loadOnce('empty'));
  let check = checkRealActivation(loadOnce('real'));
  for (let i = 0; i < loads; i++) {
    // Alternate which goes first, so neither always follows the other.
    for (const which of i % 2 ? (['real', 'empty'] as const) : (['empty', 'real'] as const)) {
      const load = loadOnce(which);
      const into = which === 'real' ? real : empty;
      into.requireMs.push(load.requireMs);
      into.activateMs.push(load.activateMs);
      into.totalMs.push(load.totalMs);
      if (which === 'real') {
        const c = checkRealActivation(load);
        real.selfReportedMs.push(c.selfReportedMs);
        if (c.problems.length || c.notes.length > check.notes.length) check = c;
      } else dispose(load);
    }
  }
  return { real, empty, check };
}

export interface ColdResult {
  readonly requireMs: number;
  readonly activateMs: number;
  readonly totalMs: number;
  readonly problems: string[];
}

/**
 * Node's built-in modules that every VS Code extension host has loaded long before any extension
 * activates. A fresh process loads them on first require (about 25 ms here), which would be charged
 * to whichever extension asks first; preload them so "cold" measures the extension's own code.
 */
const HOST_BUILTINS = ['util', 'crypto', 'events', 'path', 'fs', 'os', 'url', 'buffer', 'stream', 'zlib'];

function cold(which: Which): ColdResult {
  for (const name of HOST_BUILTINS) require(name);
  const load = loadOnce(which);
  const problems = which === 'real' ? checkRealActivation(load).problems : (dispose(load), []);
  return { requireMs: load.requireMs, activateMs: load.activateMs, totalMs: load.totalMs, problems };
}

export interface ShowResult {
  /** setVisible(true) until it returns: what blocks the extension host. */
  readonly syncMs: number[];
  /** setVisible(true) until the queue is loaded (context key caselink.queueState = ready). */
  readonly readyMs: number[];
  /** getChildren/getTreeItem for the roots and the expanded groups' first pages. */
  readonly renderMs: number[];
  readonly roots: number;
  readonly rendered: number;
  readonly message: string;
}

/** Activation, then the user opens the Queue view: the first refresh and the first render. */
async function show(runs: number, ticketCount: number | undefined): Promise<ShowResult> {
  const settings = ticketCount ? { 'demo.ticketCount': ticketCount } : {};
  const out = { syncMs: [] as number[], readyMs: [] as number[], renderMs: [] as number[], roots: 0, rendered: 0, message: '' };
  for (let i = 0; i < runs; i++) {
    const load = loadOnce('real', { settings });
    const view = load.stub.record.treeViews.find((v) => v.id === 'caselink.queue')!;
    const ready = load.stub.whenContext('caselink.queueState', 'ready');
    gc();
    const t0 = performance.now();
    view.setVisible(true);
    const t1 = performance.now();
    await ready;
    const t2 = performance.now();
    const provider = view.treeDataProvider;
    const roots = provider.getChildren(undefined);
    let rendered = 0;
    for (const node of roots) {
      const item = provider.getTreeItem(node);
      rendered++;
      if (item.collapsibleState === load.stub.vscode.TreeItemCollapsibleState.Expanded) {
        for (const child of provider.getChildren(node)) {
          provider.getTreeItem(child);
          rendered++;
        }
      }
    }
    const t3 = performance.now();
    out.syncMs.push(t1 - t0);
    out.readyMs.push(t2 - t0);
    out.renderMs.push(t3 - t2);
    out.roots = roots.length;
    out.rendered = rendered;
    out.message = view.message ?? '';
    view.setVisible(false);
    dispose(load);
  }
  return out;
}

async function main(): Promise<void> {
  const [mode, arg, arg2] = process.argv.slice(2);
  if (mode === 'warm') report(warm(Number(arg) || 30));
  else if (mode === 'cold') report(cold(arg === 'empty' ? 'empty' : 'real'));
  else if (mode === 'show') report(await show(Number(arg) || 10, arg2 ? Number(arg2) : undefined));
  else throw new Error(`unknown mode "${mode}": warm <loads> | cold <real|empty> | show <runs> [ticketCount]`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
