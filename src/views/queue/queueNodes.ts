import * as vscode from 'vscode';
import type { GroupBy } from '../../core/model/queue';
import type { Ticket } from '../../core/model/ticket';
import { dueLabel, dueState, formatAge, formatDue, priorityLabel, statusLabel, type TicketGroup } from '../../core/services/queueLogic';
import { Commands } from '../../commands/commandIds';
import { showMoreItem } from '../showMoreItem';
import { ticketDecorationUri } from './ticketDecorations';

/** contextValue constants: package.json menus match on these. */
export const ContextValues = {
  group: 'caselink.group',
  ticket: 'caselink.ticket',
  loadMore: 'caselink.loadMore',
  showMore: 'caselink.showMore',
  error: 'caselink.error',
} as const;

const GROUP_ICONS: Record<GroupBy, string> = {
  status: 'circle-large-outline', priority: 'flame', assignee: 'person', tag: 'tag', organization: 'organization', due: 'clock', none: 'list-flat',
};
const PRIORITY_ICONS: Record<string, vscode.ThemeIcon> = {
  urgent: new vscode.ThemeIcon('flame', new vscode.ThemeColor('charts.red')),
  high: new vscode.ThemeIcon('arrow-up', new vscode.ThemeColor('charts.orange')),
  normal: new vscode.ThemeIcon('circle-small-filled', new vscode.ThemeColor('charts.blue')),
  low: new vscode.ThemeIcon('arrow-down', new vscode.ThemeColor('disabledForeground')),
};

export interface TicketRenderContext {
  readonly now: Date;
  readonly isUpdated: (t: Ticket) => boolean;
}

export class GroupNode {
  readonly kind = 'group';
  constructor(
    readonly group: TicketGroup,
    readonly groupBy: GroupBy,
    readonly expanded: boolean,
  ) {}

  get id(): string {
    return `group:${this.groupBy}:${this.group.key}`;
  }

  toTreeItem(): vscode.TreeItem {
    const count = this.group.tickets.length;
    const item = new vscode.TreeItem(`${this.group.label} (${count.toLocaleString('en-US')})`, this.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = ContextValues.group;
    item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[this.groupBy]);
    item.tooltip = `${this.group.label}: ${count} ticket${count === 1 ? '' : 's'}`;
    item.accessibilityInformation = { label: `${this.group.label}, ${count} ticket${count === 1 ? '' : 's'}`, role: 'treeitem' };
    return item;
  }
}

export class TicketNode {
  readonly kind = 'ticket';
  constructor(
    readonly ticket: Ticket,
    /** Tickets can appear in several tag groups; the parent keeps tree ids unique. */
    readonly parentId: string,
  ) {}

  get id(): string {
    return `${this.parentId}/ticket:${this.ticket.connectionId}:${this.ticket.id}`;
  }

  toTreeItem(ctx: TicketRenderContext): vscode.TreeItem {
    const t = this.ticket;
    const updated = ctx.isUpdated(t);
    const due = dueState(t, ctx.now);
    const item = new vscode.TreeItem(t.subject || '(no subject)', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const parts = [t.key, t.requester.name, formatAge(t.updatedAt, ctx.now)];
    if (t.dueAt && (due === 'overdue' || due === 'dueToday')) parts.push(formatDue(t.dueAt, ctx.now));
    item.description = parts.join(' · ');
    item.iconPath = PRIORITY_ICONS[t.priority];
    item.resourceUri = ticketDecorationUri(t, { updated, due });
    item.contextValue = [ContextValues.ticket, updated ? 'updated' : '', t.url ? 'web' : ''].filter(Boolean).join('.');
    const a11y = [`Ticket ${t.key}`, t.subject, `${priorityLabel(t.priority)} priority`, statusLabel(t.status), `from ${t.requester.name}`];
    if (t.dueAt && due !== 'none' && due !== 'later') a11y.push(formatDue(t.dueAt, ctx.now));
    if (updated) a11y.push('updated since you last looked');
    item.accessibilityInformation = { label: a11y.join(', '), role: 'treeitem' };
    item.command = { command: Commands.openTicket, title: 'Open Ticket', arguments: [`${t.connectionId}:${t.id}`] };
    // The tooltip is built in resolveTreeItem, only for the item the pointer rests on.
    return item;
  }

  tooltip(ctx: TicketRenderContext): vscode.MarkdownString {
    const t = this.ticket;
    const md = new vscode.MarkdownString(undefined, true);
    md.supportThemeIcons = true;
    // Customer-written text: escaped, never interpreted as markdown or HTML.
    const esc = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
    md.appendMarkdown(`**${esc(t.key)}** ${esc(t.subject)}\n\n`);
    md.appendMarkdown(`$(person) ${esc(t.requester.name)}${t.requester.email ? ` <${esc(t.requester.email)}>` : ''}`);
    if (t.organization) {
      const org = t.organization;
      const extra = [org.tier, org.arr !== undefined ? `ARR ${org.arr.toLocaleString('en-US')}` : undefined].filter(Boolean).join(', ');
      md.appendMarkdown(` · $(organization) ${esc(org.name)}${extra ? ` (${esc(extra)})` : ''}`);
    }
    md.appendMarkdown(`\n\n${statusLabel(t.status)} · ${priorityLabel(t.priority)} priority · ${t.assignee ? `assigned to ${esc(t.assignee.name)}` : 'unassigned'}${t.group ? ` · ${esc(t.group)}` : ''}`);
    if (t.dueAt) {
      const due = dueState(t, ctx.now);
      md.appendMarkdown(`\n\n$(clock) ${due === 'none' ? 'was due' : dueLabel(due).toLowerCase()}: ${new Date(t.dueAt).toLocaleString()} (${formatDue(t.dueAt, ctx.now)})`);
    }
    if (t.tags.length) md.appendMarkdown(`\n\n$(tag) ${t.tags.map(esc).join(', ')}`);
    md.appendMarkdown(`\n\nCreated ${formatAge(t.createdAt, ctx.now)} ago · updated ${formatAge(t.updatedAt, ctx.now)} ago`);
    if (ctx.isUpdated(t)) md.appendMarkdown('\n\n$(circle-filled) Updated since you last looked');
    return md;
  }
}

export class LoadMoreNode {
  readonly kind = 'loadMore';
  readonly id = 'load-more';
  constructor(
    readonly loaded: number,
    readonly total: number | undefined,
    readonly loading: boolean,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const of = this.total !== undefined ? ` (${this.loaded.toLocaleString('en-US')} of ${this.total.toLocaleString('en-US')} loaded)` : ` (${this.loaded.toLocaleString('en-US')} loaded)`;
    const item = new vscode.TreeItem(this.loading ? `Loading more tickets…${of}` : `Load more tickets…${of}`);
    item.id = this.id;
    item.contextValue = ContextValues.loadMore;
    item.iconPath = new vscode.ThemeIcon(this.loading ? 'loading~spin' : 'cloud-download');
    if (!this.loading) item.command = { command: Commands.loadMore, title: 'Load More Tickets' };
    return item;
  }
}

export class ShowMoreNode {
  readonly kind = 'showMore';
  constructor(
    readonly groupId: string,
    readonly shown: number,
    readonly total: number,
    readonly step: number,
  ) {}

  get id(): string {
    return `${this.groupId}/show-more`;
  }

  toTreeItem(): vscode.TreeItem {
    return showMoreItem(this.id, this.shown, this.total, this.step, ContextValues.showMore, { command: Commands.showMoreInGroup, title: 'Show More', arguments: [this.groupId] });
  }
}

export class ErrorNode {
  readonly kind = 'error';
  readonly id = 'error';
  constructor(
    readonly message: string,
    readonly staleData: boolean,
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message);
    item.id = this.id;
    item.description = this.staleData ? 'showing the last tickets loaded' : 'click to see the log';
    item.tooltip = `${this.message}\n\nClick to open the Caselink log. Refresh to try again.`;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    item.contextValue = ContextValues.error;
    item.command = { command: Commands.showLogs, title: 'Show Logs' };
    return item;
  }
}

export type QueueNode = GroupNode | TicketNode | LoadMoreNode | ShowMoreNode | ErrorNode;
