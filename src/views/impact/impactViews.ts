import * as vscode from 'vscode';
import type { ImpactFilters, ImpactRange } from '../../core/model/impact';
import type { Logger } from '../../core/ports/logger';
import type { ImpactStore } from '../../core/services/impact/impactStore';
import type { ConfigService } from '../../host/config';
import type { RenderedItem } from '../queue/queueSnapshot';
import { DefectsTreeProvider, DEFECTS_VIEW_ID } from './defectsTree';
import type { ImpactNode } from './impactNodes';
import type { ImpactTreeBase } from './impactTreeBase';
import { TagsTreeProvider, TAGS_VIEW_ID } from './tagsTree';

export const RANGE_LABELS: Record<ImpactRange, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '365d': 'Last 12 months',
  all: 'All time',
};

/** "Last 30 days" or "Last 30 days · rt": the view description, so the scope is always in sight. */
export function filtersLabel(filters: ImpactFilters): string {
  return [RANGE_LABELS[filters.range] ?? filters.range, filters.connectionId].filter(Boolean).join(' · ');
}

/**
 * Owns the Tags & Areas and Customer-reported defects views: their descriptions and the context
 * keys their welcome content and title-bar actions use. Creating the views loads nothing; the
 * providers ask the store on their first getChildren, i.e. when a view is first shown.
 */
export class ImpactViews implements vscode.Disposable {
  readonly tags: TagsTreeProvider;
  readonly defects: DefectsTreeProvider;
  readonly tagsView: vscode.TreeView<ImpactNode>;
  readonly defectsView: vscode.TreeView<ImpactNode>;
  readonly #disposables: vscode.Disposable[] = [];
  #progress: { resolve(): void } | undefined;

  constructor(
    private readonly store: ImpactStore,
    private readonly config: ConfigService,
    log: Logger,
  ) {
    const pageSize = () => config.current.groupPageSize;
    this.tags = new TagsTreeProvider(TAGS_VIEW_ID, store, pageSize, log);
    this.defects = new DefectsTreeProvider(DEFECTS_VIEW_ID, store, pageSize, log);
    this.tagsView = vscode.window.createTreeView(TAGS_VIEW_ID, { treeDataProvider: this.tags, showCollapseAll: true });
    this.defectsView = vscode.window.createTreeView(DEFECTS_VIEW_ID, { treeDataProvider: this.defects, showCollapseAll: true });
    const sub = store.onDidChange(() => this.#update());
    this.#disposables.push(this.tags, this.defects, this.tagsView, this.defectsView, { dispose: () => sub.dispose() }, config.onDidChange(() => this.#updateConnectionsContext()));
    this.#update();
    this.#updateConnectionsContext();
  }

  provider(viewId: string): ImpactTreeBase | undefined {
    return viewId === TAGS_VIEW_ID ? this.tags : viewId === DEFECTS_VIEW_ID ? this.defects : undefined;
  }

  #update(): void {
    const report = this.store.report;
    const status = this.store.status;
    const scope = filtersLabel(this.store.filters);
    this.tagsView.description = report ? `${scope} · ${report.totals.openTickets.toLocaleString('en-US')} open` : scope;
    const unparsed = report?.feedback.unparsed ?? 0;
    this.defectsView.description = report
      ? `${scope} · ${report.defects.length.toLocaleString('en-US')} defect${report.defects.length === 1 ? '' : 's'}${unparsed ? ` · ${unparsed} unparsed` : ''}`
      : scope;
    const state = status === 'ready' && report ? (report.totals.tickets === 0 ? 'empty' : 'ready') : status === 'error' && !report ? 'error' : status;
    void vscode.commands.executeCommand('setContext', 'caselink.impactState', state);
    void vscode.commands.executeCommand('setContext', 'caselink.impactDefectCount', report?.defects.length ?? 0);
    this.#showProgress(status === 'loading');
  }

  #updateConnectionsContext(): void {
    // The demo is always a ticket source; another configured one makes a choice worth offering.
    const several = this.config.current.connections.some((c) => c.kind === 'rt');
    void vscode.commands.executeCommand('setContext', 'caselink.impactSeveralSources', several);
  }

  #showProgress(loading: boolean): void {
    if (loading && !this.#progress) {
      const done = new Promise<void>((resolve) => (this.#progress = { resolve }));
      for (const viewId of [TAGS_VIEW_ID, DEFECTS_VIEW_ID]) void vscode.window.withProgress({ location: { viewId } }, () => done);
    } else if (!loading && this.#progress) {
      this.#progress.resolve();
      this.#progress = undefined;
    }
  }

  dispose(): void {
    this.#progress?.resolve();
    for (const d of this.#disposables) d.dispose();
  }
}

/** An impact tree as its provider hands it to VS Code, tooltips resolved, for tests and automation. */
export async function renderImpactTree(provider: ImpactTreeBase, maxDepth = 2): Promise<Array<RenderedItem & { tooltip?: string }>> {
  const walk = async (node: ImpactNode | undefined, depth: number): Promise<Array<RenderedItem & { tooltip?: string }>> => {
    const out: Array<RenderedItem & { tooltip?: string }> = [];
    for (const child of provider.getChildren(node)) {
      const item = await provider.resolveTreeItem(provider.getTreeItem(child), child);
      const rendered: RenderedItem & { tooltip?: string } = {
        id: item.id,
        label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
        description: typeof item.description === 'string' ? item.description : undefined,
        contextValue: item.contextValue,
        collapsible: item.collapsibleState !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None,
        command: item.command?.command,
        accessibilityLabel: item.accessibilityInformation?.label,
        tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value,
      };
      if (rendered.collapsible && depth < maxDepth) rendered.children = await walk(child, depth + 1);
      out.push(rendered);
    }
    return out;
  };
  return walk(undefined, 1);
}
