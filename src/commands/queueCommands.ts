import * as vscode from 'vscode';
import { GROUP_BYS, type GroupBy, type SavedView } from '../core/model/queue';
import type { Ticket } from '../core/model/ticket';
import type { Logger } from '../core/ports/logger';
import type { QueueModel } from '../core/services/queueModel';
import type { SeenTracker } from '../core/services/seenTracker';
import { BUILT_IN_VIEWS } from '../core/settings';
import type { ConfigService } from '../host/config';
import { QUEUE_VIEW_ID, type QueueView } from '../views/queue/queueView';
import type { QueueNode } from '../views/queue/queueNodes';
import { Commands } from './commandIds';
import { registerCommand } from './registerCommand';

const GROUP_LABELS: Record<GroupBy, { label: string; icon: string }> = {
  status: { label: 'Status', icon: 'circle-large-outline' },
  priority: { label: 'Priority', icon: 'flame' },
  assignee: { label: 'Assignee', icon: 'person' },
  tag: { label: 'Tag', icon: 'tag' },
  organization: { label: 'Organisation', icon: 'organization' },
  due: { label: 'Due / SLA', icon: 'clock' },
  none: { label: 'No grouping', icon: 'list-flat' },
};

export const QUEUE_STATE_KEY = 'caselink.queue.state.v1';

export interface RememberedQueueState {
  groupBy?: GroupBy;
  viewName?: string;
}

interface Deps {
  readonly model: QueueModel;
  readonly view: QueueView;
  readonly seen: SeenTracker;
  readonly config: ConfigService;
  readonly workspaceState: vscode.Memento;
  readonly log: Logger;
  readonly showLogs: () => void;
}

function ticketsOf(node: QueueNode | undefined, nodes: readonly QueueNode[] | undefined): Ticket[] {
  const all = nodes?.length ? nodes : node ? [node] : [];
  return all.flatMap((n) => (n.kind === 'ticket' ? [n.ticket] : n.kind === 'group' ? [...n.group.tickets] : []));
}

/** The views a user can pick: the built-in ones, then their own from `caselink.views`. */
export function allViews(config: ConfigService): SavedView[] {
  const own = config.current.views;
  return [...BUILT_IN_VIEWS.filter((b) => !own.some((v) => v.name.toLowerCase() === b.name.toLowerCase())), ...own];
}

export function applyView(deps: Pick<Deps, 'model' | 'view' | 'config' | 'workspaceState'>, view: SavedView | undefined): void {
  const isAll = !view || (view.name === BUILT_IN_VIEWS[0].name && Object.keys(view.filter).length === 0);
  deps.view.provider.resetPaging();
  deps.model.update({
    viewName: isAll ? undefined : view!.name,
    filter: view?.filter ?? {},
    groupBy: view?.group ?? deps.model.state.groupBy,
    sort: view?.sort ?? deps.config.current.sort,
  });
  void remember(deps.workspaceState, { viewName: isAll ? undefined : view!.name, groupBy: deps.model.state.groupBy });
}

async function remember(memento: vscode.Memento, change: RememberedQueueState): Promise<void> {
  await memento.update(QUEUE_STATE_KEY, { ...memento.get<RememberedQueueState>(QUEUE_STATE_KEY), ...change });
}

export function registerQueueCommands(deps: Deps): vscode.Disposable[] {
  const { model, view, seen, config, log } = deps;
  const reg = (id: string, handler: (...args: any[]) => unknown) => registerCommand(id, handler, log);

  return [
    reg(Commands.refresh, () => model.refresh()),

    reg(Commands.groupBy, async (groupBy?: GroupBy) => {
      let chosen = groupBy && (GROUP_BYS as readonly string[]).includes(groupBy) ? groupBy : undefined;
      if (!chosen) {
        const current = model.state.groupBy;
        const pick = await vscode.window.showQuickPick(
          GROUP_BYS.map((g) => ({ label: `$(${GROUP_LABELS[g].icon}) ${GROUP_LABELS[g].label}`, description: g === current ? 'current' : undefined, value: g })),
          { title: 'Group the queue by', placeHolder: 'Choose how tickets are grouped' },
        );
        chosen = pick?.value;
      }
      if (!chosen) return;
      view.provider.resetPaging();
      model.update({ groupBy: chosen });
      await remember(deps.workspaceState, { groupBy: chosen });
    }),

    reg(Commands.pickView, async (name?: string) => {
      const views = allViews(config);
      let chosen = typeof name === 'string' ? views.find((v) => v.name.toLowerCase() === name.toLowerCase()) : undefined;
      if (typeof name === 'string' && !chosen) throw new Error(`There is no saved view named "${name}". Saved views come from the caselink.views setting.`);
      if (!chosen) {
        type Item = vscode.QuickPickItem & { view?: SavedView; edit?: boolean };
        const current = model.state.viewName ?? BUILT_IN_VIEWS[0].name;
        const own = config.current.views;
        const items: Item[] = [
          { label: 'Built-in', kind: vscode.QuickPickItemKind.Separator },
          ...views.filter((v) => !own.includes(v)).map((v) => ({ label: v.name, description: v.name === current ? 'current' : undefined, view: v })),
          { label: 'Your views (caselink.views)', kind: vscode.QuickPickItemKind.Separator },
          ...own.map((v) => ({ label: `$(bookmark) ${v.name}`, description: v.name === current ? 'current' : undefined, view: v })),
          { label: '$(edit) Edit saved views…', edit: true, alwaysShow: true },
        ];
        const pick = await vscode.window.showQuickPick(items, { title: 'Saved views', placeHolder: 'Pick a view of the queue' });
        if (pick?.edit) return vscode.commands.executeCommand(Commands.editViews);
        chosen = pick?.view;
      }
      if (chosen) applyView(deps, chosen);
    }),

    reg(Commands.filter, async (text?: string) => {
      if (typeof text === 'string') {
        view.provider.resetPaging();
        model.update({ quickFilter: text.trim() });
        return;
      }
      const before = model.state.quickFilter;
      const input = vscode.window.createInputBox();
      input.title = 'Filter the queue';
      input.placeholder = 'Words to find in key, subject, requester, organisation or tags';
      input.prompt = 'Filters as you type. Enter keeps the filter, Escape restores the previous one.';
      input.value = before;
      let accepted = false;
      const live = input.onDidChangeValue((value) => {
        view.provider.resetPaging();
        model.update({ quickFilter: value.trim() });
      });
      await new Promise<void>((resolve) => {
        input.onDidAccept(() => {
          accepted = true;
          input.hide();
        });
        input.onDidHide(() => resolve());
        input.show();
      });
      live.dispose();
      input.dispose();
      if (!accepted) model.update({ quickFilter: before });
    }),

    reg(Commands.clearFilter, () => {
      view.provider.resetPaging();
      applyView(deps, undefined);
      model.update({ quickFilter: '' });
    }),

    reg(Commands.saveView, async () => {
      const name = await vscode.window.showInputBox({
        title: 'Save the current view',
        prompt: 'A name for this grouping, sort and filter. It is stored in the caselink.views setting.',
        value: model.state.viewName && !BUILT_IN_VIEWS.some((b) => b.name === model.state.viewName) ? model.state.viewName : '',
        validateInput: (v) => (v.trim() ? undefined : 'Give the view a name.'),
      });
      if (!name?.trim()) return;
      const { filter, quickFilter, groupBy, sort } = model.state;
      const text = [filter.text, quickFilter].filter(Boolean).join(' ');
      const saved: SavedView = { name: name.trim(), filter: { ...filter, ...(text ? { text } : {}) }, group: groupBy, sort };
      const existing = (config.raw<unknown[]>('views') ?? []).filter((v) => !(v && typeof v === 'object' && (v as { name?: unknown }).name === saved.name));
      await config.update('views', [...existing, saved]);
      model.update({ viewName: saved.name, quickFilter: '', filter: saved.filter });
      void vscode.window.showInformationMessage(`Caselink: saved the view "${saved.name}".`);
    }),

    reg(Commands.editViews, () => vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: 'caselink.views' } })),

    reg(Commands.loadMore, () =>
      vscode.window.withProgress({ location: { viewId: QUEUE_VIEW_ID }, title: 'Loading more tickets' }, () => model.loadMore()),
    ),

    reg(Commands.showMoreInGroup, (groupId: string) => {
      if (typeof groupId === 'string') view.provider.showMore(groupId);
    }),

    reg(Commands.markRead, async (node?: QueueNode, nodes?: QueueNode[]) => {
      const tickets = ticketsOf(node, nodes);
      if (!tickets.length) return;
      await seen.markSeen(tickets);
      view.provider.refreshView();
      model.update({});
    }),

    reg(Commands.markAllRead, async () => {
      await seen.markAllSeen(new Date());
      view.provider.refreshView();
      model.update({});
    }),

    reg(Commands.copyTicketKey, async (node?: QueueNode, nodes?: QueueNode[]) => {
      const tickets = ticketsOf(node, nodes);
      if (!tickets.length) return;
      await vscode.env.clipboard.writeText(tickets.map((t) => t.key).join(' '));
      vscode.window.setStatusBarMessage(`Copied ${tickets.map((t) => t.key).join(', ')}`, 3000);
    }),

    reg(Commands.openInHelpdesk, async (node?: QueueNode) => {
      const ticket = node?.kind === 'ticket' ? node.ticket : undefined;
      if (!ticket?.url) throw new Error('This ticket has no web address: the demo helpdesk has no web UI.');
      const uri = vscode.Uri.parse(ticket.url, true);
      if (uri.scheme !== 'https' && uri.scheme !== 'http') throw new Error(`Refusing to open ${uri.scheme}: links from a helpdesk must be http or https.`);
      await vscode.env.openExternal(uri);
    }),

    reg(Commands.showMyTickets, async () => {
      applyView(deps, BUILT_IN_VIEWS.find((v) => v.name === 'My open tickets'));
      await vscode.commands.executeCommand(`${QUEUE_VIEW_ID}.focus`);
    }),

    reg(Commands.showLogs, () => deps.showLogs()),

    reg(Commands.openWalkthrough, () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', 'caselink.caselink#caselink.gettingStarted', false),
    ),
  ];
}
