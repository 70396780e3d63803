import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/ports/logger';
import type { QueueModel } from '../../core/services/queueModel';
import type { SeenTracker } from '../../core/services/seenTracker';
import type { Ticket } from '../../core/model/ticket';
import { ErrorNode, GroupNode, LoadMoreNode, ShowMoreNode, TicketNode, type QueueNode, type TicketRenderContext } from './queueNodes';

/**
 * A thin TreeDataProvider over QueueModel: it turns the model's snapshot into nodes and never
 * fetches, throws or shows popups itself. Large groups are shown a page at a time.
 */
export class QueueTreeProvider implements vscode.TreeDataProvider<QueueNode>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<QueueNode | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #subscription: { dispose(): void };
  /** How many tickets each group shows; reset when grouping or filtering changes. */
  readonly #shownPerGroup = new Map<string, number>();
  #groupNodes = new Map<string, GroupNode>();

  constructor(
    private readonly model: QueueModel,
    private readonly seen: SeenTracker,
    private readonly groupPageSize: () => number,
    private readonly log: Logger,
  ) {
    this.#subscription = model.onDidChange(() => this.#onDidChangeTreeData.fire(undefined));
  }

  /** Called when grouping, view or filter changes, so paging within groups starts over. */
  resetPaging(): void {
    this.#shownPerGroup.clear();
  }

  showMore(groupId: string): void {
    const node = this.#groupNodes.get(groupId);
    this.#shownPerGroup.set(groupId, (this.#shownPerGroup.get(groupId) ?? this.groupPageSize()) + this.groupPageSize());
    this.#onDidChangeTreeData.fire(node);
  }

  refreshView(): void {
    this.#onDidChangeTreeData.fire(undefined);
  }

  #ctx(): TicketRenderContext {
    return { now: new Date(), isUpdated: (t) => this.seen.isUpdatedSinceSeen(t) };
  }

  getTreeItem(node: QueueNode): vscode.TreeItem {
    return node.kind === 'ticket' ? node.toTreeItem(this.#ctx()) : node.toTreeItem();
  }

  async resolveTreeItem(item: vscode.TreeItem, node: QueueNode): Promise<vscode.TreeItem> {
    if (node.kind === 'ticket') item.tooltip = node.tooltip(this.#ctx());
    return item;
  }

  getChildren(node?: QueueNode): QueueNode[] {
    try {
      return node ? this.#children(node) : this.#roots();
    } catch (err) {
      // A provider that throws leaves an empty, silent view. Show what went wrong instead.
      this.log.error('Building the queue tree failed:', err);
      return [new ErrorNode(`Could not show the queue: ${describeError(err)}`, false)];
    }
  }

  getParent(node: QueueNode): QueueNode | undefined {
    if (node.kind === 'ticket' || node.kind === 'showMore') {
      const parentId = node.kind === 'ticket' ? node.parentId : node.groupId;
      return this.#groupNodes.get(parentId);
    }
    return undefined;
  }

  #roots(): QueueNode[] {
    const snap = this.model.snapshot();
    const roots: QueueNode[] = [];
    if (snap.error) roots.push(new ErrorNode(`Could not load tickets: ${snap.error.message}`, snap.loadedCount > 0));
    if (snap.status === 'idle' || (snap.status === 'loading' && snap.loadedCount === 0)) return roots;
    const groupBy = this.model.state.groupBy;
    this.#groupNodes = new Map();
    if (groupBy === 'none') {
      const only = snap.groups[0];
      if (only) roots.push(...this.#ticketPage('root', only.tickets));
    } else {
      snap.groups.forEach((group, index) => {
        const node = new GroupNode(group, groupBy, index < 2);
        this.#groupNodes.set(node.id, node);
        roots.push(node);
      });
    }
    if (snap.hasMore) roots.push(new LoadMoreNode(snap.loadedCount, snap.total, snap.status === 'loading'));
    return roots;
  }

  #children(node: QueueNode): QueueNode[] {
    if (node.kind !== 'group') return [];
    // Re-read the group from the current snapshot: the node may be from before a refresh.
    const current = this.model.snapshot().groups.find((g) => g.key === node.group.key) ?? node.group;
    return this.#ticketPage(node.id, current.tickets);
  }

  #ticketPage(parentId: string, tickets: readonly Ticket[]): QueueNode[] {
    const step = this.groupPageSize();
    const shown = Math.min(tickets.length, this.#shownPerGroup.get(parentId) ?? step);
    const nodes: QueueNode[] = new Array(shown);
    for (let i = 0; i < shown; i++) nodes[i] = new TicketNode(tickets[i], parentId);
    if (shown < tickets.length) nodes.push(new ShowMoreNode(parentId, shown, tickets.length, step));
    return nodes;
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#onDidChangeTreeData.dispose();
  }
}
