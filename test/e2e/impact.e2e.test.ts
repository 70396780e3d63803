import * as assert from 'assert';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { artifacts, findFrame, openCaselink, openWorkbench, runCommand } from './workbench';

/** The frame that runs the Impact dashboard, once it shows a report. */
function dashboardFrame(page: Page): Promise<Frame> {
  return findFrame(page, 'The Impact dashboard', async (frame) => /Tickets created in the last|All tickets/.test(await frame.$eval('#scope', (el) => el.textContent ?? '')));
}

interface ChartCheck {
  id: string;
  hasChart: boolean;
  /** Pixels of the canvas that are not transparent: a drawn chart has thousands. */
  painted: number;
  /** The text colour Chart.js was given (from --vscode-foreground). */
  color: string;
  /** The colour the first bar is drawn with. */
  firstBar: string;
}

/** Each chart canvas: has a Chart.js instance and painted pixels. Runs in the page. */
function inspectCharts(frame: Frame): Promise<ChartCheck[]> {
  return frame.$$eval('canvas[id^="chart-"]', (canvases) =>
    canvases.map((c) => {
      const canvas = c as HTMLCanvasElement & { caselinkChart?: { options: { color?: unknown }; getDatasetMeta(i: number): { data: { options?: { backgroundColor?: unknown } }[] } } };
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      if (data) for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      const firstBar = String(canvas.caselinkChart?.getDatasetMeta(0).data[0]?.options?.backgroundColor ?? '');
      return { id: canvas.id, hasChart: !!canvas.caselinkChart, painted, color: String(canvas.caselinkChart?.options.color ?? ''), firstBar };
    }),
  );
}

async function chartsDrawn(page: Page, frame: Frame): Promise<ChartCheck[]> {
  for (let i = 0; i < 100; i++) {
    const charts = await inspectCharts(frame);
    if (charts.length === 3 && charts.every((c) => c.hasChart && c.painted > 1000)) return charts;
    await page.waitForTimeout(200);
  }
  throw new Error(`charts were not drawn: ${JSON.stringify(await inspectCharts(frame))}`);
}

/** Switches between the preferred dark and light themes (Dark Modern and Light Modern by default). */
async function toggleTheme(page: Page): Promise<void> {
  await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
}

describe('Impact dashboard in the workbench (Chromium)', function () {
  this.timeout(240_000);
  let page: Page;
  let close: () => Promise<void>;
  let frame: Frame;
  let light = false;

  before(async () => {
    ({ page, close } = await openWorkbench('dark'));
    await openCaselink(page);
  });
  after(async () => {
    // The theme is a user setting of the shared code-server: the next UI test file expects dark.
    if (page && light) await toggleTheme(page).catch(() => undefined);
    await close?.();
  });

  it('opens from the Command Palette and draws its charts in the dark theme', async () => {
    await runCommand(page, 'Caselink: Open Impact Dashboard');
    await page.locator('.tab', { hasText: 'Caselink Impact' }).first().waitFor({ timeout: 30_000 });
    frame = await dashboardFrame(page);
    const charts = await chartsDrawn(page, frame);
    assert.deepStrictEqual(charts.map((c) => c.id), ['chart-timeline', 'chart-defects', 'chart-response']);
    assert.ok(await frame.$eval('body', (b) => b.classList.contains('vscode-dark')), 'the page has the dark theme');
    for (const label of await frame.$$eval('canvas[id^="chart-"]', (cs) => cs.map((c) => c.getAttribute('aria-label') ?? ''))) assert.ok(label.length > 40, `a text summary on the canvas: ${label}`);
    assert.strictEqual(await frame.locator('details.data-table').count(), 3, 'each chart has its table');
    await page.screenshot({ path: path.join(artifacts, 'impact-dark.png') });
  });

  it('redraws the charts with the light theme’s colours', async () => {
    const dark = await inspectCharts(frame);
    await toggleTheme(page);
    light = true;
    await frame.waitForFunction(() => document.body.classList.contains('vscode-light'), undefined, { timeout: 30_000 });
    let charts = await inspectCharts(frame);
    for (let i = 0; i < 50 && charts[0].color === dark[0].color; i++) {
      await page.waitForTimeout(100);
      charts = await inspectCharts(frame);
    }
    assert.notStrictEqual(charts[0].color, dark[0].color, 'the text colour follows the theme');
    const foreground = await frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-foreground').trim());
    assert.strictEqual(charts[0].color, foreground);
    // The bars follow too: the defects chart's first bar is drawn in the light theme's blue.
    const blue = await frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-charts-blue').trim());
    for (const id of ['chart-timeline', 'chart-defects', 'chart-response']) {
      const now = charts.find((c) => c.id === id)!;
      assert.strictEqual(now.firstBar.toLowerCase(), blue.toLowerCase(), `${id}: first bar ${now.firstBar}, theme blue ${blue}`);
      assert.notStrictEqual(now.firstBar, dark.find((c) => c.id === id)!.firstBar, `${id}: the bar colour changed with the theme`);
    }
    assert.ok(charts.every((c) => c.painted > 1000), 'still drawn');
    await page.screenshot({ path: path.join(artifacts, 'impact-light.png') });
  });

  it('drills down from a bar to its tickets, and a listed ticket opens its case', async () => {
    const canvas = frame.locator('#chart-defects');
    await canvas.scrollIntoViewIfNeeded();
    // Where Chart.js drew the first (largest) defect's bar, in the canvas' CSS pixels.
    const point = await canvas.evaluate((c) => {
      const chart = (c as HTMLCanvasElement & { caselinkChart?: { getDatasetMeta(i: number): { data: { x: number; y: number; base: number }[] } } }).caselinkChart!;
      const bar = chart.getDatasetMeta(0).data[0];
      return { x: (bar.x + bar.base) / 2, y: bar.y };
    });
    await canvas.click({ position: point });
    const first = frame.locator('#drill .ticket-button').first();
    await first.waitFor({ timeout: 20_000 });
    assert.strictEqual(await frame.$eval('#drill', (d) => d.previousElementSibling?.id), 'defects');
    assert.match(await frame.locator('#drill-heading').innerText(), /linked cases/);
    const key = (await first.locator('.ticket-key').innerText()).trim();
    await page.screenshot({ path: path.join(artifacts, 'impact-drilldown.png') });
    await first.click();
    await page.locator('.tab', { hasText: key }).first().waitFor({ timeout: 30_000 });
  });
});
