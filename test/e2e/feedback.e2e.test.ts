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

  it('quotes text selected in a history entry of the case, marked as from the case', async () => {
    // The filed form keeps the focus in its page; closed first so the Command Palette keeps it.
    const filedTab = page.locator('.tab', { hasText: /Feedback/ }).first();
    await filedTab.hover();
    await filedTab.locator('.codicon-close, .action-label[aria-label^="Close"]').first().click();
    await filedTab.waitFor({ state: 'detached', timeout: 20_000 });
    await runCommand(page, 'Caselink: Open Ticket', '#1026');
    await page.locator('.tab', { hasText: /#1026/ }).first().waitFor({ timeout: 30_000 });
    const caseFrame = await findFrame(page, 'The case panel for #1026', async (frame) =>
      (await frame.$eval('#app', (el) => (el.querySelector('h1') ? el.textContent ?? '' : ''))).includes('#1026') && !!(await frame.$('.entry.message .entry-body:not([aria-busy])')));
    // Select the first words of the first message, as a drag would (a Range on its text).
    const selected = await caseFrame.evaluate(() => {
      const body = document.querySelector('.entry.message .entry-body')!;
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.textContent?.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
      const text = walker.nextNode() as Text;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, Math.min(text.length, 60));
      const selection = document.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      return selection.toString().replace(/\s+/g, ' ').trim();
    });
    assert.ok(selected.length > 5, `selected "${selected}"`);
    await page.waitForTimeout(600); // the page tells the host 150 ms after the selection settles
    // The tab's title-bar button, as a mouse user would click it.
    await page.locator('.editor-actions .action-label[aria-label^="File Product Feedback"]').first().click();
    const frame = await formFrame(page, '#1026');
    const quotes = frame.locator('.quotes .quote-text');
    await quotes.first().waitFor({ timeout: 20_000 });
    assert.strictEqual(((await quotes.first().textContent()) ?? '').replace(/\s+/g, ' ').trim(), selected, 'the selection is the first quote');
    assert.strictEqual(await frame.locator('#fb-evidence-prefilled').isVisible(), true, 'the evidence is marked "from the case"');
    await frame.locator('.quotes').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifacts, 'ui-feedback-selection.png') });

    // With the form still open, more text selected in the case goes into that form, at the end.
    await page.locator('.tab').filter({ hasText: /#1026/ }).filter({ hasNotText: /Feedback/ }).first().click();
    const caseAgain = await findFrame(page, 'The case panel for #1026, shown again', async (f) => !!(await f.$('.entry.message .entry-body:not([aria-busy])')));
    const more = await caseAgain.evaluate(() => {
      const bodies = document.querySelectorAll('.entry.message .entry-body');
      const body = bodies[bodies.length - 1];
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, { acceptNode: (n) => ((n.textContent?.trim().length ?? 0) > 12 ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
      const text = walker.nextNode() as Text;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, Math.min(text.length, 40));
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
      return document.getSelection()!.toString().replace(/\s+/g, ' ').trim();
    });
    await page.waitForTimeout(600);
    await page.locator('.editor-actions .action-label[aria-label^="File Product Feedback"]').first().click();
    const formAgain = await formFrame(page, '#1026');
    await formAgain.locator('.quotes .quote-text', { hasText: more }).first().waitFor({ timeout: 20_000 });
    const texts = (await formAgain.locator('.quotes .quote-text').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    assert.strictEqual(texts[texts.length - 1], more, 'the new selection is the last quote of the open form');
    assert.strictEqual(texts[0], selected, 'the earlier quote is kept');
  });
});
