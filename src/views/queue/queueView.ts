import * as vscode from 'vscode';
import type { Logger } from '../../core/ports/logger';
import type { QueueModel } from '../../core/services/queueModel';
import type { SeenTracker } from '../../core/services/seenTracker';
import type { ConfigService } from '../../host/config';
import { QueueTreeProvider } from './queueTreeProvider';
import { TicketDecorationProvider } from './ticketDecorations';
import type { QueueNode } from './queueNodes';

export const QUEUE_VIEW_ID = 'caselink.queue';

/**
 * Owns the Queue tree view: its message and badge, the context keys menus depend on, and
 * background refresh, which runs only while the view is visible and the window focused.
 */
export class QueueView implements vscode.Disposable {
  readonly provider: QueueTreeProvider;
  readonly treeView: vscode.TreeView<QueueNode>;
  readonly #disposables: vscode.Disposable[] = [];
  #timer: NodeJS.Timeout | undefined;
  #progress: { resolve(): void } | undefined;
  #badgeKey = '';
  #updatedCount = 0;

  constructor(
    private readonly model: QueueModel,
    private readonly seen: SeenTracker,
    private readonly config: ConfigService,
    private readonly log: Logger,
  ) {
    this.provider = new QueueTreeProvider(model, seen, () => config.current.groupPageSize, log);
    this.treeView = vscode.window.createTreeView(QUEUE_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    this.treeView.description = model.connectionLabel;
    this.#disposables.push(
      this.provider,
      this.treeView,
      vscode.window.registerFileDecorationProvider(new TicketDecorationProvider()),
      { dispose: model.onDidChange(() => this.#onModelChange()).dispose },
      this.treeView.onDidChangeVisibility((e) => {
        if (e.visible) this.#onBecameVisible();
        this.#schedule();
      }),
      vscode.window.onDidChangeWindowState((s) => {
        if (s.focused && this.treeView.visible) this.#refreshIfStale();
      }),
      config.onDidChange(() => {
        this.#schedule();
        this.provider.refreshView();
      }),
    );
    this.#updateContext();
    if (this.treeView.visible) this.#onBecameVisible();
    this.#schedule();
  }

  #onBecameVisible(): void {
    // The first time the view is shown is when Caselink loads anything at all.
    if (!this.model.hasLoaded) void this.model.refresh();
    else this.#refreshIfStale();
  }

  #refreshIfStale(): void {
    const interval = this.config.current.refreshIntervalSeconds;
    const last = this.model.snapshot().lastRefreshedAt;
    if (interval > 0 && last && Date.now() - last.getTime() > interval * 1000) void this.model.refresh();
  }

  #schedule(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    const interval = this.config.current.refreshIntervalSeconds;
    if (interval <= 0 || !this.treeView.visible) return;
    this.#timer = setInterval(() => {
      if (this.treeView.visible && vscode.window.state.focused) void this.model.refresh();
    }, interval * 1000);
  }

  #onModelChange(): void {
    const snap = this.model.snapshot();
    const state = this.model.state;
    const parts: string[] = [];
    if (state.viewName) parts.push(state.viewName);
    if (state.quickFilter) parts.push(`filter “${state.quickFilter}”`);
    const count = snap.total !== undefined && snap.hasMore && !state.quickFilter
      ? `${snap.loadedCount.toLocaleString('en-US')} of ${snap.total.toLocaleString('en-US')} tickets loaded`
      : `${snap.visibleCount.toLocaleString('en-US')} ticket${snap.visibleCount === 1 ? '' : 's'}${state.quickFilter ? ` of ${snap.loadedCount.toLocaleString('en-US')}` : ''}`;
    if (snap.status === 'loading' && snap.loadedCount === 0) this.treeView.message = `Loading tickets from ${this.model.connectionLabel}…`;
    else if (snap.status === 'ready' || snap.loadedCount > 0) this.treeView.message = [...parts, count].join(' · ');
    else this.treeView.message = undefined;
    // Counting 50,000 tickets on every keystroke of the quick filter is wasted work: count on change only.
    const key = `${this.model.dataVersion}:${this.seen.version}`;
    if (key !== this.#badgeKey) {
      this.#badgeKey = key;
      this.#updatedCount = 0;
      for (const t of this.model.loadedTickets()) if (this.seen.isUpdatedSinceSeen(t)) this.#updatedCount++;
    }
    const updated = this.#updatedCount;
    this.treeView.badge = updated ? { value: updated, tooltip: `${updated} ticket${updated === 1 ? '' : 's'} updated since you last looked` } : undefined;
    this.#updateContext();
    this.#showProgress(snap.status === 'loading');
  }

  #showProgress(loading: boolean): void {
    if (loading && !this.#progress) {
      void vscode.window.withProgress({ location: { viewId: QUEUE_VIEW_ID } }, () => new Promise<void>((resolve) => (this.#progress = { resolve })));
    } else if (!loading && this.#progress) {
      this.#progress.resolve();
      this.#progress = undefined;
    }
  }

  #updateContext(): void {
    const snap = this.model.snapshot();
    const state = this.model.state;
    const set = (key: string, value: unknown) => void vscode.commands.executeCommand('setContext', key, value);
    set('caselink.filtered', !!state.quickFilter || !!state.viewName);
    set('caselink.groupBy', state.groupBy);
    set('caselink.queueState', snap.status === 'ready' && snap.visibleCount === 0 ? (snap.loadedCount === 0 ? 'empty' : 'noMatch') : snap.status === 'error' && snap.loadedCount === 0 ? 'error' : snap.status);
  }

  dispose(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#progress?.resolve();
    for (const d of this.#disposables) d.dispose();
  }
}
