import * as assert from 'assert';
import { JSDOM } from 'jsdom';
import { type DuplicateView, FeedbackWebviewMessage, type FormDraft, type QuoteCandidate } from '../../src/protocol/feedbackProtocol';
import { type FeedbackView, type InitMessage, renderFeedback } from '../../src/webview-ui/feedback/feedbackView';
import { clipQuote, validateDraft } from '../../src/webview-ui/feedback/fields';
import { readPanelState } from '../../src/webview-ui/feedback/state';

const TICKET = { connectionId: 'demo', ticketId: '1042', key: '#1042', url: 'https://help.example.com/tickets/1042' };

function aDraft(overrides: Partial<FormDraft> = {}): FormDraft {
  return {
    title: 'Export fails for large files',
    productArea: 'Export',
    kind: 'defect',
    problem: 'Exporting a 2 GB project fails with a timeout after 30 seconds.',
    steps: '',
    expected: '',
    actual: '',
    environment: 'Version: 5.2',
    workaround: '',
    severity: 'major',
    customerImpact: 'Acme Corp (enterprise, ARR 120,000) is affected.',
    tags: ['export', 'vip'],
    evidence: [{ ticket: TICKET, eventId: 'e1', at: '2026-11-10T09:00:00.000Z', author: 'Ana Ruiz', quote: 'Export dies at 30 s' }],
    customers: [{ organization: 'Acme Corp', tier: 'enterprise', arr: 120_000 }],
    sources: [TICKET],
    ...overrides,
  };
}

const CANDIDATES: QuoteCandidate[] = [
  { eventId: 'e3', at: '2026-11-10T10:00:00.000Z', author: 'Bob Agent', role: 'agent', visibility: 'internal', text: 'Looks like BUG-7' },
  { eventId: 'e1', at: '2026-11-10T09:00:00.000Z', author: 'Ana Ruiz', role: 'customer', visibility: 'public', text: 'Export dies at 30 s' },
  { eventId: 'e4', at: '2026-11-10T11:00:00.000Z', author: 'Ana Ruiz', role: 'customer', visibility: 'public', text: `  <img src=x onerror="alert(1)"><script>alert(2)</script> still broken ${'x'.repeat(700)}` },
];

function anInit(overrides: Partial<InitMessage> = {}): InitMessage {
  return {
    type: 'init',
    draft: aDraft(),
    prefilled: ['title', 'productArea', 'kind', 'problem', 'environment', 'severity', 'customerImpact', 'tags', 'evidence', 'customers', 'sources'],
    ticket: TICKET,
    ticketSubject: 'Export fails for large files',
    trackerLabel: 'Redmine',
    areas: ['Billing', 'Export', 'Import'],
    quoteCandidates: CANDIDATES,
    ...overrides,
  };
}

function match(id: string, overrides: Partial<DuplicateView> = {}): DuplicateView {
  return { defectId: id, key: `BUG-${id}`, title: `Export times out ${id}`, status: 'In Progress', stage: 'inProgress', url: `https://redmine.example.com/issues/${id}`, linkedCases: 3, reasons: ['same product area', 'similar title'], ...overrides };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('feedback form rendering (jsdom)', () => {
  let jsdom: JSDOM;
  let doc: Document;
  let root: HTMLElement;
  let posted: FeedbackWebviewMessage[];
  let state: unknown;
  let view: FeedbackView | undefined;
  let ids = 0;
  let warnings: string[];

  beforeEach(() => {
    jsdom = new JSDOM('<!doctype html><html><body><div id="app"></div></body></html>', { pretendToBeVisual: true });
    doc = jsdom.window.document;
    root = doc.getElementById('app')!;
    posted = [];
    state = undefined;
    ids = 0;
    warnings = [];
  });
  afterEach(() => {
    view?.dispose();
    view = undefined;
    for (const m of posted) assert.ok(FeedbackWebviewMessage.safeParse(m).success, `invalid outgoing message ${JSON.stringify(m)}`);
    jsdom.window.close();
  });

  function mount(init = anInit(), delays = { save: 20, validate: 5, search: 20 }): FeedbackView {
    view = renderFeedback(root, init, (m) => posted.push(m), {
      newId: () => `req-${++ids}`,
      state: { getState: () => state, setState: (s) => void (state = s) },
      delays,
      log: { warn: (w: string) => void warnings.push(w) },
    });
    return view;
  }
  const $ = <T extends HTMLElement = HTMLElement>(selector: string) => root.querySelector(selector) as T;
  const $$ = (selector: string) => Array.from(root.querySelectorAll<HTMLElement>(selector));
  const byText = <T extends HTMLElement = HTMLButtonElement>(selector: string, text: string) => $$(selector).find((el) => el.textContent?.includes(text)) as T | undefined;
  const ofType = <T extends FeedbackWebviewMessage['type']>(type: T) => posted.filter((m): m is Extract<FeedbackWebviewMessage, { type: T }> => m.type === type);
  const type = (el: HTMLInputElement | HTMLTextAreaElement, text: string) => {
    el.value = text;
    el.dispatchEvent(new jsdom.window.Event('input', { bubbles: true }));
  };
  const key = (el: Element, k: string, extra: Partial<KeyboardEventInit> = {}) => el.dispatchEvent(new jsdom.window.KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...extra }));
  const errorOf = (id: string) => {
    const el = doc.getElementById(id)!;
    const described = (el.getAttribute('aria-describedby') ?? '').split(' ').map((x) => doc.getElementById(x)).filter((x): x is HTMLElement => !!x && x.classList.contains('field-error'));
    return described[0]?.textContent?.trim();
  };

  describe('init', () => {
    it('shows the header and fills every field from the draft', () => {
      mount();
      assert.strictEqual($('h1').textContent, 'Feedback from #1042: Export fails for large files');
      assert.ok($('header').textContent?.includes('Files to Redmine'));
      assert.strictEqual($<HTMLInputElement>('#fb-title').value, 'Export fails for large files');
      assert.strictEqual($<HTMLInputElement>('#fb-productArea').value, 'Export');
      assert.deepStrictEqual($$('#fb-areas option').map((o) => o.getAttribute('value')), ['Billing', 'Export', 'Import']);
      assert.strictEqual($<HTMLInputElement>('#fb-productArea').getAttribute('list'), 'fb-areas');
      assert.strictEqual($<HTMLSelectElement>('#fb-kind').value, 'defect');
      assert.deepStrictEqual($$('#fb-kind option').map((o) => o.textContent), ['Defect', 'Missing capability', 'Usability', 'Performance', 'Documentation']);
      assert.strictEqual($<HTMLSelectElement>('#fb-severity').value, 'major');
      assert.deepStrictEqual($$('#fb-severity option').map((o) => o.getAttribute('value')), ['critical', 'major', 'minor', 'cosmetic']);
      assert.ok($$('#fb-severity option')[1].textContent?.includes('main function'), 'each severity says what it means');
      assert.strictEqual($<HTMLTextAreaElement>('#fb-problem').value, aDraft().problem);
      assert.strictEqual($<HTMLTextAreaElement>('#fb-environment').value, 'Version: 5.2');
      assert.strictEqual($<HTMLInputElement>('#fb-workaroundAccepted-unknown').checked, true);
      assert.deepStrictEqual($$('.chip-text').map((c) => c.textContent), ['export', 'vip']);
      assert.deepStrictEqual($$('.quote .quote-text').map((q) => q.textContent), ['Export dies at 30 s']);
      assert.ok($('.quote').textContent?.includes('Ana Ruiz'));
      assert.ok($('.quote time').textContent?.includes('2026'));
      assert.ok($('.readonly-list.customers').textContent?.includes('Acme Corp (Enterprise, ARR 120K)'));
      assert.ok($('.readonly-list.sources').textContent?.includes('#1042'));
    });

    it('marks prefilled fields "from the case" and required fields as required', () => {
      mount();
      const badge = (field: string) => doc.getElementById(`fb-${field}-prefilled`)!;
      for (const field of ['title', 'productArea', 'problem', 'severity', 'tags', 'evidence', 'customers']) assert.strictEqual(badge(field).hidden, false, `${field} badge`);
      for (const field of ['steps', 'expected', 'workaround']) assert.strictEqual(badge(field).hidden, true, `${field} badge`);
      assert.strictEqual(badge('title').textContent, 'from the case');
      assert.ok($('#fb-title').getAttribute('aria-describedby')?.split(' ').includes('fb-title-prefilled'));
      const required = $$('[aria-required=true]').map((el) => el.id).sort();
      assert.deepStrictEqual(required, ['fb-kind', 'fb-problem', 'fb-productArea', 'fb-severity', 'fb-title']);
      assert.ok(doc.querySelector('label[for=fb-title] .required'));
    });

    it('searches for duplicates once after init', () => {
      mount();
      assert.deepStrictEqual(ofType('searchDuplicates'), [{ type: 'searchDuplicates', draft: aDraft() }]);
      assert.ok($('.duplicates').textContent?.includes('Searching Redmine for similar defects'));
      assert.strictEqual(ofType('saveDraft').length, 0, 'nothing changed, nothing to save');
    });

    it('prefers the draft in webview state and tells the host about it', () => {
      state = { draft: aDraft({ title: 'From state, newer' }) };
      mount();
      assert.strictEqual($<HTMLInputElement>('#fb-title').value, 'From state, newer');
      assert.deepStrictEqual(ofType('saveDraft'), [{ type: 'saveDraft', draft: aDraft({ title: 'From state, newer' }) }]);
    });
  });

  describe('editing', () => {
    it('shows a message for a too-short title and removes it when fixed', async () => {
      mount();
      const title = $<HTMLInputElement>('#fb-title');
      type(title, 'Short');
      await wait(20);
      assert.strictEqual(title.getAttribute('aria-invalid'), 'true');
      assert.strictEqual(errorOf('fb-title'), 'Title needs a few words (at least 8 characters)');
      assert.strictEqual($('#fb-title-error').hidden, false);
      type(title, 'Export fails above 2 GB');
      await wait(20);
      assert.strictEqual(title.hasAttribute('aria-invalid'), false);
      assert.strictEqual(errorOf('fb-title'), undefined);
      assert.strictEqual($('#fb-title-error').hidden, true);
    });

    it('saves every change to state at once and to the host debounced, and at once on blur', async () => {
      mount();
      type($<HTMLTextAreaElement>('#fb-steps'), '1. Export');
      assert.strictEqual((state as { draft: FormDraft }).draft.steps, '1. Export');
      assert.strictEqual(ofType('saveDraft').length, 0);
      await wait(40);
      assert.deepStrictEqual(ofType('saveDraft').map((m) => m.draft.steps), ['1. Export']);
      type($<HTMLTextAreaElement>('#fb-steps'), '1. Export 2 GB');
      $('#fb-steps').dispatchEvent(new jsdom.window.FocusEvent('focusout', { bubbles: true }));
      assert.deepStrictEqual(ofType('saveDraft').map((m) => m.draft.steps), ['1. Export', '1. Export 2 GB']);
    });

    it('edits kind, severity and the workaround answer', () => {
      mount();
      const severity = $<HTMLSelectElement>('#fb-severity');
      severity.value = 'critical';
      severity.dispatchEvent(new jsdom.window.Event('change', { bubbles: true }));
      const accepted = $<HTMLInputElement>('#fb-workaroundAccepted-no');
      accepted.checked = true;
      accepted.dispatchEvent(new jsdom.window.Event('change', { bubbles: true }));
      const draft = (state as { draft: FormDraft }).draft;
      assert.strictEqual(draft.severity, 'critical');
      assert.strictEqual(draft.workaroundAccepted, false);
      const unknown = $<HTMLInputElement>('#fb-workaroundAccepted-unknown');
      unknown.checked = true;
      unknown.dispatchEvent(new jsdom.window.Event('change', { bubbles: true }));
      assert.strictEqual('workaroundAccepted' in (state as { draft: FormDraft }).draft, false);
    });

    it('searches for duplicates again when the title changes, not for other fields', async () => {
      mount();
      type($<HTMLTextAreaElement>('#fb-steps'), 'Step one');
      await wait(40);
      assert.strictEqual(ofType('searchDuplicates').length, 1);
      type($<HTMLInputElement>('#fb-title'), 'Export of large projects times out');
      await wait(40);
      assert.deepStrictEqual(ofType('searchDuplicates').map((m) => m.draft.title), ['Export fails for large files', 'Export of large projects times out']);
    });

    it('adds tags with Enter, ignores a duplicate, removes one with its chip button', () => {
      mount();
      const input = $<HTMLInputElement>('#fb-tags');
      input.value = '  large files ';
      key(input, 'Enter');
      input.value = 'VIP';
      key(input, 'Enter');
      assert.deepStrictEqual($$('.chip-text').map((c) => c.textContent), ['export', 'vip', 'large files']);
      assert.ok($('#fb-tags-note').textContent?.includes('already a tag'));
      $<HTMLButtonElement>('button[aria-label="Remove tag export"]').click();
      assert.deepStrictEqual($$('.chip-text').map((c) => c.textContent), ['vip', 'large files']);
      assert.deepStrictEqual((state as { draft: FormDraft }).draft.tags, ['vip', 'large files']);
      assert.strictEqual(doc.activeElement, $('button[aria-label="Remove tag vip"]'), 'focus moves to the next chip');
      assert.ok($('[aria-live=polite]').textContent?.includes('Tag export removed.'));
    });

    it('lists quote candidates customer first and adds a checked one as evidence, trimmed to 600 characters', () => {
      mount();
      const picker = $<HTMLDetailsElement>('.quote-picker');
      assert.ok(picker.querySelector('summary')!.textContent?.includes('Add quotes from the case'));
      const metas = $$('.candidate-meta').map((m) => m.textContent ?? '');
      assert.ok(metas[0].startsWith('Ana Ruiz (customer)') && metas[1].startsWith('Ana Ruiz (customer)') && metas[2].startsWith('Bob Agent (agent)'), metas.join(' | '));
      assert.ok(metas[2].includes('internal note'));
      const boxes = $$('.candidate input') as HTMLInputElement[];
      assert.strictEqual(boxes[0].checked, true, 'e1 is already evidence');
      boxes[1].click();
      const evidence = (state as { draft: FormDraft }).draft.evidence;
      assert.strictEqual(evidence.length, 2);
      assert.deepStrictEqual({ ...evidence[1], quote: undefined }, { ticket: TICKET, eventId: 'e4', at: '2026-11-10T11:00:00.000Z', author: 'Ana Ruiz', quote: undefined });
      assert.ok(evidence[1].quote.length <= 600 && evidence[1].quote.endsWith('…'));
      assert.ok(evidence[1].quote.startsWith('<img src=x'), 'trimmed at the start too');
      assert.strictEqual($$('.quote').length, 2);
      boxes[0].click();
      assert.deepStrictEqual((state as { draft: FormDraft }).draft.evidence.map((e) => e.eventId), ['e4']);
      $<HTMLButtonElement>('.quote button').click();
      assert.deepStrictEqual((state as { draft: FormDraft }).draft.evidence, []);
      assert.strictEqual(boxes[1].checked, false);
      assert.ok($('.evidence-field').textContent?.includes('No quotes yet'));
    });

    it('adds a quote the host sends (text selected in the case) once, and saves it with the draft', () => {
      const view = mount();
      const quote = { ticket: TICKET, eventId: 'e4', at: '2026-11-10T11:00:00.000Z', author: 'Ana Ruiz', quote: 'only the <b>selected</b> words' };
      assert.strictEqual(view.receive({ type: 'addQuote', evidence: quote }), true);
      const evidence = () => (state as { draft: FormDraft }).draft.evidence;
      assert.deepStrictEqual(evidence()[evidence().length - 1], quote);
      assert.strictEqual($$('.quote').length, 2);
      assert.strictEqual($$('.quote .quote-text')[1].textContent, 'only the <b>selected</b> words');
      assert.ok($('[aria-live=polite]').textContent?.includes('Quote from Ana Ruiz added'));
      view.receive({ type: 'addQuote', evidence: quote });
      assert.strictEqual(evidence().length, 2, 'the same words from the same entry are not added twice');
      assert.ok($('[aria-live=polite]').textContent?.includes('already in the evidence'));
      assert.strictEqual(view.receive({ type: 'addQuote', evidence: { ...quote, quote: '' } }), false, 'an empty quote is refused');
    });

    it('shows customer words in quotes as text, never as markup', () => {
      const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>';
      mount(anInit({ draft: aDraft({ evidence: [{ ticket: TICKET, eventId: 'e9', at: '2026-11-10T09:00:00.000Z', author: '<i>Eve</i>', quote: hostile }] }) }));
      assert.strictEqual($('.quote .quote-text').textContent, hostile);
      assert.ok($('.quote .author').textContent === '<i>Eve</i>');
      assert.strictEqual(root.querySelectorAll('img, script, b, i').length, 0);
      assert.ok($$('.candidate-text').some((t) => t.textContent?.startsWith('<img src=x onerror=')));
    });
  });

  describe('submit', () => {
    it('posts one submit, disables the button at once and ignores a double click and Ctrl+Enter', () => {
      mount();
      const button = byText('button', 'File feedback')!;
      button.click();
      button.click();
      key($('#fb-problem'), 'Enter', { ctrlKey: true });
      assert.deepStrictEqual(ofType('submit'), [{ type: 'submit', requestId: 'req-1', draft: aDraft() }]);
      assert.strictEqual(button.disabled, true);
      assert.strictEqual(button.getAttribute('aria-busy'), 'true');
      assert.strictEqual($<HTMLInputElement>('#fb-title').readOnly, true);
      assert.deepStrictEqual((state as { pending: unknown }).pending, { requestId: 'req-1', kind: 'submit' });
    });

    it('files with Ctrl+Enter', () => {
      mount();
      key($('#fb-title'), 'Enter', { metaKey: true });
      assert.strictEqual(ofType('submit').length, 1);
    });

    it('does not submit an invalid draft: a summary links to each field', () => {
      mount(anInit({ draft: aDraft({ title: '', problem: 'Too short' }) }));
      byText('button', 'File feedback')!.click();
      assert.strictEqual(ofType('submit').length, 0);
      const summary = $('.error-summary');
      assert.strictEqual(summary.hidden, false);
      assert.strictEqual(doc.activeElement, summary);
      const links = $$('.error-summary a');
      assert.deepStrictEqual(links.map((a) => a.textContent), ['Title needs a few words (at least 8 characters)', 'Problem needs a sentence or two: what goes wrong for the customer?']);
      links[1].click();
      assert.strictEqual(doc.activeElement, $('#fb-problem'));
      assert.strictEqual(ofType('openLink').length, 0, 'summary links stay in the page');
      assert.strictEqual(errorOf('fb-title'), 'Title needs a few words (at least 8 characters)');
    });

    it('shows "Filed as" with a link and keeps the form read-only', () => {
      mount();
      byText('button', 'File feedback')!.click();
      view!.receive({ type: 'result', requestId: 'req-1', ok: true, outcome: { state: 'filed', key: '#123', url: 'https://redmine.example.com/issues/123' } });
      const outcome = $('.outcome');
      assert.strictEqual(outcome.hidden, false);
      assert.ok(outcome.querySelector('h2')!.textContent?.includes('Filed as #123'));
      assert.strictEqual(doc.activeElement, outcome.querySelector('h2'));
      byText<HTMLAnchorElement>('.outcome a', 'Open #123 in Redmine')!.click();
      assert.deepStrictEqual(ofType('openLink'), [{ type: 'openLink', url: 'https://redmine.example.com/issues/123' }]);
      assert.strictEqual($<HTMLInputElement>('#fb-title').readOnly, true);
      assert.strictEqual($<HTMLSelectElement>('#fb-kind').disabled, true);
      assert.strictEqual(byText('button', 'File feedback')!.hidden, true);
      type($<HTMLInputElement>('#fb-title'), 'changed anyway');
      assert.strictEqual((state as { draft: FormDraft }).draft.title, 'Export fails for large files');
      assert.ok($('[aria-live=polite]').textContent?.includes('Filed as #123'));
      byText('.outcome button', 'Close')!.click();
      assert.deepStrictEqual(posted.at(-1), { type: 'close' });
    });

    it('says "Queued" and stays read-only after a reload', () => {
      mount();
      byText('button', 'File feedback')!.click();
      view!.receive({ type: 'result', requestId: 'req-1', ok: true, outcome: { state: 'queued' } });
      assert.ok($('.outcome').textContent?.includes('Caselink files it in the background; see the Outbox'));
      view!.dispose();
      posted = [];
      const fresh = new JSDOM('<!doctype html><html><body><div id="app"></div></body></html>');
      root = fresh.window.document.getElementById('app')!;
      mount(anInit({ prefilled: [] }));
      assert.ok($('.outcome').textContent?.includes('Queued'));
      assert.strictEqual($<HTMLInputElement>('#fb-title').readOnly, true);
      assert.deepStrictEqual(posted, [], 'no search, no save: the host already has it');
      fresh.window.close();
    });

    it('on failure shows the message and the host’s field errors, keeps the draft and enables the button again', () => {
      mount();
      const button = byText('button', 'File feedback')!;
      button.click();
      view!.receive({ type: 'result', requestId: 'req-1', ok: false, message: 'Some fields need attention.', fieldErrors: { productArea: 'is needed so the right team sees it' } });
      assert.strictEqual(button.disabled, false);
      assert.strictEqual($<HTMLInputElement>('#fb-title').readOnly, false);
      assert.strictEqual($<HTMLInputElement>('#fb-title').value, 'Export fails for large files');
      assert.ok($('#fb-failure').textContent?.includes('Filing failed: Some fields need attention. Your draft is kept.'));
      assert.strictEqual(errorOf('fb-productArea'), 'Product area is needed so the right team sees it');
      assert.deepStrictEqual($$('.error-summary a').map((a) => a.textContent), ['Product area is needed so the right team sees it']);
      type($<HTMLInputElement>('#fb-productArea'), 'Export jobs');
      return wait(20).then(() => {
        assert.strictEqual(errorOf('fb-productArea'), undefined, 'editing the field clears the host’s message');
        button.click();
        assert.deepStrictEqual(ofType('submit').map((m) => m.requestId), ['req-1', 'req-2']);
      });
    });
  });

  describe('similar defects', () => {
    it('shows loading, error, empty and loaded states explicitly', () => {
      mount();
      const side = $('.duplicates');
      assert.ok(side.querySelector('h2')!.textContent?.includes('Similar defects in Redmine'));
      view!.receive({ type: 'duplicates', state: 'error', matches: [], message: 'Redmine is down' });
      assert.ok(side.textContent?.includes('Redmine is down'));
      byText('.duplicates button', 'Try again')!.click();
      assert.strictEqual(ofType('searchDuplicates').length, 2);
      view!.receive({ type: 'duplicates', state: 'loaded', matches: [] });
      assert.ok(side.textContent?.includes('No similar defects found in Redmine'));
      view!.receive({ type: 'duplicates', state: 'loaded', matches: [match('7'), match('9', { stage: 'done', status: 'Closed', linkedCases: undefined })] });
      const items = $$('.match');
      assert.strictEqual(items.length, 2);
      for (const text of ['BUG-7', 'Export times out 7', 'In Progress', '3 cases linked', 'same product area', 'similar title']) assert.ok(items[0].textContent?.includes(text), `lacks ${text}`);
      assert.ok(items[1].textContent?.includes('fixed/closed'));
      assert.ok(!items[1].textContent?.includes('linked'));
      assert.ok($('[aria-live=polite]').textContent?.includes('2 similar defects found in Redmine'));
      assert.ok($('.dup-callout').textContent?.includes('Review 2 similar defects in Redmine first'));
      items[0].querySelector('a')!.click();
      assert.deepStrictEqual(ofType('openLink'), [{ type: 'openLink', url: 'https://redmine.example.com/issues/7' }]);
    });

    it('adds the case as +1 only after confirming, once', () => {
      mount();
      view!.receive({ type: 'duplicates', state: 'loaded', matches: [match('7')] });
      byText('.match button', 'Add this case as +1')!.click();
      assert.strictEqual(ofType('addEvidence').length, 0, 'nothing before confirming');
      const row = $('.confirm-row');
      assert.ok(row.textContent?.includes('Add #1042 to BUG-7 as +1?'));
      assert.strictEqual(doc.activeElement, byText('.confirm-row button', 'Confirm +1'));
      byText('.confirm-row button', 'Cancel')!.click();
      assert.strictEqual($('.confirm-row'), null);
      assert.strictEqual(doc.activeElement, byText('.match button', 'Add this case as +1'));
      byText('.match button', 'Add this case as +1')!.click();
      const confirm = byText('.confirm-row button', 'Confirm +1')!;
      confirm.click();
      confirm.click();
      assert.deepStrictEqual(ofType('addEvidence'), [{ type: 'addEvidence', requestId: 'req-1', defectId: '7', draft: aDraft() }]);
      const plus = byText('.match button', 'Adding +1')!;
      assert.strictEqual(plus.disabled, true);
      assert.strictEqual(byText('button', 'File feedback')!.disabled, true);
      view!.receive({ type: 'result', requestId: 'req-1', ok: true, outcome: { state: 'evidenceAdded', key: 'BUG-7', url: 'https://redmine.example.com/issues/7' } });
      assert.ok($('.outcome h2').textContent?.includes('Added as +1 to BUG-7'));
      assert.strictEqual(byText('.match button', 'Add this case as +1')!.disabled, true);
    });

    it('Escape cancels the +1 confirmation', () => {
      mount();
      view!.receive({ type: 'duplicates', state: 'loaded', matches: [match('7')] });
      byText('.match button', 'Add this case as +1')!.click();
      key(byText('.confirm-row button', 'Confirm +1')!, 'Escape');
      assert.strictEqual($('.confirm-row'), null);
      assert.strictEqual(ofType('addEvidence').length, 0);
    });
  });

  describe('host messages, accessibility and CSP', () => {
    it('ignores invalid host messages', () => {
      mount();
      assert.strictEqual(view!.receive({ type: 'init', draft: { title: 5 } }), false);
      assert.strictEqual(view!.receive({ type: 'duplicates', state: 'loaded', matches: [{ key: 'x' }] }), false);
      assert.strictEqual(view!.receive({ type: 'evil' }), false);
      assert.strictEqual(view!.receive(null), false);
      assert.strictEqual(warnings.length, 4);
      assert.strictEqual($<HTMLInputElement>('#fb-title').value, 'Export fails for large files');
      assert.strictEqual($$('.match').length, 0);
    });

    it('opens only web links, through the host', () => {
      mount(anInit({ draft: aDraft({ sources: [{ ...TICKET, url: 'javascript:alert(1)' }] }) }));
      assert.strictEqual($('.readonly-list.sources a'), null, 'no link for a non-web address');
      view!.receive({ type: 'duplicates', state: 'loaded', matches: [match('7', { url: 'javascript:alert(1)' })] });
      assert.strictEqual($('.match a'), null);
    });

    it('labels every control, groups with legends, no inline styles or handlers', () => {
      mount();
      for (const control of $$('input, select, textarea')) {
        const labelled = control.getAttribute('aria-labelledby') || doc.querySelector(`label[for="${control.id}"]`) || control.closest('label');
        assert.ok(labelled, `unlabelled ${control.outerHTML}`);
      }
      for (const button of $$('button')) assert.ok(button.getAttribute('aria-label') || button.textContent?.trim(), `unnamed button ${button.outerHTML}`);
      for (const fieldset of $$('fieldset')) assert.ok(fieldset.querySelector(':scope > legend')?.textContent?.trim(), 'fieldset without legend');
      assert.ok($('main[aria-label]') && $('aside[aria-labelledby]') && $('header h1'));
      assert.ok($('[aria-live=polite]'));
      assert.strictEqual($$('[style]').length, 0);
      for (const el of $$('*')) for (const attr of Array.from(el.attributes)) assert.ok(!attr.name.startsWith('on'), `${attr.name} on <${el.localName}>`);
    });

    it('gives up on a restored request when no answer comes, and says to check the Outbox', async () => {
      state = { draft: aDraft(), pending: { requestId: 'old-1', kind: 'submit' } };
      view = renderFeedback(root, anInit(), (m) => posted.push(m), { newId: () => 'req-new', state: { getState: () => state, setState: (s) => void (state = s) }, restoredWaitMs: 10, log: { warn: () => undefined } });
      assert.strictEqual(byText('button', 'Filing')!.disabled, true);
      await wait(30);
      assert.strictEqual(byText('button', 'File feedback')!.disabled, false);
      assert.ok($('#fb-failure').textContent?.includes('Check the Outbox'));
      assert.strictEqual((state as { pending?: unknown }).pending, undefined);
    });

    it('keeps the form locked after a reload while a request is in flight, until its result', () => {
      state = { draft: aDraft(), pending: { requestId: 'old-1', kind: 'submit' } };
      mount();
      assert.strictEqual(byText('button', 'Filing')!.disabled, true);
      view!.receive({ type: 'result', requestId: 'old-1', ok: true, outcome: { state: 'filed', key: '#55' } });
      assert.ok($('.outcome').textContent?.includes('Filed as #55'));
    });
  });

  describe('helpers', () => {
    it('reads only well-formed webview state', () => {
      assert.deepStrictEqual(readPanelState(undefined), {});
      assert.deepStrictEqual(readPanelState({ draft: { title: 1 }, pending: { requestId: 7 }, done: { kind: 'submit', state: 'bogus' } }), {});
      assert.deepStrictEqual(readPanelState({ draft: aDraft(), done: { kind: 'submit', state: 'filed', key: '#1' } }), { draft: aDraft(), done: { kind: 'submit', state: 'filed', key: '#1', url: undefined, defectKey: undefined } });
    });

    it('phrases issues as sentences about the field, including items of lists', () => {
      const errors = validateDraft(aDraft({ title: 'x'.repeat(201), tags: ['ok', 'y'.repeat(61)], evidence: [{ ticket: TICKET, eventId: 'e1', at: 'yesterday', quote: '  ' }], sources: [] }));
      assert.strictEqual(errors.get('title'), 'Title is too long (at most 200 characters)');
      assert.strictEqual(errors.get('tags'), 'Tag 2 is too long (at most 60 characters)');
      assert.match(errors.get('evidence') ?? '', /^Quote 1 (date is not in a valid format|is empty)$/);
      assert.strictEqual(errors.get('sources'), 'The feedback needs the case it comes from');
    });

    it('clips quotes to 600 characters at a word', () => {
      assert.strictEqual(clipQuote('  short \r\n'), 'short');
      const long = clipQuote(`${'word '.repeat(200)}`);
      assert.ok(long.length <= 600 && long.endsWith('word…'), long.slice(-20));
    });
  });
});
