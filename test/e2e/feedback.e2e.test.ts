import * as assert from 'assert';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { artifacts, findFrame, openCaselink, openWorkbench, runCommand } from './workbench';

/** The frame that runs the feedback form for `key`. */
function formFrame(page: Page, key: string): Promise<Frame> {
  return findFrame(page, `The feedback form for ${key}`, async (frame) =>
    (await frame.$eval('#fb-heading', (el) => el.textContent ?? '')).includes(key) && !!(await frame.$('#fb-title')));
}

describe('Feedback form in the workbench (Chromium)', function () {
  this.timeout(240_000);
  let page: Page;
  let close: () => Promise<void>;

  before(async () => {
    ({ page, close } = await openWorkbench('dark'));
    await openCaselink(page);
  });
  after(async () => close?.());

  it('opens prefilled from the case, with what came from the case marked', async () => {
    await runCommand(page, 'Caselink: Open Ticket', '#1020');
    await page.locator('.tab', { hasText: /#1020/ }).first().waitFor({ timeout: 30_000 });
    await runCommand(page, 'Caselink: File Product Feedback');
    const frame = await formFrame(page, '#1020');
    const title = await frame.locator('#fb-title').inputValue();
    assert.ok(title.length > 8, `title prefilled (${title})`);
    assert.ok((await frame.locator('#fb-productArea').inputValue()).length > 0, 'area prefilled');
    assert.ok((await frame.locator('text=/from the case/i').count()) >= 3, 'prefilled fields are marked');
    await page.waitForTimeout(1500); // let the duplicate search finish for the screenshot
    await page.screenshot({ path: path.join(artifacts, 'ui-feedback-dark.png') });
  });

  it('shows validation messages at the field, and the keyboard moves through the form', async () => {
    const frame = await formFrame(page, '#1020');
    const title = frame.locator('#fb-title');
    const original = await title.inputValue();
    await title.fill('Bug');
    await page.waitForTimeout(500); // validation runs 200 ms after input
    assert.strictEqual(await title.getAttribute('aria-invalid'), 'true');
    assert.match(await frame.locator('body').innerText(), /at least 8 characters/);
    await title.fill(original);
    await page.waitForTimeout(400);
    assert.notStrictEqual(await title.getAttribute('aria-invalid'), 'true');
    await title.focus();
    await page.keyboard.press('Tab');
    const next = await frame.evaluate(() => document.activeElement?.id ?? '');
    assert.ok(next.startsWith('fb-') && next !== 'fb-title', `Tab moves to the next field (${next})`);
  });

  it('keeps what was typed when the form is closed and opened again', async () => {
    let frame = await formFrame(page, '#1020');
    await frame.locator('#fb-title').fill('Scheduled reports arrive empty for the finance team');
    await page.waitForTimeout(900);
    await page.locator('.tab', { hasText: /Feedback/ }).first().hover();
    await page.locator('.tab', { hasText: /Feedback/ }).first().locator('.codicon-close, .action-label[aria-label^="Close"]').first().click();
    await page.locator('.tab', { hasText: /Feedback/ }).first().waitFor({ state: 'detached', timeout: 20_000 });
    await page.locator('.tab', { hasText: /#1020/ }).first().click();
    await runCommand(page, 'Caselink: File Product Feedback');
    frame = await formFrame(page, '#1020');
    assert.strictEqual(await frame.locator('#fb-title').inputValue(), 'Scheduled reports arrive empty for the finance team');
  });

  it('files the feedback and says where it went', async () => {
    const frame = await formFrame(page, '#1020');
    await frame.locator('button.primary.file').click();
    await frame.locator('text=/LUM-\\d+/').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(artifacts, 'ui-feedback-filed.png') });
  });
});
