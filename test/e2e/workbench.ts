// Opens the workbench (with Caselink as a development extension) in headless Chromium.
import * as path from 'path';
import type { Frame, Locator, Page } from 'playwright-core';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { launch } = require(path.resolve(__dirname, '../../../scripts/lib/browser.js')) as {
  launch(o?: { colorScheme?: 'light' | 'dark' }): Promise<{ page: Page; close(): Promise<void> }>;
};

export const artifacts = process.env.CASELINK_ARTIFACTS ?? path.resolve(__dirname, '../../../artifacts');

export async function openWorkbench(colorScheme: 'light' | 'dark' = 'dark'): Promise<{ page: Page; close(): Promise<void>; errors: string[] }> {
  const url = process.env.WORKBENCH_URL;
  if (!url) throw new Error('WORKBENCH_URL is not set: run the UI tests through scripts/ui-test.sh');
  const browser = await launch({ colorScheme });
  const errors: string[] = [];
  browser.page.on('pageerror', (e) => errors.push(e.message));
  await browser.page.goto(url);
  await browser.page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60_000 });
  return { ...browser, errors };
}

/** Clicks Caselink's Activity Bar icon and waits for the Queue to show group rows. */
export async function openCaselink(page: Page) {
  const icon = page.locator('.part.activitybar .action-item a[aria-label^="Caselink"], .part.activitybar .action-item[aria-label^="Caselink"]').first();
  await icon.waitFor({ timeout: 60_000 });
  await icon.click();
  const pane = page.locator('[id="workbench.view.extension.caselink"]');
  await pane.locator('.monaco-list-row').first().waitFor({ timeout: 60_000 });
  await widenSideBar(page, 520);
  return pane;
}

/** Drags the side bar's sash so screenshots show whole ticket rows. */
async function widenSideBar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}

/**
 * Runs a command from the Command Palette, as a keyboard user would, then optionally picks `then`
 * in the quick pick it opens. Keys typed while a webview has focus stay in its iframe, so the
 * workbench gets the focus first (the empty middle of the status bar is the one place a click does
 * nothing else).
 */
export async function runCommand(page: Page, title: string, then?: string): Promise<void> {
  const bar = await page.locator('.part.statusbar').boundingBox();
  if (bar) await page.mouse.click(bar.x + bar.width / 2, bar.y + bar.height / 2);
  await page.keyboard.press('F1');
  // Typed keys go wherever the focus is; on a slow machine the palette may not have it yet. Its input
  // is filled directly once visible (with the ">" that marks command mode), then filtered rows wait.
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  if (then) {
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(then);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: then }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
  }
}

/**
 * The webview frame whose page passes `matches` (VS Code nests panels: iframe.webview >
 * iframe#active-frame). `matches` must not wait: use $eval / $, which answer at once on frames
 * without the element, instead of locators, which wait out their timeout on every such frame.
 */
export async function findFrame(page: Page, what: string, matches: (frame: Frame) => Promise<boolean>): Promise<Frame> {
  for (let i = 0; i < 300; i++) {
    for (const frame of page.frames()) {
      if (frame !== page.mainFrame() && (await matches(frame).catch(() => false))) return frame;
    }
    await page.waitForTimeout(200);
  }
  const seen = await Promise.all(page.frames().map(async (f) => `${f.url().slice(0, 80)} :: ${(await f.$eval('body', (b) => b.textContent ?? '').catch(() => '?')).slice(0, 80).replace(/\s+/g, ' ')}`));
  throw new Error(`${what} never rendered. Frames:\n${seen.join('\n')}`);
}

/**
 * The attribute's value once it is `expected`, or its last value after `timeoutMs`: the workbench
 * updates the DOM a frame or more after a click or key, later still on a slow machine.
 */
export async function attributeSettles(locator: Locator, name: string, expected: string, timeoutMs = 5_000): Promise<string | null> {
  const until = Date.now() + timeoutMs;
  let value = await locator.getAttribute(name);
  while (value !== expected && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    value = await locator.getAttribute(name);
  }
  return value;
}
