import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { CustomerQuote, ImpactReport } from '../../core/model/impact';
import type { Logger } from '../../core/ports/logger';
import type { ImpactStore } from '../../core/services/impact/impactStore';
import { ImpactMessageNode, ImpactShowMoreNode, ImpactTicketNode, type ImpactNode } from './impactNodes';

/**
 * What both impact trees share: they read the store's report and never fetch, throw or show popups
 * themselves. The first getChildren (the view is being shown) asks the store to load; until then
 * nothing is loaded. Long lists are shown a page at a time with a "Show more" item.
 */
export abstract class ImpactTreeBase implements vscode.TreeDataProvider<ImpactNode>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<ImpactNode | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #subscription: { dispose(): void };
  readonly #shown = new Map<string, number>();
  #reportSeen: ImpactReport | undefined;

  constructor(
    readonly viewId: string,
    protected readonly store: ImpactStore,
    protected readonly pageSize: () => number,
    protected readonly log: Logger,
  ) {
    this.#subscription = store.onDidChange(() => this.#onDidChangeTreeData.fire(undefined));
  }

  showMore(parentId: string): void {
    this.#shown.set(parentId, (this.#shown.get(parentId) ?? this.pageSize()) + this.pageSize());
    this.#onDidChangeTreeData.fire(undefined);
  }

  getTreeItem(node: ImpactNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  async resolveTreeItem(item: vscode.TreeItem, node: ImpactNode): Promise<vscode.TreeItem> {
    // Tooltips are built only for the item the pointer rests on.
    if (node.kind === 'group' || node.kind === 'defect' || node.kind === 'ticket') item.tooltip = node.tooltip();
    return item;
  }

  getChildren(node?: ImpactNode): ImpactNode[] {
    try {
      if (!node) return this.#roots();
      const report = this.store.report;
      return report ? this.children(node, report) : [];
    } catch (err) {
      // A provider that throws leaves an empty, silent view. Show what went wrong instead.
      this.log.error(`Building the ${this.viewId} tree failed:`, err);
      return [new ImpactMessageNode('render-error', `Could not show this view: ${describeError(err)}`, 'error', 'Click to open the Caselink log.')];
    }
  }

  #roots(): ImpactNode[] {
    // Shown for the first time: this is when the impact report is built, never at activation.
    // After invalidate() (links or feedback changed) a visible tree reloads; a failed load waits for Refresh.
    const status = this.store.status;
    if (status === 'idle' || (this.store.stale && status === 'ready')) void this.store.ensureLoaded().catch((err: unknown) => this.log.warn('Loading the impact report failed:', err));
    const report = this.store.report;
    if (report !== this.#reportSeen) {
      // Another report (a refresh, other filters): paging starts over.
      this.#reportSeen = report;
      this.#shown.clear();
    }
    const out: ImpactNode[] = [];
    const error = this.store.status === 'error' ? this.store.error : undefined;
    if (error) {
      out.push(new ImpactMessageNode('error', error, 'error', `${error}\n\n${report ? 'Showing the last report built. ' : ''}Click to open the Caselink log; refresh to try again.`));
    }
    if (!report) {
      if (this.store.status === 'loading') out.push(new ImpactMessageNode('loading', 'Loading tickets, defect links and feedback…', 'loading', 'Building the impact report from the ticket source and the defect tracker.'));
      return out;
    }
    if (report.partial) out.push(new ImpactMessageNode('partial', 'Not every ticket was loaded: figures are a lower bound', 'warning', 'The ticket list stopped early (a cap or a cancelled load). Refresh to load again.'));
    if (report.problems.length) {
      out.push(new ImpactMessageNode('problems', `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} while reading the tracker`, 'warning', report.problems.slice(0, 10).join('\n')));
    }
    const roots = this.roots(report);
    return roots.length || out.length ? [...out, ...roots] : [];
  }

  /** Ticket nodes for `refs`, one page at a time. */
  protected ticketPage(parentId: string, refs: readonly string[], report: ImpactReport, quotesByTicket?: ReadonlyMap<string, CustomerQuote[]>): ImpactNode[] {
    return this.page(parentId, refs, (ref) => new ImpactTicketNode(ref, report.ticketIndex.get(ref), parentId, quotesByTicket?.get(ref) ?? []));
  }

  protected page<T>(parentId: string, items: readonly T[], make: (item: T) => ImpactNode): ImpactNode[] {
    const step = this.pageSize();
    const shown = Math.min(items.length, this.#shown.get(parentId) ?? step);
    const nodes: ImpactNode[] = new Array(shown);
    for (let i = 0; i < shown; i++) nodes[i] = make(items[i]);
    if (shown < items.length) nodes.push(new ImpactShowMoreNode(parentId, shown, items.length, step, this.viewId));
    return nodes;
  }

  protected abstract roots(report: ImpactReport): ImpactNode[];
  protected abstract children(node: ImpactNode, report: ImpactReport): ImpactNode[];

  dispose(): void {
    this.#subscription.dispose();
    this.#onDidChangeTreeData.dispose();
  }
}
