import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CaselinkApi } from '../../src/api';
import { activate, countOf, labelOf, queueReady, queueState, queueTree, screenshot, setSetting, waitFor } from './helpers';

describe('Queue view in a real VS Code', () => {
  let api: CaselinkApi;
  /** 300 generated demo tickets plus the hand-written ones in test/fixtures/demo-extra.json, less any a test deleted. */
  let TOTAL = 0;

  before(async () => {
    api = await activate();
    await vscode.commands.executeCommand('workbench.view.extension.caselink');
    await vscode.commands.executeCommand('caselink.clearFilter');
    await api.refresh();
    await queueReady();
    TOTAL = (await api.listQueueTickets()).length;
    assert.ok(TOTAL >= 300, `the demo has its 300 tickets and the fixtures (${TOTAL})`);
  });

  it('runs in a Node extension host of VS Code 1.100', () => {
    assert.match(vscode.version, /^1\.100\./);
    assert.strictEqual(vscode.env.uiKind, vscode.UIKind.Web, 'code-server serves the workbench');
  });

  it('contributes its commands to VS Code', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['caselink.refresh', 'caselink.groupBy', 'caselink.pickView', 'caselink.filter', 'caselink.clearFilter', 'caselink.loadMore']) {
      assert.ok(all.includes(id), `${id} is registered`);
    }
  });

  it('shows the demo queue grouped by status with counts that add up', async () => {
    await vscode.commands.executeCommand('caselink.groupBy', 'status');
    const roots = await waitFor('status groups', async () => {
      const tree = await queueTree(1);
      return tree.length >= 4 && tree[0].id?.startsWith('group:status:') ? tree : undefined;
    });
    assert.deepStrictEqual(roots.map(labelOf), ['New', 'Open', 'Pending', 'On hold', 'Solved', 'Closed']);
    assert.strictEqual(roots.reduce((n, r) => n + countOf(r), 0), TOTAL);
    assert.ok(roots.every((r) => r.contextValue === 'caselink.group' && r.collapsible));
    await screenshot('queue-grouped-by-status');
  });

  it('renders ticket items with stable ids, key/requester/age descriptions and context values', async () => {
    const [open] = (await queueTree(2)).filter((r) => labelOf(r) === 'Open');
    assert.ok(open.children && open.children.length === countOf(open));
    for (const ticket of open.children!) {
      assert.match(ticket.id!, /^group:status:open\/ticket:demo:\d+$/);
      assert.match(ticket.description!, /^#\d+ · .+ · (now|\d+(m|h|d|mo))( · (overdue by|due in) .+)?$/);
      assert.match(ticket.contextValue!, /^caselink\.ticket(\.updated)?$/);
      assert.match(ticket.accessibilityLabel!, /^Ticket #\d+, /);
    }
    const overdue = open.children!.filter((t) => t.decorationQuery?.includes('overdue'));
    assert.ok(overdue.length > 0, 'some open demo tickets are overdue and decorated as such');
    assert.ok(overdue.every((t) => /overdue by/.test(t.description!)));
  });

  for (const [groupBy, expectFirst] of [
    ['priority', ['Urgent', 'High', 'Normal', 'Low']],
    ['due', ['Overdue', 'Due today', 'Due later', 'No due date']],
    ['assignee', ['Alex Morgan (me)']],
  ] as const) {
    it(`switches grouping to ${groupBy} from the command and remembers it`, async () => {
      await vscode.commands.executeCommand('caselink.groupBy', groupBy);
      const roots = await waitFor(`${groupBy} groups`, async () => {
        const tree = await queueTree(1);
        return tree[0]?.id?.startsWith(`group:${groupBy}:`) ? tree : undefined;
      });
      assert.deepStrictEqual(roots.slice(0, expectFirst.length).map(labelOf), [...expectFirst]);
      assert.strictEqual((await queueState()).remembered?.groupBy, groupBy);
    });
  }

  it('lists a ticket under each of its tags when grouped by tag', async () => {
    await vscode.commands.executeCommand('caselink.groupBy', 'tag');
    const roots = await queueTree(1);
    const total = roots.reduce((n, r) => n + countOf(r), 0);
    assert.ok(total > TOTAL, `tag groups count tickets once per tag (${total})`);
    const counts = roots.filter((r) => labelOf(r) !== 'No tag').map(countOf);
    assert.deepStrictEqual(counts, [...counts].sort((a, b) => b - a), 'busiest tags first');
    await vscode.commands.executeCommand('caselink.groupBy', 'status');
  });

  it('filters as typed and clears the filter', async () => {
    await vscode.commands.executeCommand('caselink.filter', 'invoice');
    const tickets = await api.listQueueTickets();
    assert.ok(tickets.length > 0 && tickets.length < TOTAL, `${tickets.length} tickets match "invoice"`);
    assert.ok(tickets.every((t) => `${t.key} ${t.subject} ${t.requester.name} ${t.organization?.name ?? ''} ${t.tags.join(' ')}`.toLowerCase().includes('invoice')));
    assert.strictEqual((await queueState()).state.quickFilter, 'invoice');
    await vscode.commands.executeCommand('caselink.clearFilter');
    assert.strictEqual((await api.listQueueTickets()).length, TOTAL);
  });

  it('shows "no match" rather than an empty tree with no explanation', async () => {
    await vscode.commands.executeCommand('caselink.filter', 'zzz-no-such-ticket');
    assert.deepStrictEqual(await queueTree(1), []);
    assert.strictEqual((await queueState()).snapshot.visibleCount, 0);
    await vscode.commands.executeCommand('caselink.clearFilter');
  });

  it('applies a saved view from caselink.views: filter, grouping and sort', async () => {
    await setSetting('views', [{ name: 'Urgent billing', filter: { tag: ['billing'], priority: ['urgent', 'high'] }, group: 'assignee', sort: 'priority' }]);
    await vscode.commands.executeCommand('caselink.pickView', 'Urgent billing');
    await waitFor('the saved view', async () => ((await queueState()).state.viewName === 'Urgent billing' ? true : undefined));
    await queueReady();
    const tickets = await api.listQueueTickets();
    assert.ok(tickets.length > 0);
    assert.ok(tickets.every((t) => t.tags.includes('billing') && (t.priority === 'urgent' || t.priority === 'high')));
    const roots = await queueTree(1);
    assert.ok(roots[0].id!.startsWith('group:assignee:'));
    assert.strictEqual((await queueState()).remembered?.viewName, 'Urgent billing');
    await vscode.commands.executeCommand('caselink.clearFilter');
    await queueReady();
  });

  it('keeps working when a saved view is invalid: the good views stay usable', async () => {
    await setSetting('views', [{ name: 'Typo', filter: { status: ['opn'] } }, { name: 'Good', filter: { status: ['pending'] } }]);
    await vscode.commands.executeCommand('caselink.pickView', 'Typo'); // reported, not thrown
    assert.strictEqual((await queueState()).state.viewName, undefined);
    await vscode.commands.executeCommand('caselink.pickView', 'Good');
    await waitFor('the good view', async () => ((await queueState()).state.viewName === 'Good' ? true : undefined));
    await queueReady();
    assert.ok((await api.listQueueTickets()).every((t) => t.status === 'pending'));
    await vscode.commands.executeCommand('caselink.clearFilter');
    await setSetting('views', undefined);
    await queueReady();
  });

  it('offers built-in views such as My open tickets', async () => {
    await vscode.commands.executeCommand('caselink.showMyTickets');
    await waitFor('my tickets', async () => ((await queueState()).state.viewName === 'My open tickets' ? true : undefined));
    await queueReady();
    const mine = await api.listQueueTickets();
    assert.ok(mine.length > 0 && mine.every((t) => t.assignee?.name === 'Alex Morgan' && !['solved', 'closed'].includes(t.status)));
    const status = (await queueState()).statusBar;
    assert.match(status.text, new RegExp(`^\\$\\(inbox\\) ${mine.length}( |$)`), 'the status bar counts the same tickets');
    await vscode.commands.executeCommand('caselink.clearFilter');
    await queueReady();
  });

  it('pages large queues with a Load more node, never a silent cap', async () => {
    await setSetting('queue.pageSize', 50);
    await setSetting('queue.loadBatch', 100);
    await api.refresh();
    let roots = await queueTree(1);
    const more = roots[roots.length - 1];
    assert.strictEqual(more.id, 'load-more');
    assert.strictEqual(more.label, `Load more tickets… (100 of ${TOTAL} loaded)`);
    assert.strictEqual(more.command, 'caselink.loadMore');
    await vscode.commands.executeCommand('caselink.loadMore');
    roots = await queueTree(1);
    assert.strictEqual(roots[roots.length - 1].label, `Load more tickets… (200 of ${TOTAL} loaded)`);
    await vscode.commands.executeCommand('caselink.loadMore');
    roots = await queueTree(1);
    assert.strictEqual(roots[roots.length - 1].label, `Load more tickets… (300 of ${TOTAL} loaded)`);
    await vscode.commands.executeCommand('caselink.loadMore');
    roots = await queueTree(1);
    assert.notStrictEqual(roots[roots.length - 1].id, 'load-more');
    assert.strictEqual(roots.reduce((n, r) => n + countOf(r), 0), TOTAL);
    await setSetting('queue.pageSize', undefined);
    await setSetting('queue.loadBatch', undefined);
  });

  it('shows big groups a page at a time with Show more', async () => {
    await setSetting('queue.groupPageSize', 20);
    await vscode.commands.executeCommand('caselink.groupBy', 'status');
    const open = (await queueTree(2)).find((r) => labelOf(r) === 'Open')!;
    assert.strictEqual(open.children!.length, 21);
    const showMore = open.children![20];
    assert.strictEqual(showMore.id, `${open.id}/show-more`);
    assert.match(showMore.label, /^Show 20 more \(20 of \d+ shown\)$/);
    await vscode.commands.executeCommand('caselink.showMoreInGroup', open.id);
    const again = (await queueTree(2)).find((r) => labelOf(r) === 'Open')!;
    assert.strictEqual(again.children!.filter((c) => c.contextValue?.startsWith('caselink.ticket')).length, 40);
    await setSetting('queue.groupPageSize', undefined);
  });

  it('marks tickets updated since you last looked, and clears the mark', async () => {
    const changed = new Promise<void>((resolve) => {
      const sub = api.onDidChangeQueue(() => {
        sub.dispose();
        resolve();
      });
    });
    const ticket = await vscode.commands.executeCommand<{ id: string; key: string }>('caselink._test.demoActivity');
    await api.refresh();
    await changed;
    const find = async () => (await queueTree(2)).flatMap((g) => g.children ?? []).find((t) => t.id?.endsWith(`ticket:demo:${ticket!.id}`));
    const item = await find();
    assert.ok(item, `${ticket!.key} is in the tree`);
    assert.match(item!.contextValue!, /\.updated/);
    assert.match(item!.decorationQuery!, /updated/);
    assert.match(item!.accessibilityLabel!, /updated since you last looked/);
    await vscode.commands.executeCommand('caselink.markAllRead');
    assert.doesNotMatch((await find())!.contextValue!, /\.updated/);
  });

  it('answers the public API: tickets, one ticket by key or id, undefined for unknown ones', async () => {
    const tickets = await api.listQueueTickets();
    assert.strictEqual(tickets.length, TOTAL);
    const byKey = await api.getTicket('#1042');
    assert.strictEqual(byKey?.id, '1042');
    assert.strictEqual((await api.getTicket('demo:1042'))?.key, '#1042');
    assert.strictEqual(await api.getTicket('#999999'), undefined);
    // Callers get copies: changing one cannot corrupt the queue.
    byKey!.subject = 'changed by a caller';
    assert.notStrictEqual((await api.getTicket('#1042'))?.subject, 'changed by a caller');
  });

  it('shows a failing refresh as an error node that opens the log, and keeps the last good tickets', async () => {
    await vscode.commands.executeCommand('caselink._test.demoFailNext', 'Could not reach the demo helpdesk (simulated).');
    await api.refresh();
    const roots = await queueTree(1);
    assert.strictEqual(roots[0].id, 'error');
    assert.strictEqual(roots[0].label, 'Could not load tickets: Could not reach the demo helpdesk (simulated).');
    assert.strictEqual(roots[0].command, 'caselink.showLogs');
    assert.strictEqual(roots[0].description, 'showing the last tickets loaded');
    assert.strictEqual(roots.slice(1).reduce((n, r) => n + countOf(r), 0), TOTAL, 'the last good tickets stay');
    await api.refresh();
    assert.notStrictEqual((await queueTree(1))[0].id, 'error', 'the next good refresh clears the error');
  });

  it('refreshes in the background while the view is visible', async function () {
    this.timeout(60_000);
    await setSetting('refresh.intervalSeconds', 15);
    const before = (await queueState()).snapshot.lastRefreshedAt;
    await waitFor('a background refresh', async () => {
      const after = (await queueState()).snapshot.lastRefreshedAt;
      return after && after !== before ? true : undefined;
    }, 40_000);
    await setSetting('refresh.intervalSeconds', undefined);
  });
});
