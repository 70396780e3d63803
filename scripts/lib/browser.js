// Debian's chromium through playwright-core, with the flags this closed network needs
// (without --disable-background-networking Chromium floods the log with refused connections).
const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');

async function launch({ colorScheme = 'dark', viewport = { width: 1400, height: 900 } } = {}) {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM).`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'caselink-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport,
    colorScheme,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

module.exports = { launch };
