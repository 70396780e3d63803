// Case panel render benchmark worker, started by bench/run.js in a fresh process:
//   node out/bench/caseRender.js <runs> <size> [size...]     e.g. 5 10 100 1000
// Serves the case panel's real page (dist/webview/case.js, media/case.css, the codicons) from a
// local HTTP server with the extension's CSP, loads it in Debian's Chromium through playwright-core,
// answers the page's "ready" with init and a snapshot of a demo ticket with exactly <size> history
// events, and times, inside the page, from posting the snapshot until the panel has rendered.
// Every run is a fresh browser context and page load; sizes are interleaved run by run.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { createDemoBackends } from '../src/backends/demo/demoBackend';
import type { HistoryEvent } from '../src/core/model/history';
import { PRIORITIES, TICKET_STATUSES, type Ticket } from '../src/core/model/ticket';
import { normalizeHistory } from '../src/core/services/history';
import { CaseSnapshot, type Drafts, HostMessage } from '../src/protocol/caseProtocol';
import { servePage } from './pageServer';
import { report, summarize, type Summary } from './stats';

const root = path.resolve(__dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Every date of the demo data and the snapshot's "now": the same ticket and the same ages each run. */
const NOW = new Date('2026-11-22T12:00:00.000Z');
/** Gap between consecutive synthetic events; the newest is 5 minutes before NOW. */
const STEP_MS = 17 * 60_000;
/** A VS Code editor group of a laptop screen. */
const VIEWPORT = { width: 1000, height: 800 };
/** Per run: a render that has not finished by then is reported as timed out. */
const RENDER_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------------
// The data: one demo ticket whose history is repeated to exactly `size` events.

interface Prepared {
  readonly ticket: Ticket;
  readonly baseEvents: number;
  readonly snapshots: Map<number, { snapshot: CaseSnapshot; newestId: string; oldestId: string; bytes: number; kinds: string }>;
}

/**
 * The demo ticket with the most varied history (every kind of event the generator makes), a linked
 * defect if possible, then the longest; its events are cloned with new ids and evenly spaced times.
 */
async function prepare(sizes: readonly number[]): Promise<Prepared> {
  const backends = createDemoBackends({ now: NOW, ticketCount: 300 });
  const data = backends.data();
  const kindsOf = (events: readonly HistoryEvent[]) => new Set(events.map((e) => `${e.kind}:${e.kind === 'message' ? e.format : e.kind === 'change' ? e.field : ''}`));
  const candidates = data.tickets.map((t) => {
    const history = data.history(t.id);
    const linked = data.links.some((l) => l.ticketConnectionId === t.connectionId && l.ticketId === t.id);
    const attachments = history.filter((e) => e.kind === 'message' && e.attachments.length).length;
    return { t, history, score: [kindsOf(history).size, linked ? 1 : 0, history.length, attachments] };
  });
  candidates.sort((a, b) => {
    for (let i = 0; i < a.score.length; i++) if (a.score[i] !== b.score[i]) return b.score[i] - a.score[i];
    return a.t.id.localeCompare(b.t.id);
  });
  const { t: picked, history: base } = candidates[0];
  const ticketRef = { connectionId: picked.connectionId, ticketId: picked.id, ...(picked.url ? { url: picked.url } : {}) };
  const defects = (await backends.tracker.linkedDefects(ticketRef)).map((d) => ({ ...d }));

  const snapshots: Prepared['snapshots'] = new Map();
  for (const size of sizes) {
    const start = NOW.getTime() - 5 * 60_000 - (size - 1) * STEP_MS;
    const raw: HistoryEvent[] = [];
    for (let i = 0; i < size; i++) {
      const clone = structuredClone(base[i % base.length]);
      const id = `${picked.id}-bench-${i + 1}`;
      const event = { ...clone, id, at: new Date(start + i * STEP_MS).toISOString() } as HistoryEvent;
      if (event.kind === 'message') event.attachments = event.attachments.map((a, j) => ({ ...a, id: `${id}-att-${j + 1}` }));
      raw.push(event);
    }
    // As CasePanel.load() does with what getHistory returns.
    const { events, unreadable } = normalizeHistory(raw);
    if (unreadable || events.length !== size) throw new Error(`${size} events: ${unreadable} unreadable, ${events.length} kept`);
    const ticket: Ticket = { ...picked, createdAt: events[0].at, updatedAt: events[events.length - 1].at };
    const candidate: CaseSnapshot = {
      ticket: { state: 'loaded', value: ticket },
      history: { state: 'loaded', value: events },
      defects: { state: 'loaded', value: defects },
      // A first open: SeenTracker's baseline is "now", so nothing is unread and the panel opens at the newest event.
      notices: [],
      connectionLabel: backends.source.info.label,
      trackerLabel: backends.tracker.info.label,
      now: NOW.toISOString(),
      options: { statuses: [...TICKET_STATUSES], priorities: [...PRIORITIES] },
      allowRemoteImages: false,
      busy: [],
    };
    const parsed = CaseSnapshot.safeParse(candidate);
    if (!parsed.success) throw new Error(`the ${size}-event snapshot is not a valid CaseSnapshot: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    const message = { type: 'snapshot', snapshot: parsed.data };
    if (!HostMessage.safeParse(message).success) throw new Error(`the ${size}-event snapshot message is not a valid HostMessage`);
    snapshots.set(size, {
      snapshot: parsed.data,
      newestId: events[events.length - 1].id,
      oldestId: events[0].id,
      bytes: Buffer.byteLength(JSON.stringify(message)),
      kinds: [...kindsOf(events)].join(', '),
    });
  }
  return { ticket: picked, baseEvents: base.length, snapshots };
}

// ---------------------------------------------------------------------------------------------
// The page: what WebviewPanelHost#html builds, served from 127.0.0.1.

/**
 * Stands in for acquireVsCodeApi, which VS Code injects before the panel's script runs. It records
 * what the panel posts and when "ready" arrives, CSP violations and long tasks.
 */
const HARNESS = `(() => {
  const bench = (window.__bench = { posted: [], readyAt: undefined, state: undefined, violations: [], longTasks: [] });
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage(message) {
        bench.posted.push(message && message.type);
        if (message && message.type === 'ready' && bench.readyAt === undefined) bench.readyAt = performance.now();
      },
      getState: () => bench.state,
      setState: (state) => { bench.state = state; return state; },
    });
  };
  document.addEventListener('securitypolicyviolation', (e) => bench.violations.push(e.violatedDirective + ' ' + (e.blockedURI || '(inline)')));
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) bench.longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();`;

/**
 * VS Code puts its theme into every webview as --vscode-* variables (a <style> of its own, outside
 * the page's CSP). A few of Dark Modern's, so that fonts and sizes are the ones users see.
 */
const THEME_CSS = `html {
  --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif;
  --vscode-font-size: 13px;
  --vscode-font-weight: normal;
  --vscode-editor-font-family: "Droid Sans Mono", "monospace", monospace;
  --vscode-editor-font-size: 14px;
  --vscode-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-editor-background: #1f1f1f;
  --vscode-panel-border: #2b2b2b;
  --vscode-textLink-foreground: #4daafc;
  --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff;
  --vscode-badge-background: #616161;
  --vscode-badge-foreground: #f8f8f8;
  --vscode-input-background: #313131;
  --vscode-input-foreground: #cccccc;
  --vscode-focusBorder: #0078d4;
}`;

// ---------------------------------------------------------------------------------------------
// One measured run, inside the page.

interface Measure {
  /** posting the snapshot -> the newest entry is in the list (structured clone, dispatch, validation, the synchronous render). */
  syncMs: number;
  /** -> the first requestAnimationFrame callback after that: the frame that shows it. */
  firstFrameMs: number;
  /** -> a task queued from that callback runs: after the frame's style, layout and paint. */
  paintedMs: number;
  /** -> every entry is in the list (long histories are filled in a chunk per frame). */
  allEntriesMs: number;
  /** -> every message body is sanitised and rendered (also a frame-budgeted queue). */
  allBodiesMs: number;
  timedOut: boolean;
  entries: number;
  firstId: string | null;
  lastId: string | null;
  /** The newest entry was inside the scroller's viewport at the painted frame / at the end. */
  newestVisibleFirstFrame: boolean;
  newestVisibleAtEnd: boolean;
  badge: string;
  longTasks: number;
  longestTaskMs: number;
}

interface MeasureArgs {
  readonly init: unknown;
  readonly snapshot: unknown;
  readonly newestId: string;
  readonly total: number;
  readonly timeoutMs: number;
}

/** Runs in the page (serialised by Playwright): plain JavaScript, no closures over Node values. */
function measureInPage(args: MeasureArgs): Promise<Measure> {
  type BenchWindow = Window & { __bench: { longTasks: Array<[number, number]> } };
  const w = window as unknown as BenchWindow;
  const visible = (el: Element | null): boolean => {
    const scroller = document.querySelector('.history-scroller');
    if (!el || !scroller) return false;
    const a = el.getBoundingClientRect();
    const b = scroller.getBoundingClientRect();
    return a.bottom > b.top && a.top < b.bottom && a.height > 0;
  };
  // The host answers "ready" with init, then the snapshot: init first, alone and untimed.
  const delivered = new Promise<void>((resolve) => {
    const onInit = (e: MessageEvent) => {
      if (e.data && e.data.type === 'init') {
        window.removeEventListener('message', onInit);
        resolve();
      }
    };
    window.addEventListener('message', onInit);
    window.postMessage(args.init, '*');
  });
  return delivered.then(
    () =>
      new Promise<Measure>((resolve) => {
        const list = () => document.querySelector('.history-list');
        const r = { syncMs: NaN, firstFrameMs: NaN, paintedMs: NaN, allEntriesMs: NaN, allBodiesMs: NaN, newestVisibleFirstFrame: false };
        let t0 = 0;
        let finished = false;
        const finish = (timedOut: boolean) => {
          if (finished) return;
          finished = true;
          observer.disconnect();
          clearTimeout(timer);
          const l = list();
          const badge = document.querySelector('#history-heading .badge')?.textContent ?? '';
          const tasks = w.__bench.longTasks.filter(([start]) => start >= t0);
          resolve({
            ...r,
            timedOut,
            entries: l ? l.childElementCount : 0,
            firstId: l?.firstElementChild?.getAttribute('data-id') ?? null,
            lastId: l?.lastElementChild?.getAttribute('data-id') ?? null,
            newestVisibleAtEnd: visible(document.querySelector(`.history-list > li[data-id="${CSS.escape(args.newestId)}"]`)),
            badge,
            longTasks: tasks.length,
            longestTaskMs: tasks.reduce((m, [, d]) => Math.max(m, d), 0),
          });
        };
        const maybeFinish = () => {
          if (!Number.isNaN(r.paintedMs) && !Number.isNaN(r.allEntriesMs) && !Number.isNaN(r.allBodiesMs)) finish(false);
        };
        const newestSelector = `.history-list > li[data-id="${CSS.escape(args.newestId)}"]`;
        const check = () => {
          const now = performance.now();
          const l = list();
          if (!l) return;
          if (Number.isNaN(r.syncMs) && l.querySelector(newestSelector)) {
            r.syncMs = now - t0;
            requestAnimationFrame(() => {
              r.firstFrameMs = performance.now() - t0;
              const channel = new MessageChannel();
              channel.port1.onmessage = () => {
                r.paintedMs = performance.now() - t0;
                r.newestVisibleFirstFrame = visible(document.querySelector(newestSelector));
                maybeFinish();
              };
              channel.port2.postMessage(0);
            });
          }
          if (Number.isNaN(r.allEntriesMs) && l.childElementCount >= args.total) r.allEntriesMs = now - t0;
          if (!Number.isNaN(r.allEntriesMs) && Number.isNaN(r.allBodiesMs) && !l.querySelector('.entry-body[aria-busy]')) r.allBodiesMs = now - t0;
          maybeFinish();
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
        const timer = setTimeout(() => finish(true), args.timeoutMs);
        t0 = performance.now();
        window.postMessage(args.snapshot, '*');
      }),
  );
}

// ---------------------------------------------------------------------------------------------

export interface SizeResult {
  readonly size: number;
  readonly snapshotBytes: number;
  readonly readyMs: Summary;
  readonly syncMs: Summary;
  readonly firstFrameMs: Summary;
  readonly paintedMs: Summary;
  readonly allEntriesMs: Summary;
  readonly allBodiesMs: Summary;
  readonly longestTaskMs: Summary;
  readonly longTasks: Summary;
  readonly newestVisibleFirstFrame: number;
  readonly newestVisibleAtEnd: number;
}

export interface CaseRenderResult {
  readonly browser: string;
  readonly viewport: string;
  readonly ticket: { id: string; key: string; baseEvents: number; defects: number; kinds: string };
  readonly caseJsBytes: number;
  readonly runs: number;
  readonly sizes: SizeResult[];
  readonly requests: string[];
  readonly problems: string[];
  readonly notes: string[];
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2]) || 5;
  const sizes = process.argv.slice(3).map(Number).filter((n) => n > 0);
  if (!sizes.length) sizes.push(10, 100, 1000);
  const caseJs = path.join(root, 'dist', 'webview', 'case.js');
  if (!fs.existsSync(caseJs)) throw new Error('dist/webview/case.js is missing: build first');
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (Debian: apt-get install chromium)`);

  const prepared = await prepare(sizes);
  const server = await servePage({ pagePath: '/case.html', script: 'case', styles: ['base.css', 'case.css'], title: 'Case (benchmark)', harness: HARNESS, themeCss: THEME_CSS });
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  const version = browser.version();
  const problems = new Set<string>();
  const notes = new Set<string>();
  const samples = new Map<number, Array<Measure & { readyMs: number }>>(sizes.map((s) => [s, []]));
  const drafts: Drafts = { reply: '', note: '', mode: 'reply' };
  const init = { type: 'init', drafts, ticketId: prepared.ticket.id };

  const once = async (size: number) => {
    const prep = prepared.snapshots.get(size)!;
    const context = await browser.newContext({ viewport: VIEWPORT });
    try {
      const page = await context.newPage();
      page.on('pageerror', (err) => problems.add(`page error: ${err.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' || (m.type() === 'warning' && m.text().includes('Caselink'))) problems.add(`console ${m.type()}: ${m.text().slice(0, 200)}`);
      });
      await page.goto(`${server.origin}/case.html`, { waitUntil: 'load' });
      await page
        .waitForFunction(() => (window as unknown as { __bench: { readyAt?: number } }).__bench.readyAt !== undefined, undefined, { timeout: 10_000 })
        .catch((err: Error) => {
          for (const p of server.missing) problems.add(`the page asked for ${p}, which is not there`);
          throw new Error(`the panel did not post "ready" within 10 s${problems.size ? ` (${[...problems].join('; ')})` : ''}: ${err.message.split('\n')[0]}`);
        });
      const readyMs = await page.evaluate(() => (window as unknown as { __bench: { readyAt: number } }).__bench.readyAt);
      const m = await page.evaluate(measureInPage, { init, snapshot: { type: 'snapshot', snapshot: prep.snapshot }, newestId: prep.newestId, total: size, timeoutMs: RENDER_TIMEOUT_MS });
      for (const p of server.missing) problems.add(`the page asked for ${p}, which is not there`);
      const after = await page.evaluate(() => (window as unknown as { __bench: { violations: string[]; posted: string[] } }).__bench);
      // Blocked by the CSP: the panel still renders, but something in it does not work as meant.
      for (const v of after.violations) notes.add(`CSP violation: ${v}`);
      if (m.timedOut) problems.add(`${size} events: not fully rendered after ${RENDER_TIMEOUT_MS / 1000} s (entries ${m.entries})`);
      if (m.entries !== size) problems.add(`${size} events: ${m.entries} entries in the list`);
      if (m.firstId !== prep.oldestId || m.lastId !== prep.newestId) problems.add(`${size} events: the list runs ${m.firstId} .. ${m.lastId}, expected ${prep.oldestId} .. ${prep.newestId}`);
      if (m.badge !== String(size)) problems.add(`${size} events: the history heading says "${m.badge}"`);
      if (!m.newestVisibleAtEnd) notes.add(`${size} events: the newest entry was not in view once everything was rendered`);
      if (!after.posted.includes('ready')) problems.add('the panel never posted ready');
      return { ...m, readyMs };
    } finally {
      await context.close();
    }
  };

  try {
    // Unmeasured: the browser's first page pays for starting its processes and reading the files.
    await once(Math.max(...sizes));
    if (problems.size) throw new Error(`the first page load went wrong: ${[...problems].join('; ')}`);
    for (let run = 0; run < runs; run++) {
      // Interleaved, and the order rotates, so no size always follows the same one.
      const order = sizes.map((_, i) => sizes[(i + run) % sizes.length]);
      for (const size of order) samples.get(size)!.push(await once(size));
      // Something is wrong with the page (run.js reports it): no point in timing it further.
      if (problems.size) break;
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }

  const firstPrep = prepared.snapshots.get(sizes[0])!;
  const result: CaseRenderResult = {
    browser: `Chromium ${version} (headless)`,
    viewport: `${VIEWPORT.width}x${VIEWPORT.height}`,
    ticket: {
      id: prepared.ticket.id,
      key: prepared.ticket.key,
      baseEvents: prepared.baseEvents,
      defects: firstPrep.snapshot.defects.state === 'loaded' ? firstPrep.snapshot.defects.value.length : 0,
      kinds: prepared.snapshots.get(Math.max(...sizes))!.kinds,
    },
    caseJsBytes: server.files.get(caseJs)?.length ?? NaN,
    runs,
    sizes: sizes.map((size) => {
      const s = samples.get(size)!;
      const of = (k: keyof Measure | 'readyMs') => summarize(s.map((x) => Number(x[k])));
      return {
        size,
        snapshotBytes: prepared.snapshots.get(size)!.bytes,
        readyMs: of('readyMs'),
        syncMs: of('syncMs'),
        firstFrameMs: of('firstFrameMs'),
        paintedMs: of('paintedMs'),
        allEntriesMs: of('allEntriesMs'),
        allBodiesMs: of('allBodiesMs'),
        longestTaskMs: of('longestTaskMs'),
        longTasks: of('longTasks'),
        newestVisibleFirstFrame: s.filter((x) => x.newestVisibleFirstFrame).length,
        newestVisibleAtEnd: s.filter((x) => x.newestVisibleAtEnd).length,
      };
    }),
    requests: [...new Set(server.requests)].filter((p) => p !== '/favicon.ico'),
    problems: [...problems],
    notes: [...notes],
  };
  report(result);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
