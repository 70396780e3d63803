// Impact dashboard render benchmark worker, started by bench/run.js in a fresh process:
//   node out/bench/dashboard.js <runs> [ticketCount]        e.g. 5 50000
// Builds the report of the demo helpdesk (50,000 tickets, 2,000 defects) through the real loader
// and aggregateImpact, turns it into the exact state message the host posts (toImpactView), serves
// the dashboard's real page (dist/webview/impact.js, media/impact.css) with the extension's CSP from
// 127.0.0.1, and times inside headless Chromium from posting the message until all three charts
// are drawn and the next frame is painted. Every run is a fresh browser context and page load.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { createDemoBackends } from '../src/backends/demo/demoBackend';
import type { ImpactRange } from '../src/core/model/impact';
import { silentLogger } from '../src/core/ports/logger';
import { aggregateImpact } from '../src/core/services/impact/aggregate';
import { loadImpactData } from '../src/core/services/impact/impactLoader';
import { ImpactHostMessage, toImpactView } from '../src/protocol/impactProtocol';
import { servePage } from './pageServer';
import { report, summarize, type Summary } from './stats';

const root = path.resolve(__dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const NOW = new Date('2026-11-22T12:00:00.000Z');
/** A VS Code editor group of a laptop screen. */
const VIEWPORT = { width: 1200, height: 900 };
const RANGES: readonly ImpactRange[] = ['30d', 'all'];
export const TARGET_MS = 500;

const HARNESS = `(() => {
  const bench = (window.__bench = { posted: [], violations: [] });
  window.acquireVsCodeApi = () => Object.freeze({
    postMessage(m) { bench.posted.push(m && m.type); },
    getState: () => undefined,
    setState: () => undefined,
  });
  document.addEventListener('securitypolicyviolation', (e) => bench.violations.push(e.violatedDirective + ' ' + (e.blockedURI || '(inline)')));
  // VS Code marks the body with the theme kind; the page reads it to pick its colours.
  document.body.classList.add('vscode-dark');
})();`;

/** A few of Dark Modern's variables (VS Code injects them into every webview), so charts get real colours. */
const THEME_CSS = `html {
  --vscode-font-family: system-ui, "Ubuntu", "Droid Sans", sans-serif; --vscode-font-size: 13px;
  --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f;
  --vscode-panel-border: #2b2b2b; --vscode-editorWidget-border: #454545; --vscode-textLink-foreground: #4daafc;
  --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616; --vscode-charts-green: #89d185;
  --vscode-charts-purple: #b180d7; --vscode-charts-yellow: #cca700; --vscode-charts-red: #f14c4c; --vscode-errorForeground: #f85149;
}`;

interface Measure {
  /** message posted -> every chart has a Chart.js instance attached to the page and drawn. */
  chartsMs: number;
  /** -> the first animation frame after that. */
  firstFrameMs: number;
  /** -> a task queued from that frame runs: style, layout and paint are done. */
  paintedMs: number;
  charts: number;
  painted: number[];
  timedOut: boolean;
}

/** Runs in the page: plain JavaScript, no closures over Node values. */
function measureInPage(args: { message: unknown; charts: number; timeoutMs: number }): Promise<Measure> {
  type ChartCanvas = HTMLCanvasElement & { caselinkChart?: { attached: boolean } };
  return new Promise((resolve) => {
    const r = { chartsMs: NaN, firstFrameMs: NaN, paintedMs: NaN };
    const canvases = () => Array.from(document.querySelectorAll<ChartCanvas>('canvas[id^="chart-"]'));
    const finish = (timedOut: boolean) => {
      const painted = canvases().map((c) => {
        const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        if (data) for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n;
      });
      resolve({ ...r, charts: canvases().length, painted, timedOut });
    };
    const deadline = setTimeout(() => finish(true), args.timeoutMs);
    // A task loop (not requestAnimationFrame) so the moment the charts are ready is seen within a millisecond.
    const channel = new MessageChannel();
    const t0 = performance.now();
    channel.port1.onmessage = () => {
      const cs = canvases();
      if (cs.length < args.charts || !cs.every((c) => c.caselinkChart?.attached)) return void channel.port2.postMessage(0);
      r.chartsMs = performance.now() - t0;
      requestAnimationFrame(() => {
        r.firstFrameMs = performance.now() - t0;
        const after = new MessageChannel();
        after.port1.onmessage = () => {
          r.paintedMs = performance.now() - t0;
          clearTimeout(deadline);
          finish(false);
        };
        after.port2.postMessage(0);
      });
    };
    window.postMessage(args.message, '*');
    channel.port2.postMessage(0);
  });
}

export interface DashboardRangeResult {
  readonly range: ImpactRange;
  readonly messageBytes: number;
  readonly buckets: number;
  readonly defectsCharted: number;
  readonly aggregateMs: number;
  readonly chartsMs: Summary;
  readonly firstFrameMs: Summary;
  readonly paintedMs: Summary;
}

export interface DashboardResult {
  readonly browser: string;
  readonly tickets: number;
  readonly defects: number;
  readonly links: number;
  readonly partial: boolean;
  readonly impactJsBytes: number;
  readonly runs: number;
  readonly ranges: DashboardRangeResult[];
  readonly problems: string[];
  readonly targetMs: number;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2]) || 5;
  const ticketCount = Number(process.argv[3]) || 50_000;
  const impactJs = path.join(root, 'dist', 'webview', 'impact.js');
  if (!fs.existsSync(impactJs)) throw new Error('dist/webview/impact.js is missing: build first');
  const demo = createDemoBackends({ now: NOW, ticketCount });
  const data = await loadImpactData({ source: demo.source, tracker: demo.tracker, log: silentLogger, maxTickets: ticketCount });
  const messages = RANGES.map((range) => {
    const t0 = performance.now();
    const built = aggregateImpact({ ...data, now: NOW, filters: { range } });
    const aggregateMs = performance.now() - t0;
    const message = { type: 'state', status: 'ready', view: toImpactView(built) };
    const parsed = ImpactHostMessage.safeParse(message);
    if (!parsed.success) throw new Error(`the ${range} message is not a valid ImpactHostMessage: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    return { range, message, aggregateMs, bytes: Buffer.byteLength(JSON.stringify(message)), buckets: message.view.timeline.buckets.length, defects: message.view.defects.length };
  });

  const server = await servePage({ pagePath: '/impact.html', script: 'impact', styles: ['base.css', 'impact.css'], title: 'Impact (benchmark)', harness: HARNESS, themeCss: THEME_CSS });
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  const problems = new Set<string>();
  const samples = new Map<ImpactRange, Measure[]>(RANGES.map((r) => [r, []]));
  const once = async (m: (typeof messages)[number]) => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    try {
      const page = await context.newPage();
      page.on('pageerror', (err) => problems.add(`page error: ${err.message}`));
      page.on('console', (c) => c.type() === 'error' && problems.add(`console error: ${c.text().slice(0, 200)}`));
      await page.goto(`${server.origin}/impact.html`, { waitUntil: 'load' });
      await page.waitForFunction(() => (window as unknown as { __bench: { posted: string[] } }).__bench.posted.includes('ready'), undefined, { timeout: 10_000 });
      const result = await page.evaluate(measureInPage, { message: m.message, charts: 3, timeoutMs: 15_000 });
      const violations = await page.evaluate(() => (window as unknown as { __bench: { violations: string[] } }).__bench.violations);
      for (const v of violations) problems.add(`CSP violation: ${v}`);
      if (result.timedOut) problems.add(`${m.range}: the charts were not drawn within 15 s (${result.charts} canvases)`);
      if (result.painted.some((n) => n < 1000)) problems.add(`${m.range}: a chart canvas is blank (${result.painted.join(', ')} pixels)`);
      return result;
    } finally {
      await context.close();
    }
  };
  try {
    await once(messages[messages.length - 1]); // unmeasured: the browser's first page pays for its start
    for (let run = 0; run < runs; run++) for (const m of run % 2 ? [...messages].reverse() : messages) samples.get(m.range)!.push(await once(m));
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
  for (const p of server.missing) problems.add(`the page asked for ${p}, which is not there`);
  const result: DashboardResult = {
    browser: `Chromium ${browser.version()} (headless)`,
    tickets: data.tickets.length,
    defects: new Set(data.links.map((l) => l.defectId)).size,
    links: data.links.length,
    partial: !!data.partial,
    impactJsBytes: fs.statSync(impactJs).size,
    runs,
    ranges: messages.map((m) => {
      const s = samples.get(m.range)!;
      return {
        range: m.range, messageBytes: m.bytes, buckets: m.buckets, defectsCharted: m.defects, aggregateMs: m.aggregateMs,
        chartsMs: summarize(s.map((x) => x.chartsMs)), firstFrameMs: summarize(s.map((x) => x.firstFrameMs)), paintedMs: summarize(s.map((x) => x.paintedMs)),
      };
    }),
    problems: [...problems],
    targetMs: TARGET_MS,
  };
  report(result);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
