import * as vscode from 'vscode';
import { describeError } from '../core/errors';
import type { ImpactFilters, ImpactReport } from '../core/model/impact';
import type { Logger } from '../core/ports/logger';
import type { ImpactStore } from '../core/services/impact/impactStore';
import { Commands } from '../commands/commandIds';
import { IMPACT_VIEW_TYPE } from '../commands/impactCommands';
import {
  DRILL_LIMIT, ImpactWebviewMessage, drillDown, ticketRow, toImpactView,
  type DrillTarget, type ImpactHostMessage, type ImpactView,
} from '../protocol/impactProtocol';
import { WebviewPanelHost } from './webviewHost';

export interface ImpactPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly store: ImpactStore;
  readonly log: Logger;
}

/**
 * The host side of the Impact dashboard (one per window). Sends the page a compact view of the
 * store's report (top defects, counts and medians; not 50,000 tickets) each time the store
 * changes, answers drill-down requests with the tickets behind one chart element, and turns the
 * page's buttons into commands. The store keeps the last good report through a failed reload, so
 * the page shows the error next to the charts it already has.
 */
export class ImpactPanel implements vscode.Disposable {
  readonly host: WebviewPanelHost<ImpactWebviewMessage, ImpactHostMessage>;
  readonly #onDidDispose = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.#onDidDispose.event;
  readonly #subscription: { dispose(): void };
  /** The view is rebuilt only for a new report, not for every status change. */
  #viewOf: { report: ImpactReport; view: ImpactView } | undefined;
  #ready = false;
  #disposed = false;
  /** What the host posted last, and its size in bytes: for tests and the log. */
  lastPosted: ImpactHostMessage | undefined;
  lastPostedBytes = 0;

  constructor(
    private readonly deps: ImpactPanelDeps,
    existing?: vscode.WebviewPanel,
  ) {
    this.host = new WebviewPanelHost(deps.extensionUri, {
      viewType: IMPACT_VIEW_TYPE, title: 'Caselink Impact', script: 'impact', styles: ['base.css', 'impact.css'], incoming: ImpactWebviewMessage,
      iconPath: vscode.Uri.joinPath(deps.extensionUri, 'media', 'caselink.svg'),
    }, deps.log, existing);
    this.host.panel.onDidDispose(() => this.dispose());
    this.host.onMessage((m) => void this.#handle(m).catch((err) => deps.log.warn(`Impact dashboard: ${m.type} failed: ${describeError(err)}`)));
    this.#subscription = deps.store.onDidChange(() => this.#push());
  }

  reveal(): void {
    this.host.panel.reveal();
  }

  /** The state message for the store as it is now. */
  stateMessage(): Extract<ImpactHostMessage, { type: 'state' }> {
    const { store } = this.deps;
    const report = store.report;
    if (report && this.#viewOf?.report !== report) this.#viewOf = { report, view: toImpactView(report) };
    const view = report ? this.#viewOf?.view : undefined;
    return { type: 'state', status: store.status, ...(store.status === 'error' && store.error ? { error: store.error } : {}), ...(view ? { view } : {}) };
  }

  #push(): void {
    if (this.#disposed || !this.#ready) return;
    this.#post(this.stateMessage());
  }

  #post(message: ImpactHostMessage): void {
    this.lastPosted = message;
    this.lastPostedBytes = Buffer.byteLength(JSON.stringify(message));
    void this.host.post(message);
  }

  async #handle(m: ImpactWebviewMessage): Promise<void> {
    const { store } = this.deps;
    switch (m.type) {
      case 'ready':
        this.#ready = true;
        this.#push();
        // Loads on first open (with the page's loading state); a later open shows the report it has.
        await store.ensureLoaded();
        return;
      case 'refresh':
        await store.load({ force: true });
        return;
      case 'setRange':
        await this.setFilters({ ...store.filters, range: m.range });
        return;
      case 'setConnection': {
        const { connectionId: _old, ...rest } = store.filters;
        await this.setFilters(m.connectionId ? { ...rest, connectionId: m.connectionId } : rest);
        return;
      }
      case 'export':
        await vscode.commands.executeCommand(Commands.exportImpactReport, m.format);
        return;
      case 'drill':
        this.#post(this.drill(m.requestId, m.target));
        return;
      case 'openTicket':
        await vscode.commands.executeCommand(Commands.openTicket, m.ticketRef);
        return;
      case 'showLogs':
        await vscode.commands.executeCommand(Commands.showLogs);
        return;
    }
  }

  async setFilters(filters: ImpactFilters): Promise<void> {
    const current = this.deps.store.filters;
    if (current.range === filters.range && current.connectionId === filters.connectionId) return;
    await this.deps.store.setFilters(filters);
  }

  /** The tickets behind one chart element, from the report the page is showing. */
  drill(requestId: string, target: DrillTarget): Extract<ImpactHostMessage, { type: 'drill' }> {
    const report = this.deps.store.report;
    const found = report ? drillDown(report, target) : undefined;
    if (!report || !found) return { type: 'drill', requestId, title: 'These tickets are no longer in the report: refresh the dashboard.', total: 0, tickets: [] };
    return { type: 'drill', requestId, title: found.title, total: found.refs.length, tickets: found.refs.slice(0, DRILL_LIMIT).map((ref) => ticketRow(report, ref)) };
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#subscription.dispose();
    this.#onDidDispose.fire();
    this.#onDidDispose.dispose();
    this.host.dispose();
  }
}
