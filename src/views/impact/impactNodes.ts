import * as vscode from 'vscode';
import { UNKNOWN, type CustomerQuote, type DefectImpact, type GroupImpact, type TicketSummary } from '../../core/model/impact';
import { statusLabel } from '../../core/services/queueLogic';
import { Commands } from '../../commands/commandIds';
import { showMoreItem } from '../showMoreItem';
import { escapeMarkdown, formatArr, formatCount as n, oneLine, plural } from './impactFormat';

/** contextValue constants: package.json menus match on these. */
export const ImpactContextValues = {
  section: 'caselink.impactSection',
  group: 'caselink.impactGroup',
  /** `.web` is appended when the defect has an http(s) address to open. */
  defect: 'caselink.impactDefect',
  ticket: 'caselink.impactTicket',
  quote: 'caselink.impactQuote',
  showMore: 'caselink.impactShowMore',
  message: 'caselink.impactMessage',
  error: 'caselink.error',
} as const;

const TREND: Record<GroupImpact['trend'], string> = { up: '↑', down: '↓', flat: '→' };
const TREND_WORDS: Record<GroupImpact['trend'], string> = { up: 'rising', down: 'falling', flat: 'steady' };

/** "12 open · 5 new ↑ (3 last week)" */
export function groupDescription(g: GroupImpact): string {
  return `${n(g.openTickets)} open · ${n(g.newThisWeek)} new ${TREND[g.trend]} (${n(g.newLastWeek)} last week)`;
}

/** "7 cases · 5 orgs · $1.2M ARR · In Progress" */
export function defectDescription(d: DefectImpact): string {
  const parts = [plural(d.cases, 'case'), plural(d.organizations, 'org')];
  if (d.arrKnown > 0) parts.push(`${formatArr(d.arrKnown)} ARR${d.arrUnknown ? ` + ${n(d.arrUnknown)} unknown` : ''}`);
  else if (d.arrUnknown) parts.push('ARR unknown');
  parts.push(d.missing ? 'missing in the tracker' : d.status);
  if (d.unparsedBlocks) parts.push(`${n(d.unparsedBlocks)} unparsed`);
  return parts.join(' · ');
}

/** An http(s) address of the defect, or undefined: nothing else is ever handed to openExternal. */
export function defectWebUrl(d: DefectImpact): string | undefined {
  const url = d.defect?.url;
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

export class SectionNode {
  readonly kind = 'section';
  constructor(
    readonly section: 'tags' | 'areas',
    readonly count: number,
  ) {}

  get id(): string {
    return `impact:${this.section}`;
  }

  toTreeItem(): vscode.TreeItem {
    const label = this.section === 'tags' ? 'Tags' : 'Product areas';
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = plural(this.count, this.section === 'tags' ? 'tag' : 'area');
    item.iconPath = new vscode.ThemeIcon(this.section === 'tags' ? 'tag' : 'layers');
    item.contextValue = ImpactContextValues.section;
    item.accessibilityInformation = { label: `${label}, ${item.description}`, role: 'treeitem' };
    return item;
  }
}

export class ImpactGroupNode {
  readonly kind = 'group';
  constructor(
    readonly section: 'tags' | 'areas',
    readonly group: GroupImpact,
  ) {}

  get id(): string {
    return `impact:${this.section}/group:${this.group.name}`;
  }

  get isUnknown(): boolean {
    return this.group.name === UNKNOWN;
  }

  toTreeItem(): vscode.TreeItem {
    const g = this.group;
    const label = this.isUnknown ? `unknown (${this.section === 'tags' ? 'no tag' : 'no product area'})` : g.name;
    const hasChildren = g.defectIds.length > 0 || g.ticketRefs.length > 0;
    const item = new vscode.TreeItem(label, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = groupDescription(g);
    item.iconPath = this.isUnknown
      ? new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(this.section === 'tags' ? 'tag' : 'symbol-namespace', g.trend === 'up' ? new vscode.ThemeColor('charts.orange') : undefined);
    item.contextValue = ImpactContextValues.group;
    item.accessibilityInformation = {
      label: `${label}: ${plural(g.openTickets, 'open ticket')} of ${n(g.tickets)}, ${n(g.newThisWeek)} new this week, ${n(g.newLastWeek)} last week, ${TREND_WORDS[g.trend]}, ${plural(g.defectIds.length, 'linked defect')}`,
      role: 'treeitem',
    };
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const g = this.group;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMarkdown(this.isUnknown ? `Tickets with ${this.section === 'tags' ? 'no tag' : 'no product area'}` : g.name)}**\n\n`);
    md.appendMarkdown(`${plural(g.tickets, 'ticket')}, ${n(g.openTickets)} open\n\n`);
    md.appendMarkdown(`$(${g.trend === 'up' ? 'arrow-up' : g.trend === 'down' ? 'arrow-down' : 'arrow-right'}) ${n(g.newThisWeek)} new in the last 7 days, ${n(g.newLastWeek)} in the 7 days before\n\n`);
    md.appendMarkdown(`$(bug) ${plural(g.defectIds.length, 'linked defect')}`);
    return md;
  }
}

export class DefectNode {
  readonly kind = 'defect';
  constructor(
    readonly defect: DefectImpact,
    readonly parentId: string,
    /** In the Customer-reported defects view a defect expands to its tickets; under a tag it is a leaf. */
    readonly expandable: boolean,
  ) {}

  get id(): string {
    return `${this.parentId}/defect:${this.defect.defectId}`;
  }

  toTreeItem(): vscode.TreeItem {
    const d = this.defect;
    const label = `${d.key} ${d.title}`;
    const item = new vscode.TreeItem(label, this.expandable && d.ticketRefs.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = defectDescription(d);
    item.iconPath = d.missing
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : d.defect?.stage === 'done'
        ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon('bug', d.defect?.stage === 'inProgress' ? new vscode.ThemeColor('charts.blue') : new vscode.ThemeColor('charts.red'));
    item.contextValue = `${ImpactContextValues.defect}${defectWebUrl(d) ? '.web' : ''}${d.missing ? '.missing' : ''}`;
    // Under a tag the defect is a leaf: clicking it offers its cases.
    if (!this.expandable && d.ticketRefs.length) item.command = { command: Commands.impactOpenCases, title: 'Open Cases of Defect', arguments: [d.key] };
    item.accessibilityInformation = {
      label: `Defect ${d.key}${d.missing ? ', deleted or not visible in the tracker' : `, ${d.title}, ${d.status}`}: ${plural(d.cases, 'customer case')}, ${plural(d.organizations, 'organisation')}${d.arrKnown ? `, ${formatArr(d.arrKnown)} ARR` : ''}`,
      role: 'treeitem',
    };
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const d = this.defect;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMarkdown(d.key)}** ${escapeMarkdown(d.missing ? 'deleted or not visible in the tracker' : d.title)}\n\n`);
    if (!d.missing) md.appendMarkdown(`${escapeMarkdown(d.status)}${d.defect?.productArea ? ` · ${escapeMarkdown(d.defect.productArea)}` : ''}\n\n`);
    md.appendMarkdown(`$(account) ${plural(d.cases, 'customer case')} (${n(d.openCases)} open) · $(organization) ${plural(d.organizations, 'organisation')}\n\n`);
    md.appendMarkdown(`ARR ${formatArr(d.arrKnown)} known${d.arrUnknown ? `, ${plural(d.arrUnknown, 'organisation')} without ARR` : ''}\n\n`);
    const tiers = Object.entries(d.tiers).map(([tier, count]) => `${escapeMarkdown(tier)} ${n(count ?? 0)}`);
    if (tiers.length) md.appendMarkdown(`Tiers: ${tiers.join(', ')}\n\n`);
    if (d.feedbackRecords || d.evidenceComments || d.unparsedBlocks) {
      md.appendMarkdown(`Feedback: ${plural(d.feedbackRecords, 'record')}, ${plural(d.evidenceComments, '+1 comment')}${d.unparsedBlocks ? `, $(warning) ${n(d.unparsedBlocks)} unparsed (corrupt or unreadable machine block)` : ''}\n\n`);
    }
    const quote = d.quotes[0];
    if (quote) md.appendMarkdown(`> ${escapeMarkdown(oneLine(quote.quote, 300))}\n>\n> — ${escapeMarkdown(quote.ticketKey)}${quote.author ? `, ${escapeMarkdown(quote.author)}` : ''}\n\n`);
    return md;
  }
}

export class ImpactTicketNode {
  readonly kind = 'ticket';
  constructor(
    readonly ref: string,
    /** Undefined when the report has no summary of the ticket (shown honestly, never dropped). */
    readonly ticket: TicketSummary | undefined,
    readonly parentId: string,
    /** The customer's words on this ticket, newest first (Customer-reported defects view only). */
    readonly quotes: readonly CustomerQuote[],
  ) {}

  get id(): string {
    return `${this.parentId}/ticket:${this.ref}`;
  }

  toTreeItem(): vscode.TreeItem {
    const t = this.ticket;
    const label = t ? `${t.key} ${t.subject || '(no subject)'}` : `${this.ref} (not in the loaded tickets)`;
    const item = new vscode.TreeItem(label, this.quotes.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = t ? [statusLabel(t.status), t.organization === UNKNOWN ? 'organisation unknown' : t.organization].join(' · ') : 'unknown';
    item.iconPath = new vscode.ThemeIcon(t && (t.status === 'solved' || t.status === 'closed') ? 'pass' : 'issues');
    item.contextValue = ImpactContextValues.ticket;
    item.accessibilityInformation = { label: t ? `Ticket ${t.key}, ${t.subject}, ${statusLabel(t.status)}, ${t.organization}` : `Ticket ${this.ref}, unknown`, role: 'treeitem' };
    item.command = { command: Commands.openTicket, title: 'Open Case', arguments: [this.ref] };
    return item;
  }

  tooltip(): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    const t = this.ticket;
    md.appendMarkdown(t ? `**${escapeMarkdown(t.key)}** ${escapeMarkdown(t.subject)}\n\n${statusLabel(t.status)} · $(organization) ${escapeMarkdown(t.organization)} · ${escapeMarkdown(t.area)}\n\n` : `**${escapeMarkdown(this.ref)}**: not among the loaded tickets\n\n`);
    const quote = this.quotes[0];
    if (quote) md.appendMarkdown(`> ${escapeMarkdown(oneLine(quote.quote, 300))}\n\n`);
    md.appendMarkdown('Click to open the case.');
    return md;
  }
}

export class QuoteNode {
  readonly kind = 'quote';
  constructor(
    readonly quote: CustomerQuote,
    readonly parentId: string,
    readonly index: number,
  ) {}

  get id(): string {
    return `${this.parentId}/quote:${this.index}`;
  }

  toTreeItem(): vscode.TreeItem {
    const q = this.quote;
    // A TreeItem label is plain text: customer words are never interpreted here.
    const item = new vscode.TreeItem(`“${oneLine(q.quote, 120)}”`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [q.author, q.at.slice(0, 10)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('quote');
    item.contextValue = ImpactContextValues.quote;
    item.tooltip = `${q.quote}\n\n${q.author ? `${q.author}, ` : ''}${q.ticketKey}, ${q.at.slice(0, 10)}`;
    item.accessibilityInformation = { label: `Quote from ${q.author ?? 'the customer'} on ${q.ticketKey}: ${oneLine(q.quote, 300)}`, role: 'treeitem' };
    item.command = { command: Commands.openTicket, title: 'Open Case', arguments: [q.ticketRef] };
    return item;
  }
}

export class ImpactShowMoreNode {
  readonly kind = 'showMore';
  constructor(
    readonly parentId: string,
    readonly shown: number,
    readonly total: number,
    readonly step: number,
    readonly viewId: string,
  ) {}

  get id(): string {
    return `${this.parentId}/show-more`;
  }

  toTreeItem(): vscode.TreeItem {
    return showMoreItem(this.id, this.shown, this.total, this.step, ImpactContextValues.showMore, { command: Commands.impactShowMore, title: 'Show More', arguments: [this.viewId, this.parentId] });
  }
}

/** Loading, errors, and honest notes about the report (unparsed blocks, partial data). */
export class ImpactMessageNode {
  readonly kind = 'message';
  constructor(
    readonly key: string,
    readonly label: string,
    readonly severity: 'loading' | 'error' | 'warning' | 'info',
    readonly detail: string,
  ) {}

  get id(): string {
    return `impact-message:${this.key}`;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label);
    item.id = this.id;
    item.tooltip = this.detail;
    item.iconPath = {
      loading: new vscode.ThemeIcon('loading~spin'),
      error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
      warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
      info: new vscode.ThemeIcon('info'),
    }[this.severity];
    item.contextValue = this.severity === 'error' ? ImpactContextValues.error : ImpactContextValues.message;
    if (this.severity === 'error') item.description = 'click to see the log';
    if (this.severity === 'error' || this.severity === 'warning') item.command = { command: Commands.showLogs, title: 'Show Logs' };
    item.accessibilityInformation = { label: `${this.label}. ${this.detail}`, role: 'treeitem' };
    return item;
  }
}

export type ImpactNode = SectionNode | ImpactGroupNode | DefectNode | ImpactTicketNode | QuoteNode | ImpactShowMoreNode | ImpactMessageNode;
