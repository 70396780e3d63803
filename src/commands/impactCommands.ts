import * as os from 'os';
import * as vscode from 'vscode';
import type { ImpactReport } from '../core/model/impact';
import type { Logger } from '../core/ports/logger';
import type { ImpactStore } from '../core/services/impact/impactStore';
import type { ImpactPanel } from '../webviews/impactPanel';
import { Commands } from './commandIds';
import { registerCommand } from './registerCommand';

export const IMPACT_VIEW_TYPE = 'caselink.impact';

export interface ImpactCommandDeps {
  readonly extensionUri: vscode.Uri;
  /** The shared report store (a getter: the container may create it on first use). */
  readonly impact: () => ImpactStore;
  readonly log: Logger;
}

type ExportFormat = 'markdown' | 'csv';

// The panel (and zod, which its protocol needs) and the exporters load on first use, not at activation.
const panelModule = () => require('../webviews/impactPanel') as typeof import('../webviews/impactPanel');
const exportModule = () => require('../core/services/impact/reportExport') as typeof import('../core/services/impact/reportExport');

/**
 * The Impact dashboard: one panel per window (opening it again reveals it), restored after a
 * reload like the case tabs.
 */
export class ImpactDashboard implements vscode.Disposable {
  #panel: ImpactPanel | undefined;
  readonly #disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: ImpactCommandDeps) {
    this.#disposables.push(
      vscode.window.registerWebviewPanelSerializer(IMPACT_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          if (this.#panel) {
            // A second restored dashboard (two windows' state merged): keep one.
            panel.dispose();
            return;
          }
          const tracked = this.#track(new (panelModule().ImpactPanel)(this.#panelDeps(), panel));
          const { ImpactPanelState } = require('../protocol/impactProtocol') as typeof import('../protocol/impactProtocol');
          const saved = ImpactPanelState.safeParse(state ?? {});
          const range = saved.success ? saved.data.range : undefined;
          if (range) await tracked.setFilters({ ...deps.impact().filters, range });
        },
      }),
    );
  }

  get panel(): ImpactPanel | undefined {
    return this.#panel;
  }

  open(): ImpactPanel {
    if (this.#panel) {
      this.#panel.reveal();
      return this.#panel;
    }
    return this.#track(new (panelModule().ImpactPanel)(this.#panelDeps()));
  }

  #panelDeps() {
    return { extensionUri: this.deps.extensionUri, store: this.deps.impact(), log: this.deps.log.child('impact') };
  }

  #track(panel: ImpactPanel): ImpactPanel {
    this.#panel = panel;
    panel.onDidDispose(() => {
      if (this.#panel === panel) this.#panel = undefined;
    });
    return panel;
  }

  dispose(): void {
    this.#panel?.dispose();
    for (const d of this.#disposables) d.dispose();
  }
}

/** The report there is, or loads one with progress; throws the store's error when there is none. */
async function reportForExport(store: ImpactStore): Promise<ImpactReport> {
  if (store.report && store.status !== 'loading') return store.report;
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Caselink: loading the impact report…', cancellable: false },
    () => store.ensureLoaded(),
  );
  if (!report) throw new Error(store.error ?? 'There is no impact report to export yet.');
  return report;
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const items: (vscode.QuickPickItem & { format: ExportFormat })[] = [
    { label: '$(markdown) Markdown', description: 'tables to paste into a planning doc or an issue', format: 'markdown' },
    { label: '$(table) CSV', description: 'for a spreadsheet', format: 'csv' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Export the impact report', placeHolder: 'Choose a format' });
  return picked?.format;
}

function defaultFileName(report: ImpactReport, format: ExportFormat): string {
  const date = report.generatedAt.slice(0, 10);
  return `caselink-impact-${date}-${report.filters.range}${report.filters.connectionId ? `-${report.filters.connectionId.replace(/[^\w.-]+/g, '_')}` : ''}.${format === 'markdown' ? 'md' : 'csv'}`;
}

function targetFromArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.trim()) return /^[a-z][\w+.-]*:/i.test(arg) && !/^[a-z]:[\\/]/i.test(arg) ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  return undefined;
}

/**
 * Writes the report as Markdown or CSV (time range and filters on the first line) and offers to
 * open it. `format` and `target` are optional: the palette asks, the dashboard's buttons pass the
 * format, and tests and automation pass both (no dialog). Resolves to the written file's URI.
 */
export async function exportImpactReport(deps: ImpactCommandDeps, formatArg?: unknown, targetArg?: unknown): Promise<string | undefined> {
  const format = formatArg === 'markdown' || formatArg === 'csv' ? formatArg : await pickFormat();
  if (!format) return undefined;
  const report = await reportForExport(deps.impact());
  let target = targetFromArg(targetArg);
  if (!target) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    target = await vscode.window.showSaveDialog({
      title: `Export the impact report as ${format === 'markdown' ? 'Markdown' : 'CSV'}`,
      defaultUri: vscode.Uri.joinPath(folder, defaultFileName(report, format)),
      filters: format === 'markdown' ? { Markdown: ['md'] } : { CSV: ['csv'] },
      saveLabel: 'Export',
    });
    if (!target) return undefined;
  }
  const { toMarkdown, toCsv } = exportModule();
  const text = format === 'markdown' ? toMarkdown(report) : toCsv(report);
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  deps.log.info(`Exported the impact report (${format}, ${report.totals.tickets} tickets) to ${target.toString(true)}`);
  const name = target.path.slice(target.path.lastIndexOf('/') + 1);
  void vscode.window.showInformationMessage(`Caselink: impact report saved as ${name}.`, 'Open').then(async (choice) => {
    if (choice) await vscode.window.showTextDocument(target);
  });
  return target.toString();
}

export function registerImpactCommands(deps: ImpactCommandDeps): { dashboard: ImpactDashboard; disposables: vscode.Disposable[] } {
  const dashboard = new ImpactDashboard(deps);
  return {
    dashboard,
    disposables: [
      dashboard,
      registerCommand(Commands.openImpactDashboard, () => void dashboard.open(), deps.log),
      registerCommand(Commands.exportImpactReport, (format?: unknown, target?: unknown) => exportImpactReport(deps, format, target), deps.log),
    ],
  };
}
