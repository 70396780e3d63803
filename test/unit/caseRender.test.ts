import * as assert from 'assert';
import { JSDOM } from 'jsdom';
import type { HistoryEvent } from '../../src/core/model/history';
import { type CaseSnapshot, type Drafts, type LinkedDefectView, WebviewMessage } from '../../src/protocol/caseProtocol';
import { type CaseView, renderCase } from '../../src/webview-ui/case/caseView';
import { aTicket } from '../builders/ticket';

const NOW = '2026-11-10T12:00:00.000Z';
const EMPTY: Drafts = { reply: '', note: '', mode: 'reply' };

function message(id: string, overrides: Partial<Extract<HistoryEvent, { kind: 'message' }>> = {}): HistoryEvent {
  return { id, kind: 'message', at: '2026-11-10T10:00:00.000Z', author: { id: 'c1', name: 'Ana Ruiz', email: 'ana@example.com' }, authorRole: 'customer', visibility: 'public', body: `Body ${id}`, format: 'text', attachments: [], ...overrides };
}

function defect(id: string, linkedTickets: number, problem?: string): LinkedDefectView {
  return {
    defectId: id,
    linkedTickets,
    problem,
    defect: problem ? undefined : { trackerId: 't', id, key: `BUG-${id}`, title: `Crash ${id}`, status: 'In Progress', stage: 'inProgress', priority: 'high', assignee: { id: 'd', name: 'Dev One' }, createdAt: NOW, updatedAt: NOW },
  };
}

function aSnapshot(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    ticket: {
      state: 'loaded',
      value: aTicket({
        key: '#1042',
        subject: 'Export fails for large files',
        status: 'open',
        priority: 'high',
        requester: { id: 'c1', name: 'Ana Ruiz', email: 'ana@example.com' },
        organization: { id: 'o1', name: 'Acme Corp', tier: 'enterprise', arr: 120_000 },
        assignee: { id: 'a1', name: 'Bob Agent' },
        group: 'Tier 2',
        tags: ['export', 'vip'],
        customFields: { Plan: 'Enterprise', Seats: 250, Escalated: true },
        dueAt: '2026-11-10T10:00:00.000Z',
        url: 'https://help.example.com/tickets/1042',
      }),
    },
    history: {
      state: 'loaded',
      value: [
        message('e1', { at: '2026-11-10T09:00:00.000Z', attachments: [{ id: 'a', name: 'log.txt', size: 1536, url: 'https://files.example.com/log.txt' }, { id: 'b', name: 'shot.png' }] }),
        { id: 'e2', kind: 'change', at: '2026-11-10T09:30:00.000Z', author: { id: 'a1', name: 'Bob Agent' }, field: 'status', from: 'new', to: 'open' },
        message('e3', { author: { id: 'a1', name: 'Bob Agent' }, authorRole: 'agent', visibility: 'internal', format: 'markdown', body: 'Looks like **BUG-7**' }),
        message('e4', { at: '2026-11-10T11:00:00.000Z', format: 'html', body: '<p>See <a href="https://status.example.com/">status</a> and <a href="javascript:alert(1)">this</a><img src="https://t.example.com/p.gif"></p>' }),
        { id: 'e5', kind: 'other', at: '2026-11-10T11:30:00.000Z', description: 'Merged ticket #1041' },
      ],
    },
    defects: { state: 'loaded', value: [defect('7', 3), defect('9', 1, 'BUG-9 was deleted in the tracker.')] },
    firstUnreadEventId: 'e4',
    notices: ['1 history entry of an unknown type'],
    connectionLabel: 'Demo',
    trackerLabel: 'Demo tracker',
    now: NOW,
    options: { statuses: ['new', 'open', 'pending', 'hold', 'solved', 'closed'], priorities: ['urgent', 'high', 'normal', 'low'] },
    allowRemoteImages: false,
    busy: [],
    ...overrides,
  };
}

describe('case panel rendering (jsdom)', () => {
  let jsdom: JSDOM;
  let doc: Document;
  let root: HTMLElement;
  let posted: WebviewMessage[];
  let state: unknown;
  let view: CaseView | undefined;
  let ids = 0;

  beforeEach(() => {
    jsdom = new JSDOM('<!doctype html><html><body><div id="app"></div></body></html>', { pretendToBeVisual: true });
    doc = jsdom.window.document;
    root = doc.getElementById('app')!;
    posted = [];
    state = undefined;
    ids = 0;
  });
  afterEach(() => {
    view?.dispose();
    view = undefined;
    for (const m of posted) assert.ok(WebviewMessage.safeParse(m).success, `invalid outgoing message ${JSON.stringify(m)}`);
    jsdom.window.close();
  });

  function mount(snapshot = aSnapshot(), drafts = EMPTY, draftDelayMs = 300): CaseView {
    view = renderCase(root, snapshot, drafts, (m) => posted.push(m), {
      newId: () => `req-${++ids}`,
      state: { getState: () => state, setState: (s) => void (state = s) },
      draftDelayMs,
      log: { warn: () => undefined },
    });
    return view;
  }
  const $ = <T extends Element = HTMLElement>(selector: string) => root.querySelector<T & Element>(selector) as unknown as T;
  const $$ = (selector: string) => Array.from(root.querySelectorAll<HTMLElement>(selector));
  const byText = (selector: string, text: string) => $$(selector).find((el) => el.textContent?.includes(text));
  const key = (el: Element, k: string, extra: Partial<KeyboardEventInit> = {}) => el.dispatchEvent(new jsdom.window.KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...extra }));
  const type = (el: HTMLTextAreaElement, text: string) => {
    el.value = text;
    el.dispatchEvent(new jsdom.window.Event('input', { bubbles: true }));
  };

  describe('header and details', () => {
    it('shows subject, key, status, priority, due, requester and organisation', () => {
      mount();
      const header = $('header');
      assert.strictEqual($('h1').textContent, 'Export fails for large files');
      for (const text of ['#1042', 'Open', 'High priority', 'Overdue by 2 h', 'Ana Ruiz', 'ana@example.com', 'Acme Corp', 'Enterprise', 'ARR 120K', 'Demo']) {
        assert.ok(header.textContent?.includes(text), `header lacks ${text}: ${header.textContent}`);
      }
    });

    it('shows assignee, group, tags, custom fields and dates in the details', () => {
      mount();
      const details = $('.details');
      for (const text of ['Bob Agent', 'Tier 2', 'export', 'vip', 'Plan', 'Enterprise', 'Seats', '250', 'Escalated', 'Yes', 'Created', 'Updated', 'Overdue by 2 h']) {
        assert.ok(details.textContent?.includes(text), `details lack ${text}`);
      }
      assert.strictEqual($<HTMLSelectElement>('select[data-action=setStatus]').value, 'open');
      assert.strictEqual($<HTMLSelectElement>('select[data-action=setPriority]').value, 'high');
    });

    it('says "Due in" before the due time', () => {
      mount(aSnapshot({ now: '2026-11-10T06:40:00.000Z' }));
      assert.ok($('header').textContent?.includes('Due in 3 h 20 min'));
    });

    it('opens the ticket in the helpdesk only when it has a url', () => {
      mount();
      byText('button', 'Open in helpdesk')!.click();
      assert.deepStrictEqual(posted, [{ type: 'openTicketInHelpdesk' }]);
      view!.snapshot(aSnapshot({ ticket: { state: 'loaded', value: aTicket({ url: undefined }) } }));
      assert.strictEqual(byText('button', 'Open in helpdesk'), undefined);
    });

    it('shows a ticket error prominently with Refresh, and still the history and defects', () => {
      mount(aSnapshot({ ticket: { state: 'error', message: 'Zendesk said 503' } }));
      const banner = $('[role=alert]');
      assert.ok(banner.textContent?.includes('Zendesk said 503'));
      byText('[role=alert] button', 'Refresh')!.click();
      assert.deepStrictEqual(posted, [{ type: 'refresh' }]);
      assert.strictEqual($$('.history-list > li').length, 5);
      assert.ok($('.defects').textContent?.includes('BUG-7'));
    });

    it('shows loading states as text, never blank', () => {
      mount(aSnapshot({ ticket: { state: 'loading' }, history: { state: 'loading' }, defects: { state: 'loading' } }));
      assert.ok(root.textContent?.includes('Loading ticket…'));
      assert.ok(root.textContent?.includes('Loading history…'));
      assert.ok(root.textContent?.includes('Loading linked defects…'));
    });

    it('lists the snapshot notices at the top', () => {
      mount();
      assert.ok($('section.notices').textContent?.includes('1 history entry of an unknown type'));
    });
  });

  describe('history', () => {
    it('renders every event in order as a list with accessible names', () => {
      mount();
      const items = $$('.history-list > li');
      assert.deepStrictEqual(items.map((li) => li.dataset.id), ['e1', 'e2', 'e3', 'e4', 'e5']);
      assert.strictEqual(items[0].getAttribute('aria-label'), 'Customer message from Ana Ruiz, 3 hours ago');
      assert.strictEqual(items[1].getAttribute('aria-label'), 'Bob Agent changed status from New to Open, 2 hours ago');
      assert.strictEqual(items[2].getAttribute('aria-label'), 'Internal note from Bob Agent, 2 hours ago');
      assert.strictEqual(items[4].getAttribute('aria-label'), 'Merged ticket #1041, 30 minutes ago');
    });

    it('sets internal notes apart from public messages', () => {
      mount();
      const note = $$('.history-list > li')[2];
      assert.ok(note.classList.contains('internal'));
      assert.ok(note.querySelector('.kind-badge.internal .codicon-lock'));
      assert.ok(note.textContent?.includes('Internal note'));
      assert.ok(note.querySelector('.entry-body strong'), 'markdown rendered');
      const customer = $$('.history-list > li')[0];
      assert.ok(customer.classList.contains('public'));
      assert.ok(customer.querySelector('.codicon-mail'));
    });

    it('lists attachments with sizes and opens the ones with a url', () => {
      mount();
      const first = $$('.history-list > li')[0];
      assert.ok(first.textContent?.includes('log.txt (1.5 KB)'));
      assert.ok(first.textContent?.includes('shot.png (size unknown)'));
      byText('.attachments button', 'log.txt')!.click();
      assert.deepStrictEqual(posted, [{ type: 'openLink', url: 'https://files.example.com/log.txt' }]);
    });

    it('intercepts link clicks and posts openLink instead of navigating', () => {
      mount();
      const link = byText('.entry-body a', 'status')!;
      const click = new jsdom.window.MouseEvent('click', { bubbles: true, cancelable: true });
      link.dispatchEvent(click);
      assert.ok(click.defaultPrevented);
      assert.deepStrictEqual(posted, [{ type: 'openLink', url: 'https://status.example.com/' }]);
      const unsafe = byText('.entry-body a', 'this')!;
      const click2 = new jsdom.window.MouseEvent('click', { bubbles: true, cancelable: true });
      unsafe.dispatchEvent(click2);
      assert.ok(click2.defaultPrevented);
      assert.strictEqual(posted.length, 1, 'the javascript: link posts nothing');
    });

    it('blocks remote images behind one notice whose button asks the host', () => {
      mount();
      assert.ok(root.textContent?.includes('[remote image blocked: t.example.com]'));
      const bar = $('.notice-bar');
      assert.strictEqual(bar.hidden, false);
      assert.ok(bar.textContent?.includes('Remote images are blocked (1 image)'));
      byText('.notice-bar button', 'Load remote images')!.click();
      assert.deepStrictEqual(posted, [{ type: 'allowRemoteImages' }]);
      view!.snapshot(aSnapshot({ allowRemoteImages: true }));
      assert.ok($('.entry-body img[src="https://t.example.com/p.gif"]'));
      assert.strictEqual($('.notice-bar').hidden, true);
    });

    it('marks the first unread event with a "New" divider', () => {
      mount();
      const divider = $('.new-divider');
      assert.strictEqual((divider.closest('li') as HTMLElement).dataset.id, 'e4');
      assert.strictEqual(divider.textContent, 'New');
    });

    it('reuses unchanged entries on a new snapshot and appends new ones', () => {
      mount();
      const before = $$('.history-list > li');
      const history = aSnapshot().history as { state: 'loaded'; value: HistoryEvent[] };
      view!.snapshot(aSnapshot({ history: { state: 'loaded', value: [...history.value, message('e6', { at: '2026-11-10T11:59:00.000Z' })] }, now: '2026-11-10T13:00:00.000Z' }));
      const after = $$('.history-list > li');
      assert.strictEqual(after.length, 6);
      for (let i = 0; i < 5; i++) assert.strictEqual(after[i], before[i], `entry ${i} was rebuilt`);
      assert.strictEqual(after[0].getAttribute('aria-label'), 'Customer message from Ana Ruiz, 4 hours ago', 'ages follow snapshot.now');
    });

    it('keeps the history visible with an error and Refresh when a reload fails', () => {
      mount();
      view!.snapshot(aSnapshot({ history: { state: 'error', message: 'timeout' } }));
      assert.ok($('.history').textContent?.includes('The history could not be loaded: timeout'));
      assert.strictEqual($$('.history-list > li').length, 5);
    });

    const thousand = (): HistoryEvent[] =>
      Array.from({ length: 1000 }, (_, i) =>
        i % 10 === 3
          ? { id: `c${i}`, kind: 'change', at: NOW, field: 'priority', from: 'low', to: 'high' }
          : message(`m${i}`, { format: i % 3 === 0 ? 'html' : i % 3 === 1 ? 'markdown' : 'text', visibility: i % 4 === 0 ? 'internal' : 'public', body: i % 3 === 0 ? `<p>Hello <b>${i}</b> <a href="https://x.example/${i}">link</a></p>` : `Line **${i}**\nsecond line https://example.com/${i}` }),
      );
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(done(), 'timed out');
    };

    it('renders 1,000 events: the part where the list opens at once, the rest over the next frames (time printed, not asserted)', async () => {
      const events = thousand();
      const started = performance.now();
      mount(aSnapshot({ history: { state: 'loaded', value: events }, firstUnreadEventId: 'm500' }));
      const first = performance.now() - started;
      const early = $$('.history-list > li').map((li) => li.dataset.id);
      assert.ok(early.includes('m500') && early.length < 1000);
      assert.strictEqual($('.new-divider').closest('li')!.getAttribute('data-id'), 'm500');
      assert.ok($('#history-heading').textContent?.includes('1000'));
      await until(() => $$('.history-list > li').length === 1000);
      const all = performance.now() - started;
      assert.deepStrictEqual($$('.history-list > li').map((li) => li.dataset.id), events.map((e) => e.id));
      console.log(`      (jsdom: 1,000 events, first part in ${first.toFixed(0)} ms, all entries in ${all.toFixed(0)} ms)`);
    });

    it('fills the bodies away from the opening place over the next frames', async () => {
      const events = Array.from({ length: 60 }, (_, i) => message(`b${i}`, { format: 'markdown', body: `**${i}**` }));
      mount(aSnapshot({ history: { state: 'loaded', value: events } }));
      const busy = () => $$('.entry-body[aria-busy]').map((b) => (b.closest('li') as HTMLElement).dataset.id);
      assert.ok(busy().length > 0 && !busy().includes('b59'), 'the newest bodies are there first');
      await until(() => busy().length === 0);
      assert.strictEqual($$('.entry-body strong').length, 60);
    });

    it('builds the rest at once, in order, when a snapshot arrives while a long history is still being added', () => {
      const events = thousand().slice(0, 300);
      mount(aSnapshot({ history: { state: 'loaded', value: events } }));
      const more = [...events, message('late', { at: '2026-11-10T11:59:00.000Z' })];
      view!.snapshot(aSnapshot({ history: { state: 'loaded', value: more } }));
      assert.deepStrictEqual($$('.history-list > li').map((li) => li.dataset.id), more.map((e) => e.id));
    });
  });

  describe('linked defects', () => {
    it('shows each defect with its facts, and opens and unlinks it', () => {
      mount();
      const item = $$('.defect')[0];
      for (const text of ['BUG-7', 'Crash 7', 'In Progress', 'High priority', 'Dev One', '2 other tickets']) assert.ok(item.textContent?.includes(text), `defect lacks ${text}`);
      byText('.defect button', 'BUG-7')!.click();
      const unlink = item.querySelector<HTMLButtonElement>('button[aria-label="Unlink BUG-7"]')!;
      unlink.click();
      assert.deepStrictEqual(posted, [{ type: 'openDefect', defectId: '7' }, { type: 'unlinkDefect', requestId: 'req-1', defectId: '7' }]);
      const again = $$('.defect')[0].querySelector<HTMLButtonElement>('button[aria-label="Unlink BUG-7"]')!;
      assert.strictEqual(again.disabled, true);
      assert.strictEqual(again.getAttribute('aria-busy'), 'true');
    });

    it('shows a missing defect with its problem and still lets it be unlinked', () => {
      mount();
      const missing = $$('.defect')[1];
      assert.ok(missing.textContent?.includes('BUG-9 was deleted in the tracker.'));
      missing.querySelector<HTMLButtonElement>('button[aria-label="Unlink 9"]')!.click();
      assert.deepStrictEqual(posted, [{ type: 'unlinkDefect', requestId: 'req-1', defectId: '9' }]);
    });

    it('shows the defects error and the empty state in words', () => {
      mount(aSnapshot({ defects: { state: 'error', message: 'Jira is down' } }));
      assert.ok($('.defects').textContent?.includes('Linked defects could not be loaded: Jira is down'));
      view!.snapshot(aSnapshot({ defects: { state: 'loaded', value: [] } }));
      assert.ok($('.defects').textContent?.includes('No linked defects.'));
      byText('button', 'Link defect…')!.click();
      assert.deepStrictEqual(posted, [{ type: 'linkDefect', requestId: 'req-1' }]);
    });
  });

  describe('actions', () => {
    it('changes status with a fresh request id, disabled until the result, error shown next to it', () => {
      mount();
      const select = $<HTMLSelectElement>('select[data-action=setStatus]');
      select.value = 'pending';
      select.dispatchEvent(new jsdom.window.Event('change', { bubbles: true }));
      assert.deepStrictEqual(posted, [{ type: 'setStatus', requestId: 'req-1', status: 'pending' }]);
      let now = $<HTMLSelectElement>('select[data-action=setStatus]');
      assert.strictEqual(now.disabled, true);
      assert.strictEqual(now.value, 'pending', 'shows the requested value while busy');
      view!.snapshot(aSnapshot({ busy: ['req-1'] }));
      view!.receive({ type: 'result', requestId: 'req-1', ok: false, message: 'Not allowed' });
      assert.strictEqual($<HTMLSelectElement>('select[data-action=setStatus]').disabled, true, 'still in snapshot.busy');
      view!.snapshot(aSnapshot({ busy: [] }));
      now = $<HTMLSelectElement>('select[data-action=setStatus]');
      assert.strictEqual(now.disabled, false);
      assert.strictEqual(now.value, 'open');
      const error = doc.getElementById(now.getAttribute('aria-describedby')!)!;
      assert.ok(error.textContent?.includes('Not allowed'));
      assert.ok($('[aria-live=polite]').textContent?.includes('Changing the status failed: Not allowed'));
    });

    it('posts pickAssignee, addTag and removeTag', () => {
      mount();
      byText('button', 'Assign…')!.click();
      $<HTMLButtonElement>('button[aria-label="Add tag"]').click();
      $<HTMLButtonElement>('button[aria-label="Remove tag vip"]').click();
      assert.deepStrictEqual(posted, [
        { type: 'pickAssignee', requestId: 'req-1' },
        { type: 'addTag', requestId: 'req-2' },
        { type: 'removeTag', requestId: 'req-3', tag: 'vip' },
      ]);
      $<HTMLButtonElement>('button[aria-label="Add tag"]').click();
      assert.strictEqual(posted.length, 3, 'a busy control posts nothing');
    });

    it('ignores invalid host messages', () => {
      mount();
      assert.strictEqual(view!.receive({ type: 'snapshot', snapshot: { nope: true } }), false);
      assert.strictEqual(view!.receive({ type: 'evil' }), false);
      assert.strictEqual(view!.receive(null), false);
      assert.strictEqual($('h1').textContent, 'Export fails for large files');
    });
  });

  describe('composer', () => {
    const textarea = (kind: 'reply' | 'note') => $<HTMLTextAreaElement>(`#composer-text-${kind}`);

    it('is a tablist of reply and note; arrow keys switch', () => {
      mount();
      const tabs = $$('[role=tab]');
      assert.deepStrictEqual(tabs.map((t) => t.textContent?.trim()), ['Reply (public)', 'Internal note']);
      assert.strictEqual(tabs[0].getAttribute('aria-selected'), 'true');
      key(tabs[0], 'ArrowRight');
      assert.strictEqual(tabs[1].getAttribute('aria-selected'), 'true');
      assert.strictEqual($('#composer-panel-note').hidden, false);
      assert.strictEqual($('#composer-panel-reply').hidden, true);
      assert.ok(doc.querySelector('label[for=composer-text-note]'));
      assert.ok($('#composer-panel-reply').textContent?.includes('will be emailed to Ana Ruiz <ana@example.com>'));
    });

    it('saves drafts to state at once and to the host debounced, and on blur', async () => {
      mount(aSnapshot(), EMPTY, 20);
      type(textarea('reply'), 'Hello Ana');
      assert.deepStrictEqual((state as { drafts: Drafts }).drafts, { reply: 'Hello Ana', note: '', mode: 'reply' });
      assert.strictEqual(posted.length, 0);
      await new Promise((r) => setTimeout(r, 40));
      assert.deepStrictEqual(posted, [{ type: 'saveDraft', drafts: { reply: 'Hello Ana', note: '', mode: 'reply' } }]);
      type(textarea('reply'), 'Hello Ana!');
      textarea('reply').dispatchEvent(new jsdom.window.FocusEvent('blur'));
      assert.strictEqual(posted.length, 2);
    });

    it('takes drafts from webview state over the init message', () => {
      state = { drafts: { reply: 'from state', note: 'n', mode: 'note' } };
      mount(aSnapshot(), { reply: 'from host', note: '', mode: 'reply' });
      assert.strictEqual(textarea('reply').value, 'from state');
      assert.strictEqual($('[role=tab][aria-selected=true]').id, 'composer-tab-note');
      assert.deepStrictEqual(posted, [{ type: 'saveDraft', drafts: { reply: 'from state', note: 'n', mode: 'note' } }]);
    });

    it('takes drafts from the init message when state has none', () => {
      mount(aSnapshot(), { reply: 'from host', note: '', mode: 'reply' });
      assert.strictEqual(textarea('reply').value, 'from host');
    });

    it('asks for confirmation before a public reply, then sends once', () => {
      mount(aSnapshot(), { reply: 'Fixed now', note: '', mode: 'reply' });
      const send = byText('#composer-panel-reply button', 'Send reply')! as HTMLButtonElement;
      send.click();
      assert.strictEqual(posted.length, 0, 'nothing is sent before confirming');
      const confirm = $('#composer-panel-reply .confirm-row');
      assert.strictEqual(confirm.hidden, false);
      assert.ok(confirm.textContent?.includes('Send to Ana Ruiz?'));
      const ok = byText('.confirm-row button', 'Confirm')! as HTMLButtonElement;
      ok.click();
      ok.click();
      send.click();
      const sends = posted.filter((m) => m.type === 'send');
      assert.deepStrictEqual(sends, [{ type: 'send', requestId: 'req-1', kind: 'reply', text: 'Fixed now' }]);
      assert.strictEqual(send.disabled, true);
      assert.strictEqual(textarea('reply').readOnly, true);
      view!.receive({ type: 'result', requestId: 'req-1', ok: true, clearDraft: 'reply' });
      assert.strictEqual(textarea('reply').value, '');
      assert.strictEqual((state as { drafts: Drafts }).drafts.reply, '');
      assert.ok($('[aria-live=polite]').textContent?.includes('Reply sent.'));
    });

    it('Cancel leaves the reply unsent', () => {
      mount(aSnapshot(), { reply: 'Draft', note: '', mode: 'reply' });
      key(textarea('reply'), 'Enter', { ctrlKey: true });
      byText('.confirm-row button', 'Cancel')!.click();
      assert.strictEqual($('#composer-panel-reply .confirm-row').hidden, true);
      assert.strictEqual(posted.filter((m) => m.type === 'send').length, 0);
    });

    it('sends an internal note directly with Ctrl+Enter and keeps the text on failure', () => {
      mount(aSnapshot(), { reply: '', note: 'Root cause: BUG-7', mode: 'note' });
      key(textarea('note'), 'Enter', { ctrlKey: true });
      key(textarea('note'), 'Enter', { metaKey: true });
      const sends = posted.filter((m) => m.type === 'send');
      assert.deepStrictEqual(sends, [{ type: 'send', requestId: 'req-1', kind: 'note', text: 'Root cause: BUG-7' }]);
      view!.receive({ type: 'result', requestId: 'req-1', ok: false, message: 'Rate limited' });
      assert.strictEqual(textarea('note').value, 'Root cause: BUG-7');
      assert.strictEqual(textarea('note').readOnly, false);
      assert.ok($('#composer-error-note').textContent?.includes('Rate limited'));
      assert.strictEqual($('#composer-error-note').hidden, false);
      assert.strictEqual((byText('#composer-panel-note button', 'Add note') as HTMLButtonElement).disabled, false);
    });

    it('switches mode and focuses the textarea on a focus message', () => {
      mount();
      view!.receive({ type: 'focus', target: 'note' });
      assert.strictEqual(doc.activeElement, textarea('note'));
      assert.strictEqual($('[role=tab][aria-selected=true]').id, 'composer-tab-note');
    });
  });

  describe('selection for a feedback quote', () => {
    const selections = () => posted.filter((m): m is Extract<WebviewMessage, { type: 'selection' }> => m.type === 'selection').map((m) => m.selection);
    const body = (id: string) => root.querySelector(`li.entry[data-id="${id}"] .entry-body`)!;
    function select(startNode: Node, startOffset: number, endNode: Node, endOffset: number): void {
      const range = doc.createRange();
      range.setStart(startNode, startOffset);
      range.setEnd(endNode, endOffset);
      const sel = doc.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
    }
    const textOf = (el: Element) => {
      const walker = doc.createTreeWalker(el, 4);
      return walker.nextNode() as Text;
    };
    const rightClick = () => doc.body.dispatchEvent(new jsdom.window.MouseEvent('contextmenu', { bubbles: true }));

    it('reports text selected inside one message with its event id, at once before a context menu', () => {
      mount(aSnapshot({ history: { state: 'loaded', value: [message('e1', { body: 'The export stops at 10,000 rows every time.' }), message('e2')] } }));
      const text = textOf(body('e1'));
      select(text, 4, text, 31);
      rightClick();
      assert.deepStrictEqual(selections(), [{ eventId: 'e1', text: 'export stops at 10,000 rows' }]);
      rightClick();
      assert.strictEqual(selections().length, 1, 'an unchanged selection is not sent again');
    });

    it('reports nothing for a selection across two entries, and null once a quote was reported', () => {
      mount(aSnapshot({ history: { state: 'loaded', value: [message('e1'), message('e2')] } }));
      select(textOf(body('e1')), 0, textOf(body('e2')), 3);
      rightClick();
      assert.deepStrictEqual(selections(), []);
      select(textOf(body('e2')), 0, textOf(body('e2')), 4);
      rightClick();
      select(textOf(body('e1')), 0, textOf(body('e2')), 3);
      rightClick();
      assert.deepStrictEqual(selections(), [{ eventId: 'e2', text: 'Body' }, null]);
    });

    it('cuts a selection that runs past the body (a triple click) to the body, and tidies spaces', () => {
      mount(aSnapshot({ history: { state: 'loaded', value: [message('e1', { body: 'Line one   has  spaces\n\n\n\nLine two' }), message('e2')] } }));
      const head = root.querySelector('li.entry[data-id="e2"] .entry-head')!;
      select(textOf(body('e1')), 0, head, 0);
      rightClick();
      assert.deepStrictEqual(selections(), [{ eventId: 'e1', text: 'Line one has spaces\n\nLine two' }]);
    });

    it('caps a long selection at the quote limit', () => {
      mount(aSnapshot({ history: { state: 'loaded', value: [message('e1', { body: 'word '.repeat(2_000) })] } }));
      const text = textOf(body('e1'));
      select(text, 0, text, text.length);
      key(doc.body, 'b', { ctrlKey: true, altKey: true });
      const [sel] = selections();
      assert.strictEqual(sel?.text.length, 4_000);
      assert.ok(sel?.text.endsWith('…'));
    });

    it('waits for the selection to settle before telling the host', async () => {
      mount(aSnapshot({ history: { state: 'loaded', value: [message('e1', { body: 'Slowly selected words' })] } }));
      const text = textOf(body('e1'));
      for (const end of [3, 6, 9]) {
        select(text, 0, text, end);
        doc.dispatchEvent(new jsdom.window.Event('selectionchange'));
      }
      assert.deepStrictEqual(selections(), []);
      await new Promise((r) => setTimeout(r, 250));
      assert.deepStrictEqual(selections(), [{ eventId: 'e1', text: 'Slowly se' }]);
    });

    it('marks messages, not changes, for the "File Product Feedback with Selection" context menu', () => {
      mount();
      assert.strictEqual(root.querySelector('li.entry[data-id="e1"]')!.getAttribute('data-vscode-context'), '{"webviewSection":"historyEntry"}');
      assert.strictEqual(root.querySelector('li.entry[data-id="e2"]')!.getAttribute('data-vscode-context'), null);
    });
  });

  describe('accessibility and CSP', () => {
    it('has landmarks, a live region and no inline styles or handlers', () => {
      mount();
      assert.ok($('header'));
      assert.ok($('main[aria-label]'));
      assert.ok($('aside[aria-label]'));
      assert.ok($('[aria-live=polite]'));
      assert.strictEqual($$('[style]').length, 0);
      for (const el of $$('*')) for (const attr of Array.from(el.attributes)) assert.ok(!attr.name.startsWith('on'), `${attr.name} on <${el.localName}>`);
    });

    it('offers a skip link to the composer as the first tab stop', () => {
      mount();
      const skip = root.querySelector('button')!;
      assert.strictEqual(skip.textContent, 'Skip to the composer');
      skip.click();
      assert.strictEqual(doc.activeElement, doc.getElementById('composer-text-reply'));
    });

    it('names every control', () => {
      mount();
      for (const button of $$('button')) assert.ok(button.getAttribute('aria-label') || button.textContent?.trim(), `unnamed button ${button.outerHTML}`);
      for (const field of $$('select, textarea')) assert.ok(doc.querySelector(`label[for="${field.id}"]`), `unlabelled ${field.outerHTML}`);
    });
  });
});
