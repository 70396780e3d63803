import * as assert from 'assert';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { artifacts, findFrame, openCaselink, openWorkbench, runCommand } from './workbench';

const openTicket = (page: Page, key: string) => runCommand(page, 'Caselink: Open Ticket', key);

/** The frame that runs the case panel's page for `key`. */
async function caseFrame(page: Page, title: RegExp, key: string): Promise<Frame> {
  await page.locator('.tab', { hasText: title }).first().waitFor({ timeout: 30_000 });
  return findFrame(page, `The case panel for ${key}`, async (frame) =>
    (await frame.$eval('#app', (el) => (el.querySelector('h1') ? el.textContent ?? '' : ''))).includes(key));
}

describe('Case panel in the workbench (Chromium)', function () {
  this.timeout(180_000);
  let page: Page;
  let close: () => Promise<void>;

  before(async () => {
    ({ page, close } = await openWorkbench('dark'));
    await openCaselink(page);
  });
  after(async () => close?.());

  it('renders a ticket with customer messages, public replies, internal notes and linked defects', async () => {
    // A demo ticket with internal notes and a linked defect, found with the same generator the extension uses.
    const { generateDemoData } = require(path.resolve(__dirname, '../../src/backends/demo/generator.js')) as typeof import('../../src/backends/demo/generator');
    const data = generateDemoData({ now: new Date() });
    const linked = new Set(data.links.map((l) => l.ticketId));
    const ticket = data.tickets.find((t) => linked.has(t.id) && data.history(t.id).some((e) => e.kind === 'message' && e.visibility === 'internal'))!;
    await openTicket(page, ticket.key);
    const frame = await caseFrame(page, new RegExp(ticket.key), ticket.key);
    await frame.locator('.entry.message.internal').first().waitFor({ timeout: 20_000 });
    assert.ok((await frame.locator('.entry.message.public').count()) > 0, 'public messages too');
    const text = await frame.locator('body').innerText();
    assert.match(text, /Internal note/i);
    assert.match(text, /Linked defects/i);
    await frame.locator('text=/LUM-\\d+/').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(artifacts, 'ui-case-dark.png') });
  });

  it('shows script payloads in subject, body and requester as text, and runs none of them', async () => {
    await openTicket(page, '#9001');
    const frame = await caseFrame(page, /#9001/, '#9001');
    await frame.locator('text=/Eve Mallory/').first().waitFor({ timeout: 20_000 });
    const heading = await frame.locator('h1').first().innerText();
    assert.match(heading, /<img src=x onerror=/, 'the subject is shown literally');
    const body = await frame.locator('body').innerText();
    assert.match(body, /<script>window.__caselinkPwned='requester'<\/script>Eve Mallory/);
    // Nothing ran: not in the panel's page, its parent webview frame, nor the workbench.
    for (const f of [frame, frame.parentFrame(), page.mainFrame()]) {
      if (!f) continue;
      assert.strictEqual(await f.evaluate(() => (window as unknown as { __caselinkPwned?: string }).__caselinkPwned), undefined);
    }
    const scripts = await frame.locator('script').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    assert.ok(scripts.every((text) => !text.includes('__caselinkPwned')), 'no script element came from customer content');
    assert.strictEqual(await frame.locator('iframe, form, object, embed').count(), 0);
    const hrefs = await frame.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(hrefs.every((h) => !/^\s*javascript:/i.test(h)), `no javascript: links (${hrefs.join(', ')})`);
    await page.screenshot({ path: path.join(artifacts, 'ui-case-hostile.png') });
  });

  it('keeps what the user typed when the tab is closed and the ticket opened again', async () => {
    await openTicket(page, '#1010');
    let frame = await caseFrame(page, /#1010/, '#1010');
    const noteTab = frame.locator('[role="tab"]', { hasText: /Internal note/ });
    await noteTab.click();
    const box = frame.locator('#composer-text-note');
    await box.click();
    await page.keyboard.type('Customer says it fails only on Safari; checking logs.');
    await page.waitForTimeout(800); // the draft is saved to the host 300 ms after typing stops
    // The tab's own close button: a key press could stay inside the webview's frame.
    await page.locator('.tab', { hasText: /#1010/ }).first().hover();
    await page.locator('.tab', { hasText: /#1010/ }).first().locator('.codicon-close, .action-label[aria-label^="Close"]').first().click();
    await page.locator('.tab', { hasText: /#1010/ }).waitFor({ state: 'detached', timeout: 20_000 });
    await openTicket(page, '#1010');
    frame = await caseFrame(page, /#1010/, '#1010');
    await frame.locator('#composer-text-note').waitFor({ state: 'visible' });
    const values = await frame.locator('textarea').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value));
    assert.ok(values.includes('Customer says it fails only on Safari; checking logs.'), `draft restored (${JSON.stringify(values)})`);
    await page.screenshot({ path: path.join(artifacts, 'ui-case-draft-restored.png') });
  });
});
