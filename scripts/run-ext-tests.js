// Runs the integration suite inside code-server's Node extension host. The workbench is opened in
// headless Chromium with the `payload` URL parameter (extensionDevelopmentPath + extensionTestsPath),
// the mechanism VS Code's own browser integration tests use. The workbench forwards every
// extension-host console line to window.codeAutomationLog and calls window.codeAutomationExit(code)
// when the runner's run() settles.
//
// usage: node scripts/run-ext-tests.js --url URL --dev DIR --tests FILE --folder DIR [--timeout S] [--shots DIR]
// exit: 0 pass | 1 failures | 2 timeout | 3 driver error | 4 no end-of-run marker (extension host died)
// A test may print "##screenshot <name>" to get a PNG of the live workbench in --shots.
const fs = require('fs');
const path = require('path');
const util = require('util');
const { launch } = require('./lib/browser');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const timeoutMs = Number(args.timeout || 600) * 1000;
const shots = args.shots || '.';
const NOISE = /^(Creating a socket|Resolving connection token|Resolved connection token|\[Service Worker\]|ChatSessionStore:|Updating additional builtin extensions cache|Ignoring fetching additional builtin extensions)/;

async function main() {
  const t0 = Date.now();
  const base = new URL(args.url);
  const remote = (p) => `vscode-remote://${base.host}${path.resolve(p)}`;
  const payload = [['extensionDevelopmentPath', remote(args.dev)], ['extensionTestsPath', remote(args.tests)], ['skipWelcome', 'true']];
  const target = `${base.origin}/?folder=${encodeURIComponent(path.resolve(args.folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  fs.mkdirSync(shots, { recursive: true });
  const browser = await launch();
  const { page } = browser;
  let summary = null;
  let finish;
  const done = new Promise((resolve) => (finish = resolve));
  await page.exposeFunction('codeAutomationLog', async (level, logArgs) => {
    const line = Array.isArray(logArgs) ? util.format(...logArgs) : String(logArgs);
    let m;
    if ((m = /##ext-tests-done (\{.*\})/.exec(line))) summary = JSON.parse(m[1]);
    if ((m = /##screenshot (\S+)/.exec(line))) {
      const file = path.join(shots, m[1].replace(/[^\w.-]/g, '_') + '.png');
      await page.screenshot({ path: file }).catch((e) => console.error('[driver] screenshot failed:', e.message));
      console.error(`[driver] saved ${file}`);
    }
    if (!process.env.VERBOSE && NOISE.test(line)) return;
    (level === 'error' ? process.stderr : process.stdout).write(line.endsWith('\n') ? line : line + '\n');
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
  page.on('pageerror', (e) => console.error('[pageerror]', e.message));
  const timer = setTimeout(() => finish({ code: 2, reason: `timed out after ${timeoutMs / 1000} s` }), timeoutMs);
  await page.goto(target);
  const result = await done;
  clearTimeout(timer);
  await new Promise((r) => setTimeout(r, 250)); // let the last log lines drain
  let code = Number.isInteger(result.code) ? result.code : 1;
  // A dead extension host still makes the workbench report 0: only the runner's marker proves a pass.
  if (code === 0 && !summary) {
    code = 4;
    result.reason = 'the workbench reported 0 but the test runner never printed its end-of-run marker (did the extension host die?)';
  }
  if (code === 0 && (summary.failures > 0 || summary.tests === 0)) {
    code = 1;
    if (summary.tests === 0) result.reason = 'no integration test ran';
  }
  console.error(`[driver] exit ${code}${result.reason ? ` (${result.reason})` : ''} after ${Date.now() - t0} ms; summary ${JSON.stringify(summary)}`);
  await browser.close();
  process.exit(code);
}

main().catch((e) => {
  console.error('[driver] error:', e);
  process.exit(3);
});
