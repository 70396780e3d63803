import * as assert from 'assert';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { artifacts, attributeSettles, openCaselink, openWorkbench } from './workbench';

describe('Caselink in the workbench (Chromium)', function () {
  this.timeout(180_000);
  let page: Page;
  let close: () => Promise<void>;
  let errors: string[];

  before(async () => {
    ({ page, close, errors } = await openWorkbench('dark'));
  });
  after(async () => close?.());

  it('shows the demo queue grouped with counts after one click on the Activity Bar icon', async () => {
    const pane = await openCaselink(page);
    const groupRow = pane.locator('.monaco-list-row[aria-level="1"]', { hasText: /^.*\(\d+\)/ }).first();
    await groupRow.waitFor({ timeout: 30_000 });
    // Group rows and the ticket rows under the expanded first groups.
    await pane.locator('.monaco-list-row[aria-level="2"]').first().waitFor({ timeout: 30_000 });
    let groups = await pane.locator('.monaco-list-row[aria-level="1"] .label-name').allInnerTexts();
    assert.ok(groups.some((g) => /^New \(\d+\)$/.test(g)), `groups: ${groups.join(' | ')}`);
    if (!groups.some((g) => /^Open /.test(g))) {
      // The tree renders only the rows in view: with a short pane, fold the first group to see the next.
      await pane.locator('.monaco-list-row[aria-level="1"]').first().click();
      groups = await pane.locator('.monaco-list-row[aria-level="1"] .label-name').allInnerTexts();
    }
    assert.ok(groups.some((g) => /^Open \(\d+\)$/.test(g)), `groups: ${groups.join(' | ')}`);
    const header = await pane.locator('.pane-header', { hasText: 'Queue' }).first().innerText();
    assert.match(header, /Demo helpdesk/, 'the queue says it shows the demo');
    await page.screenshot({ path: path.join(artifacts, 'ui-queue-dark.png') });
  });

  it('gives ticket rows accessible labels with key, priority, status and requester', async () => {
    const pane = page.locator('[id="workbench.view.extension.caselink"]');
    const label = await pane.locator('.monaco-list-row[aria-level="2"]').first().getAttribute('aria-label');
    assert.match(label ?? '', /^Ticket #\d+, .+, (Urgent|High|Normal|Low) priority, (New|Open|Pending|On hold|Solved|Closed), from .+/);
  });

  it('can be worked with the keyboard: arrows move through the tree', async () => {
    const pane = page.locator('[id="workbench.view.extension.caselink"]');
    const group = pane.locator('.monaco-list-row[aria-level="1"]').first();
    // A click toggles the group (and focuses the tree); the keyboard opens it again if it closed.
    const toggled = (await group.getAttribute('aria-expanded')) === 'true' ? 'false' : 'true';
    await group.click();
    if ((await attributeSettles(group, 'aria-expanded', toggled)) === 'false') await page.keyboard.press('ArrowRight');
    assert.strictEqual(await attributeSettles(group, 'aria-expanded', 'true'), 'true', 'ArrowRight expands a group');
    await page.keyboard.press('ArrowDown');
    const focused = pane.locator('.monaco-list-row.focused');
    assert.strictEqual(await attributeSettles(focused, 'aria-level', '2'), '2', 'ArrowDown from a group moves to its first ticket');
    await page.keyboard.press('ArrowLeft');
    assert.strictEqual(await attributeSettles(focused, 'aria-level', '1'), '1', 'ArrowLeft goes back to the group');
  });

  it('shows the count of my open tickets in the status bar', async () => {
    const item = page.locator('.statusbar-item[id="caselink.caselink.caselink.myWork"], .statusbar-item', { hasText: /\d+/ }).filter({ has: page.locator('.codicon-inbox') }).first();
    await item.waitFor({ timeout: 30_000 });
    assert.match(await item.innerText(), /\d+/);
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepStrictEqual(errors.filter((e) => /caselink/i.test(e)), []);
  });
});
