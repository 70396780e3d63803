// Defect hover benchmark worker, started by bench/run.js:  node --expose-gc out/bench/hover.js [ticketCount] [lookups]
// Builds the impact report the way the extension does (the real ImpactStore over the demo backends:
// 50,000 tickets and their 2,000 defects by default), then times what one hover costs once the report
// is cached: the matcher on the hovered line, store.defectByReference, and the hover's markdown.
import { createDemoBackends } from '../src/backends/demo/demoBackend';
import { silentLogger } from '../src/core/ports/logger';
import { DefectReferenceMatcher } from '../src/core/services/impact/defectReferences';
import { ImpactStore } from '../src/core/services/impact/impactStore';
import { defectHoverMarkdown } from '../src/editor/defectHoverText';
import { heapUsed, report, summarize, type Summary } from './stats';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const COMMANDS = { openDefect: 'caselink.impact.openDefect', openCases: 'caselink.impact.openCases' };

export interface HoverResult {
  readonly ticketCount: number;
  readonly defects: number;
  readonly linkedTickets: number;
  readonly loadMs: number;
  readonly reportHeapBytes: number;
  /** The store's first lookup, which builds its reference index (once per report). */
  readonly indexMs: number;
  /** The first hover after that (cold code: the first toLocaleString, regex compilation). */
  readonly firstLookupMs: number;
  readonly lookups: number;
  readonly hits: number;
  /** Per hover: matcher + lookup + markdown, on ordinary source lines. */
  readonly perHover: Summary & { readonly p99: number };
  /** The same on a 300,000-character minified line (the matcher scans a 2,000-character window). */
  readonly longLine: Summary & { readonly p99: number };
  readonly markdownChars: number;
}

function p99(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const ticketCount = Number(process.argv[2]) || 50_000;
  const lookups = Number(process.argv[3]) || 10_000;
  const backends = createDemoBackends({ now: NOW, ticketCount });
  const store = new ImpactStore({ source: backends.source, tracker: backends.tracker, log: silentLogger, now: () => NOW, maxTickets: () => ticketCount });
  const heap0 = heapUsed();
  const t0 = performance.now();
  await store.setFilters({ range: 'all' });
  const loadMs = performance.now() - t0;
  const r = store.report;
  if (!r || store.status !== 'ready') throw new Error(`the impact report did not build: ${store.error ?? store.status}`);
  const reportHeapBytes = heapUsed() - heap0;
  if (r.totals.tickets !== ticketCount) throw new Error(`the report has ${r.totals.tickets} tickets, wanted ${ticketCount}`);

  const matcher = new DefectReferenceMatcher({ trackerKind: 'demo', userPatterns: ['\\b(PROJ-\\d+)\\b'] });
  // Lines as they appear in code and commit messages; one in eight names a defect the report lacks.
  const keys = r.defects.map((d) => d.key);
  const lines = Array.from({ length: 512 }, (_, i) => {
    const key = i % 8 === 7 ? `LUM-${900_000 + i}` : keys[(i * 7919) % keys.length];
    const text = `    // ${i % 2 ? 'Workaround' : 'TODO'} for ${key}: retry the export in batches (see PROJ-${i})`;
    return { text, column: text.indexOf(key) + 3 };
  });

  const hover = (line: string, column: number): string | undefined => {
    const ref = matcher.findReferenceAt(line, column);
    if (!ref) return undefined;
    const d = store.defectByReference(ref.reference);
    return d ? defectHoverMarkdown(d, ref.reference, COMMANDS) : undefined;
  };

  let t = performance.now();
  store.defectByReference('LUM-0');
  const indexMs = performance.now() - t;
  t = performance.now();
  const first = hover(lines[0].text, lines[0].column);
  const firstLookupMs = performance.now() - t;
  if (!first) throw new Error(`no hover for "${lines[0].text}"`);

  // Warm up, then time each hover on its own.
  for (let i = 0; i < 2_000; i++) hover(lines[i % lines.length].text, lines[i % lines.length].column);
  const samples: number[] = new Array(lookups);
  let hits = 0;
  let markdownChars = 0;
  for (let i = 0; i < lookups; i++) {
    const line = lines[i % lines.length];
    t = performance.now();
    const md = hover(line.text, line.column);
    samples[i] = performance.now() - t;
    if (md) {
      hits++;
      markdownChars = Math.max(markdownChars, md.length);
    }
  }
  const expectedHits = lines.filter((_, i) => i % 8 !== 7).length * Math.floor(lookups / lines.length) + lines.slice(0, lookups % lines.length).filter((_, i) => i % 8 !== 7).length;
  if (hits !== expectedHits) throw new Error(`${hits} hovers found a defect, expected ${expectedHits}`);

  const long = `${'x=1;'.repeat(75_000)} /* ${keys[0]} */ ${'y=2;'.repeat(75_000)}`;
  const column = long.indexOf(keys[0]) + 2;
  const longSamples: number[] = [];
  for (let i = 0; i < 1_000; i++) {
    t = performance.now();
    const md = hover(long, column);
    longSamples.push(performance.now() - t);
    if (!md) throw new Error('no hover on the long line');
  }

  const result: HoverResult = {
    ticketCount,
    defects: r.defects.length,
    linkedTickets: r.totals.linkedTickets,
    loadMs,
    reportHeapBytes,
    indexMs,
    firstLookupMs,
    lookups,
    hits,
    perHover: { ...summarize(samples), p99: p99(samples) },
    longLine: { ...summarize(longSamples), p99: p99(longSamples) },
    markdownChars,
  };
  store.dispose();
  report(result);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
