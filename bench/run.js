'use strict';
// Caselink benchmarks: `npm run bench`. Prints figures next to their targets; never fails on timing.
//   1. activation of the minified bundle (dist/extension.js) against an empty extension, with a vscode stub
//   2. bundle size (minified, gzip) and its largest inputs from dist/meta.json
//   3. the grouped queue model over 10k and 50k demo tickets, against JSON.parse of the same tickets
//   4. the case panel in Chromium: posting a snapshot of 10 / 100 / 1,000 history events until it is
//      rendered (dist/webview/case.js, media/case.css, the extension's CSP), and case.js's size
//   5. backend calls to open a case: the real CaseRegistry.open + CasePanel.load over counting
//      Proxies of the demo backends, and of RT 5 + Redmine 5 (with HTTP requests) when the test
//      servers run
//   6. a defect hover from the cached impact report (50k tickets, 2k defects): matcher, lookup, markdown
//   7. the impact report itself: aggregateImpact over 50k demo tickets / 2k defects with feedback blocks, and its exports
//   8. the Impact dashboard in Chromium: the state message of the 50k / 2k demo report until its three charts are painted
// It builds first (node esbuild.js --tests, then --production); `--no-build` reuses out/ and dist/.
// Every measurement runs in a fresh child process started with --expose-gc, one at a time.

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '..');
// The workers are TypeScript (bench/*.ts), transpiled to out/bench/ by `node esbuild.js --tests`.
const OUT = path.join(root, 'out', 'bench');
const ACTIVATION = path.join(OUT, 'activation.js');
const QUEUE = path.join(OUT, 'queue.js');
const CASE_RENDER = path.join(OUT, 'caseRender.js');
const CASE_OPEN = path.join(OUT, 'caseOpen.js');
const IMPACT = path.join(OUT, 'impact.js');
const HOVER = path.join(OUT, 'hover.js');
const DASHBOARD = path.join(OUT, 'dashboard.js');
/** A defect hover resolved from the cached impact report, per hover (issue 6). */
const HOVER_TARGET_MS = 5;
/** Debian's Chromium, driven by playwright-core (bench/caseRender.ts). */
const CHROMIUM = '/usr/bin/chromium';
/** bench/stats.ts, loaded from out/bench/ once built. */
let stats;

const ms = (v, digits = 2) => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : 'n/a');
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const WARM_LOADS = 30;
const COLD_PROCESSES = 10;
const RENDER_RUNS = 5;
const RENDER_SIZES = [10, 100, 1000];
const TARGETS = { activationMs: 10, bundleKB: 400, groupedMs: 200, groupedVsParse: 3, caseRender1000Ms: 300, caseOpenCalls: 3, impactMs: 500 };

const summary = [];
const verdict = (ok) => (ok ? 'met' : 'NOT met');
function row(benchmark, figure, target = '', met = '') {
  summary.push([benchmark, figure, target, met]);
}

function table(headers, rows, align = []) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const cell = (v, i) => (align[i] === 'r' ? String(v).padStart(widths[i]) : String(v).padEnd(widths[i]));
  const line = (r) => `  ${r.map(cell).join('  ').trimEnd()}`;
  console.log(line(headers));
  console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
}

function heading(text) {
  console.log(`\n== ${text} ${'='.repeat(Math.max(0, 96 - text.length))}`);
}

function build() {
  heading('Build');
  for (const args of [['--tests'], ['--production']]) {
    const started = performance.now();
    execFileSync(process.execPath, ['esbuild.js', ...args], { cwd: root, stdio: 'inherit' });
    console.log(`  node esbuild.js ${args.join(' ')}: ${ms(performance.now() - started, 0)}`);
  }
}

async function activation() {
  const { summarize, runChild } = stats;
  heading(`1. Activation: dist/extension.js (minified) vs an empty extension, vscode stubbed`);
  const warm = await runChild(ACTIVATION, ['warm', String(WARM_LOADS)]);
  const c = warm.check;
  if (c.problems.length) throw new Error(`activate() did not run its real path: ${c.problems.join('; ')}`);
  console.log(`  check: activate() returned the v1 API and logged "${c.logLine}";`);
  console.log(`         it registered ${c.commands} commands, ${c.record.treeViews} tree views, ${c.record.statusBarItems} status bar item, ${c.record.decorationProviders} decoration provider,`);
  console.log(`         ${c.record.webviewSerializers} webview serializer, and set ${c.record.contextKeys.join(', ')}.`);
  if (c.notes.length) for (const n of c.notes) console.log(`  note: ${n}`);
  else console.log('         Every command in package.json is registered, and disposing context.subscriptions undid all of it.');

  const cold = { real: [], empty: [] };
  for (let i = 0; i < COLD_PROCESSES; i++) {
    for (const which of i % 2 ? ['real', 'empty'] : ['empty', 'real']) {
      const r = await runChild(ACTIVATION, ['cold', which]);
      if (r.problems.length) throw new Error(`cold activation: ${r.problems.join('; ')}`);
      cold[which].push(r);
    }
  }
  const s = {
    coldReal: summarize(cold.real.map((r) => r.totalMs)),
    coldRealRequire: summarize(cold.real.map((r) => r.requireMs)),
    coldRealActivate: summarize(cold.real.map((r) => r.activateMs)),
    coldEmpty: summarize(cold.empty.map((r) => r.totalMs)),
    coldEmptyActivate: summarize(cold.empty.map((r) => r.activateMs)),
    warmReal: summarize(warm.real.totalMs),
    warmRealRequire: summarize(warm.real.requireMs),
    warmRealActivate: summarize(warm.real.activateMs),
    warmEmpty: summarize(warm.empty.totalMs),
    warmEmptyActivate: summarize(warm.empty.activateMs),
    selfReported: summarize(warm.real.selfReportedMs),
  };
  const fig = (x) => [ms(x.median), ms(x.p95), String(x.n)];
  console.log(`\n  cold = the first load in a fresh process (${COLD_PROCESSES} processes each); warm = ${WARM_LOADS} reloads in one process, require cache cleared`);
  table(
    ['measurement', 'median', 'p95', 'n'],
    [
      ['Caselink  cold  require + activate()', ...fig(s.coldReal)],
      ['Caselink  cold    require', ...fig(s.coldRealRequire)],
      ['Caselink  cold    activate()', ...fig(s.coldRealActivate)],
      ['empty     cold  require + activate()', ...fig(s.coldEmpty)],
      ['Caselink  warm  require + activate()', ...fig(s.warmReal)],
      ['Caselink  warm    require', ...fig(s.warmRealRequire)],
      ['Caselink  warm    activate()', ...fig(s.warmRealActivate)],
      ['Caselink  warm    "activated in" (its own log line)', ...fig(s.selfReported)],
      ['empty     warm  require + activate()', ...fig(s.warmEmpty)],
      ['empty     warm    activate()', ...fig(s.warmEmptyActivate)],
    ],
    ['l', 'r', 'r', 'r'],
  );
  const overheadCold = s.coldReal.median - s.coldEmpty.median;
  const overheadWarm = s.warmReal.median - s.warmEmpty.median;
  console.log(`  Caselink over the empty extension (median): cold ${ms(overheadCold)}, warm ${ms(overheadWarm)}`);

  // Not activation: what happens when the user then opens the Queue view (data is generated and loaded lazily).
  const show = await runChild(ACTIVATION, ['show', '10']);
  const show50k = await runChild(ACTIVATION, ['show', '3', '50000']);
  console.log('\n  After activation, opening the Queue view (informational): the first refresh and the first render');
  const showRow = (label, r) => {
    const sync = summarize(r.syncMs);
    const ready = summarize(r.readyMs);
    const render = summarize(r.renderMs);
    return [label, ms(sync.median), ms(ready.median), ms(render.median), `${r.roots} roots, ${r.rendered} items`, r.message];
  };
  table(
    ['demo.ticketCount', 'blocking (sync)', 'until ready', 'render roots+open groups', 'rendered', 'view message'],
    [showRow('300 (default), n=10', show), showRow('50000, n=3', show50k)],
    ['l', 'r', 'r', 'r', 'l', 'l'],
  );

  const t = TARGETS.activationMs;
  row('Activation, cold: require + activate() (median / p95)', `${ms(s.coldReal.median)} / ${ms(s.coldReal.p95)}`, `≤ ${t} ms`, verdict(s.coldReal.median <= t));
  row('Activation, warm: require + activate() (median / p95)', `${ms(s.warmReal.median)} / ${ms(s.warmReal.p95)}`, `≤ ${t} ms`, verdict(s.warmReal.median <= t));
  row('Activation, warm: activate() alone (median / p95)', `${ms(s.warmRealActivate.median)} / ${ms(s.warmRealActivate.p95)}`, `≤ ${t} ms`, verdict(s.warmRealActivate.median <= t));
  row('  empty extension, cold / warm require + activate()', `${ms(s.coldEmpty.median)} / ${ms(s.warmEmpty.median)}`);
  row('  Caselink over empty, cold / warm (median)', `${ms(overheadCold)} / ${ms(overheadWarm)}`);
  row('  opening the view, 300 / 50k demo tickets: blocking', `${ms(summarize(show.syncMs).median)} / ${ms(summarize(show50k.syncMs).median)}`, '(info)');
}

function bundle() {
  heading('2. Bundle size: dist/extension.js (node esbuild.js --production)');
  const file = path.join(root, 'dist', 'extension.js');
  const code = fs.readFileSync(file);
  const gzip = zlib.gzipSync(code, { level: 9 }).length;
  const minified = /^[^\n]{2000,}/m.test(code.toString('utf8'));
  console.log(`  ${kb(code.length)} (${code.length} bytes)${minified ? ', minified' : ', NOT minified?'}; gzip -9: ${kb(gzip)}`);
  const metaFile = path.join(root, 'dist', 'meta.json');
  if (fs.existsSync(metaFile)) {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
    const output = meta.outputs['dist/extension.js'];
    if (output) {
      const inputs = Object.entries(output.inputs).map(([name, v]) => ({ name, bytes: v.bytesInOutput }));
      inputs.sort((a, b) => b.bytes - a.bytes);
      const total = output.bytes;
      console.log(`\n  largest inputs, by bytes in the minified output (dist/meta.json, ${inputs.length} inputs):`);
      table(['input', 'in bundle', 'share'], inputs.slice(0, 8).map((i) => [i.name, kb(i.bytes), `${((100 * i.bytes) / total).toFixed(1)}%`]), ['l', 'r', 'r']);
      const byPackage = new Map();
      for (const i of inputs) {
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(i.name);
        const key = m ? m[1] : 'src/ (Caselink)';
        byPackage.set(key, (byPackage.get(key) ?? 0) + i.bytes);
      }
      console.log('\n  by package:');
      table(['package', 'in bundle', 'share'], [...byPackage].sort((a, b) => b[1] - a[1]).map(([k, b]) => [k, kb(b), `${((100 * b) / total).toFixed(1)}%`]), ['l', 'r', 'r']);
    }
  } else {
    console.log('  (no dist/meta.json)');
  }
  row('Bundle: minified dist/extension.js (gzip -9)', `${kb(code.length)} (${kb(gzip)})`, `≤ ${TARGETS.bundleKB} KB`, verdict(code.length / 1024 <= TARGETS.bundleKB));
}

async function queue() {
  const { runChild } = stats;
  heading('3. Grouped queue model: QueueModel over the demo source (pageSize 500, loadBatch = all)');
  const results = [];
  for (const [count, runs] of [[10_000, 7], [50_000, 5]]) {
    const r = await runChild(QUEUE, [String(count), String(runs)], ['--no-flush-bytecode']);
    results.push(r);
    const parse = r.jsonParseMs.median;
    console.log(`\n  ${count.toLocaleString('en-US')} tickets (median of ${runs} runs, a full GC before each)`);
    console.log(`    generate demo data: ${ms(r.generateMs, 0)}, ${mb(r.datasetBytes)} heap (tickets, organisations, defects, links)`);
    console.log(`    baseline JSON.parse of the same tickets (${mb(r.jsonBytes)} of JSON): ${ms(parse, 1)} (p95 ${ms(r.jsonParseMs.p95, 1)}), ${mb(r.jsonParseHeapBytes)} heap`);
    console.log(`    refresh(), ${r.pages} pages: first ${ms(r.firstRefreshMs, 1)} (includes the demo's filter + sort), then ${ms(r.refreshMs.median, 1)} (p95 ${ms(r.refreshMs.p95, 1)}); keeps ${mb(r.refreshHeapBytes)}`);
    console.log(`    of a snapshot: copying + sorting the tickets ${ms(r.sortMs.median, 1)}; grouping alone is the "group only" column`);
    table(
      ['groupBy', 'snapshot()', 'p95', 'first', 'group only', 'x JSON.parse', 'retained', 'groups', 'tickets placed'],
      Object.entries(r.groups).map(([g, v]) => [
        g, ms(v.median, 1), ms(v.p95, 1), ms(v.firstMs, 1), ms(v.groupOnlyMs, 1), `${(v.median / parse).toFixed(2)}x`, kb(v.heapBytes), v.groupCount, v.placed.toLocaleString('en-US'),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    );
  }
  for (const r of results) {
    const worst = Object.entries(r.groups).sort((a, b) => b[1].median - a[1].median)[0];
    const parse = r.jsonParseMs.median;
    const n = `${r.ticketCount / 1000}k`;
    const is50k = r.ticketCount === 50_000;
    row(`Queue ${n}: grouped snapshot, slowest groupBy (${worst[0]})`, `${ms(worst[1].median, 1)} (p95 ${ms(worst[1].p95, 1)})`, is50k ? `≤ ${TARGETS.groupedMs} ms` : '', is50k ? verdict(worst[1].median <= TARGETS.groupedMs) : '');
    row(`Queue ${n}: slowest grouped snapshot / JSON.parse (${ms(parse, 1)})`, `${(worst[1].median / parse).toFixed(2)}x`, is50k ? `≤ ${TARGETS.groupedVsParse}x` : '', is50k ? verdict(worst[1].median <= TARGETS.groupedVsParse * parse) : '');
    row(`Queue ${n}: refresh() of all tickets, cached demo query`, `${ms(r.refreshMs.median, 1)} (first ${ms(r.firstRefreshMs, 1)})`);
    const heap = Object.values(r.groups).map((g) => g.heapBytes);
    row(`Queue ${n}: memory, model after refresh / one snapshot`, `${mb(r.refreshHeapBytes)} / ${kb(Math.min(...heap))}–${kb(Math.max(...heap))}`, '(info)');
  }
}

async function casePanel() {
  const { summarize, runChild } = stats;
  heading('4. Case panel: from posting a snapshot to rendered, in Chromium (the real page, CSP and CSS)');
  const file = path.join(root, 'dist', 'webview', 'case.js');
  if (!fs.existsSync(file)) throw new Error('dist/webview/case.js is missing: run without --no-build');
  const code = fs.readFileSync(file);
  const gzip = zlib.gzipSync(code, { level: 9 }).length;
  const minified = /^[^\n]{2000,}/m.test(code.toString('utf8'));
  console.log(`  dist/webview/case.js: ${kb(code.length)} (${code.length} bytes)${minified ? ', minified' : ', NOT minified?'}; gzip -9: ${kb(gzip)}`);
  row('Case panel bundle: dist/webview/case.js (gzip -9)', `${kb(code.length)} (${kb(gzip)})${minified ? '' : ', not minified'}`, '(info)');
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`  render: n/a (${CHROMIUM} is missing; Debian: apt-get install chromium)`);
    row('Case panel render, 1,000 events: snapshot -> first frame', `n/a (no ${CHROMIUM})`, `≤ ${TARGETS.caseRender1000Ms} ms`, '');
    return;
  }
  const r = await runChild(CASE_RENDER, [String(RENDER_RUNS), ...RENDER_SIZES.map(String)]);
  if (r.problems.length) throw new Error(`the case panel did not render as it should: ${r.problems.join('; ')}`);
  console.log(`  ${r.browser} via playwright-core, viewport ${r.viewport}; the page as WebviewPanelHost builds it, served from 127.0.0.1`);
  console.log(`  (CSP default-src 'none', nonce'd scripts; a stand-in acquireVsCodeApi; a few --vscode-* theme variables).`);
  console.log(`  Demo ticket ${r.ticket.key}: its ${r.ticket.baseEvents} events cloned (new ids, evenly spaced times) to each size;`);
  console.log(`  ${r.ticket.defects} linked defect; events: ${r.ticket.kinds}. Validated with CaseSnapshot.safeParse.`);
  console.log(`  Each run: a fresh browser context and page load, "ready", init, then the snapshot; median of ${r.runs} runs per size`);
  console.log('  (after one unmeasured load), sizes interleaved. Times are from window.postMessage(snapshot) inside the page:');
  console.log('    sync       the newest entry is in the list (clone, dispatch, validation, the synchronous render)');
  console.log('    1st frame  the first requestAnimationFrame after that (target: 1,000 events ≤ 300 ms)');
  console.log('    painted    a task queued from that frame callback runs, i.e. after its style, layout and paint');
  console.log('    all in DOM every entry is in the list (long histories are added a chunk per frame)');
  console.log('    bodies     every message body is sanitised and rendered (also frame-budgeted)');
  const f = (s) => ms(s.median, 1);
  table(
    ['events', 'snapshot', 'sync', '1st frame', 'p95', 'painted', 'all in DOM', 'bodies', 'longest task', 'load -> ready', 'at newest'],
    r.sizes.map((s) => [
      s.size.toLocaleString('en-US'), kb(s.snapshotBytes), f(s.syncMs), f(s.firstFrameMs), ms(s.firstFrameMs.p95, 1), f(s.paintedMs), f(s.allEntriesMs), f(s.allBodiesMs),
      `${f(s.longestTaskMs)} (${s.longTasks.median} x)`, f(s.readyMs), `${s.newestVisibleFirstFrame}/${s.firstFrameMs.n}`,
    ]),
    ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  console.log('  longest task: the longest task over 50 ms (Long Tasks API) from the post until rendered, median over runs, with how many there were;');
  console.log('  at newest: runs in which the newest entry was in view at the painted first frame.');
  console.log(`  resources the page loaded: ${r.requests.join(', ')}`);
  if (r.caseJsBytes !== code.length) console.log(`  note: the page was served a case.js of ${r.caseJsBytes} bytes, not ${code.length}: dist/ was rebuilt during the benchmark`);
  for (const n of r.notes) console.log(`  note: ${n}`);
  for (const s of r.sizes) {
    const n = s.size.toLocaleString('en-US');
    const is1000 = s.size === 1000;
    row(
      `Case panel render, ${n} events: snapshot -> first frame (median / p95)`,
      `${ms(s.firstFrameMs.median, 1)} / ${ms(s.firstFrameMs.p95, 1)}`,
      is1000 ? `≤ ${TARGETS.caseRender1000Ms} ms` : '',
      is1000 ? verdict(s.firstFrameMs.median <= TARGETS.caseRender1000Ms) : '',
    );
    if (s.size >= 1000) row(`  ${n} events: every entry in the DOM / every body rendered`, `${ms(s.allEntriesMs.median, 1)} / ${ms(s.allBodiesMs.median, 1)}`, '(info)');
  }
}

/** "GET /tickets x2, GET /ticket/1/history" */
function endpoints(lines) {
  const counts = new Map();
  for (const l of [...lines].sort()) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].map(([k, n]) => (n > 1 ? `${k} x${n}` : k)).join(', ') || '-';
}

async function caseOpen() {
  const { runChild } = stats;
  heading('5. Opening a case: backend calls made by the host (CaseRegistry.open -> CasePanel.load, then "ready")');
  const r = await runChild(CASE_OPEN);
  const short = (calls) => calls.map((c) => c.replace(/^(source|tracker)\./, '')).join(', ');
  const d = r.demo;
  if (d.problems.length) throw new Error(`opening demo ticket ${d.ticketId}: ${d.problems.join('; ')}`);
  console.log('  The real host code from out/src/webviews (vscode stubbed), the backends wrapped in Proxies that count calls from the host.');
  console.log(`  demo ticket ${d.ticketId} (${d.historyEvents} events, ${d.defects} linked defect): ${d.portCalls.length} calls: ${d.portCalls.join(', ')}; ${d.snapshots} snapshots posted`);
  const demoCalls = d.portCalls.length;
  row('Open a case, demo: backend calls', `${demoCalls} (${short(d.portCalls)})`, `≤ ${TARGETS.caseOpenCalls}`, verdict(demoCalls <= TARGETS.caseOpenCalls));
  if (r.real.status !== 'ok') {
    console.log(`  RT 5 + Redmine 5: n/a (servers not running: ${r.real.reason}; start them with sudo bash scripts/servers/up.sh)`);
    row('Open a case, RT 5 + Redmine 5: backend calls', 'n/a (servers not running)', `≤ ${TARGETS.caseOpenCalls}`, '');
    row('Open a case, RT 5 + Redmine 5: HTTP requests', 'n/a (servers not running)', `≤ ${TARGETS.caseOpenCalls}`, '');
    return;
  }
  const { first, again, long } = r.real;
  const problems = [first, again, ...(long ? [long] : [])].flatMap((o) => o.problems.map((p) => `ticket ${o.ticketId}: ${p}`));
  if (problems.length) throw new Error(`opening RT tickets: ${problems.join('; ')}`);
  console.log(`  RT 5 at ${r.real.rtUrl} (RtTicketSource) + Redmine 5 at ${r.real.redmineUrl} (RedmineTracker); HTTP requests counted from`);
  console.log('  HttpClient\'s one debug line per request, through the Logger each backend was given.');
  const http = (o) => Object.values(o.http).reduce((n, l) => n + l.length, 0);
  const runs = [
    ['first case on the connection', first],
    ['the same case again', again],
    ...(long ? [['another ticket (RT_TICKET_LONG)', long]] : []),
  ];
  table(
    ['open', 'ticket', 'events', 'defects', 'port calls', 'HTTP', 'RT requests', 'Redmine requests', 'wall'],
    runs.map(([label, o]) => [label, `#${o.ticketId}`, o.historyEvents, o.defects, o.portCalls.length, http(o), endpoints(o.http.rt), endpoints(o.http.redmine), ms(o.wallMs, 0)]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'l', 'l', 'r'],
  );
  console.log('  RT: getTicket is 1 ticket search; getHistory is 1 more ticket search + history pages + attachment pages, in parallel.');
  console.log('  Redmine: linkedDefects is the project (once per connection, then cached) + issues pages with the ticket field set.');
  row('Open a case, RT 5 + Redmine 5: backend calls', `${first.portCalls.length} (${short(first.portCalls)})`, `≤ ${TARGETS.caseOpenCalls}`, verdict(first.portCalls.length <= TARGETS.caseOpenCalls));
  row(
    'Open a case, RT 5 + Redmine 5: HTTP requests, first / later',
    `${http(first)} (RT ${first.http.rt.length} + Redmine ${first.http.redmine.length}) / ${http(again)}`,
    `≤ ${TARGETS.caseOpenCalls}`,
    verdict(http(first) <= TARGETS.caseOpenCalls),
  );
}

async function hover() {
  const { runChild } = stats;
  heading('6. Defect hovers: matcher + ImpactStore.defectByReference + hover markdown, from the cached report');
  const r = await runChild(HOVER, ['50000', '10000']);
  console.log(`  The real ImpactStore over the demo backends: ${r.ticketCount.toLocaleString('en-US')} tickets, ${r.defects.toLocaleString('en-US')} linked defects, ${r.linkedTickets.toLocaleString('en-US')} linked tickets;`);
  console.log(`  report built in ${ms(r.loadMs, 0)} (${mb(r.reportHeapBytes)} heap), reference index on the first lookup ${ms(r.indexMs, 1)}, first hover ${ms(r.firstLookupMs, 2)}.`);
  console.log(`  ${r.lookups.toLocaleString('en-US')} hovers on source lines (one in eight names a defect the report lacks; ${r.hits.toLocaleString('en-US')} found), each timed alone:`);
  const f = (x) => [ms(x.median, 4), ms(x.p95, 4), ms(x.p99, 4), ms(x.max, 3), String(x.n)];
  table(['hover on', 'median', 'p95', 'p99', 'max', 'n'], [['an ordinary line', ...f(r.perHover)], ['a 300,000-character minified line', ...f(r.longLine)]], ['l', 'r', 'r', 'r', 'r', 'r']);
  console.log(`  largest hover markdown: ${r.markdownChars} characters; max includes GC pauses.`);
  row('Defect hover from cache, 50k tickets / 2k defects (median / p99)', `${ms(r.perHover.median, 3)} / ${ms(r.perHover.p99, 3)}`, `≤ ${HOVER_TARGET_MS} ms`, verdict(r.perHover.p99 <= HOVER_TARGET_MS));
  row('  on a 300k-character line (median / p99)', `${ms(r.longLine.median, 3)} / ${ms(r.longLine.p99, 3)}`, `≤ ${HOVER_TARGET_MS} ms`, verdict(r.longLine.p99 <= HOVER_TARGET_MS));
}

async function impact() {
  const { runChild } = stats;
  heading('7. Impact report: aggregateImpact over 50,000 demo tickets and 2,000 defects, then the exports');
  const r = await runChild(IMPACT, ['50000', '2000', '7']);
  console.log(`  ${r.tickets.toLocaleString('en-US')} tickets, ${r.defects.toLocaleString('en-US')} defects, ${r.links.toLocaleString('en-US')} links, feedback texts on ${r.feedbackTexts} defects (${r.unparsed} corrupt blocks);`);
  console.log(`  median of ${r.runs} runs, a full GC before each; the report ranks ${r.reportDefects.toLocaleString('en-US')} defects`);
  table(
    ['step', 'median', 'p95', 'min'],
    [
      ['aggregateImpact after a load, last 30 days', ms(r.aggregate30d.median, 1), ms(r.aggregate30d.p95, 1), ms(r.aggregate30d.min, 1)],
      ['aggregateImpact after a load, all tickets', ms(r.aggregateAll.median, 1), ms(r.aggregateAll.p95, 1), ms(r.aggregateAll.min, 1)],
      ['  again for another range (same data), 30 days', ms(r.refilter30d.median, 1), ms(r.refilter30d.p95, 1), ms(r.refilter30d.min, 1)],
      ['  again for another range (same data), all', ms(r.refilterAll.median, 1), ms(r.refilterAll.p95, 1), ms(r.refilterAll.min, 1)],
      [`toMarkdown (${kb(r.markdownBytes)})`, ms(r.markdown.median, 1), ms(r.markdown.p95, 1), ms(r.markdown.min, 1)],
      [`toCsv (${kb(r.csvBytes)})`, ms(r.csv.median, 1), ms(r.csv.p95, 1), ms(r.csv.min, 1)],
    ],
    ['l', 'r', 'r', 'r'],
  );
  console.log(`  heap kept by one report (all tickets): ${mb(r.reportHeapBytes)}`);
  const worst = Math.max(r.aggregate30d.median, r.aggregateAll.median);
  row('Impact: aggregate 50k tickets / 2k defects after a load (30 days / all)', `${ms(r.aggregate30d.median, 0)} / ${ms(r.aggregateAll.median, 0)}`, `≤ ${TARGETS.impactMs} ms`, verdict(worst <= TARGETS.impactMs));
  row('  the same data for another range (30 days / all)', `${ms(r.refilter30d.median, 0)} / ${ms(r.refilterAll.median, 0)}`, `≤ ${TARGETS.impactMs} ms`, verdict(Math.max(r.refilter30d.median, r.refilterAll.median) <= TARGETS.impactMs));
  row('  impact report heap; Markdown / CSV export', `${mb(r.reportHeapBytes)}; ${ms(r.markdown.median, 0)} / ${ms(r.csv.median, 0)}`, '(info)');
}

async function dashboardRender() {
  const { runChild } = stats;
  heading('8. Impact dashboard in Chromium: the state message of the 50k / 2k demo report -> three charts painted');
  const r = await runChild(DASHBOARD, [String(RENDER_RUNS), '50000']);
  if (r.problems.length) throw new Error(r.problems.join('; '));
  console.log(`  ${r.browser}; dist/webview/impact.js ${kb(r.impactJsBytes)}; ${r.tickets.toLocaleString('en-US')} tickets, ${r.defects.toLocaleString('en-US')} linked defects${r.partial ? ' (partial)' : ''}; ${r.runs} runs, each a fresh page`);
  const f = (x) => `${ms(x.median, 1)} / ${ms(x.p95, 1)}`;
  table(
    ['range', 'message', 'weeks', 'defects', 'charts drawn (median / p95)', 'first frame', 'painted'],
    r.ranges.map((x) => [x.range, kb(x.messageBytes), x.buckets, x.defectsCharted, f(x.chartsMs), f(x.firstFrameMs), f(x.paintedMs)]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const worst = Math.max(...r.ranges.map((x) => x.firstFrameMs.median));
  row('Impact dashboard, 50k / 2k: message -> first frame with all charts (30 days / all)', r.ranges.map((x) => ms(x.firstFrameMs.median, 0)).join(' / '), `≤ ${r.targetMs} ms`, verdict(worst <= r.targetMs));
  row('  dashboard state message / impact.js', `${r.ranges.map((x) => kb(x.messageBytes)).join(' / ')}; ${kb(r.impactJsBytes)}`, '(info)');
}

async function main() {
  const started = performance.now();
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`Caselink benchmarks: Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${mb(os.totalmem())} RAM, ${os.platform()} ${os.arch()}`);
  console.log(`Load average before: ${load} (other work on the machine makes every figure slower and noisier)`);
  if (!process.argv.includes('--no-build')) build();
  for (const needed of ['dist/extension.js', 'out/bench/stats.js', 'out/bench/activation.js', 'out/bench/queue.js', 'out/bench/caseRender.js', 'out/bench/caseOpen.js', 'out/bench/impact.js', 'out/src/core/services/queueModel.js']) {
    if (!fs.existsSync(path.join(root, needed))) throw new Error(`${needed} is missing: run without --no-build`);
  }
  stats = require(path.join(OUT, 'stats.js'));
  // A section that fails (say activate() now calls an API bench/vscodeStub.ts lacks) is reported,
  // and the others still run; the exit code then says something went wrong.
  let failed = 0;
  for (const [name, section] of [['activation', activation], ['bundle size', bundle], ['queue model', queue], ['case panel render', casePanel], ['case open', caseOpen], ['defect hover', hover], ['impact', impact], ['dashboard render', dashboardRender]]) {
    try {
      await section();
    } catch (err) {
      failed++;
      console.error(`\n  ${name} benchmark FAILED: ${err && err.stack ? err.stack : err}`);
      if (name === 'activation' || name === 'case open') console.error('  (if the host code uses a vscode API the stub lacks, add it to bench/vscodeStub.ts)');
      row(`${name} benchmark`, 'FAILED, see above');
    }
  }

  heading('Summary (figures only; targets are printed, never asserted)');
  table(['benchmark', 'figure', 'target', 'met?'], summary);
  console.log(`\n  total ${((performance.now() - started) / 1000).toFixed(1)} s; load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
