import * as vscode from 'vscode';
import { IMPACT_RANGES, type DefectImpact, type ImpactRange } from '../core/model/impact';
import type { Logger } from '../core/ports/logger';
import type { ImpactStore } from '../core/services/impact/impactStore';
import type { ConfigService } from '../host/config';
import { defectWebUrl, type ImpactNode } from '../views/impact/impactNodes';
import { RANGE_LABELS, type ImpactViews } from '../views/impact/impactViews';
import { Commands } from './commandIds';
import { registerCommand } from './registerCommand';

export interface ImpactViewCommandDeps {
  readonly store: ImpactStore;
  readonly views: ImpactViews;
  readonly config: ConfigService;
  readonly log: Logger;
}

/** A defect from a tree node, or from a reference string ("LUM-12", "#12", a URL) passed by a hover or CodeLens. */
function defectFromArg(arg: unknown, store: ImpactStore): DefectImpact | undefined {
  if (arg && typeof arg === 'object' && (arg as ImpactNode).kind === 'defect') {
    const node = arg as Extract<ImpactNode, { kind: 'defect' }>;
    // The node may be from an older report; the current one has the current figures.
    return store.report?.defects.find((d) => d.defectId === node.defect.defectId) ?? node.defect;
  }
  if (typeof arg === 'string' && arg.trim()) return store.defectByReference(arg.trim());
  return undefined;
}

async function pickDefect(store: ImpactStore, title: string): Promise<DefectImpact | undefined> {
  const report = store.report ?? (await store.ensureLoaded());
  if (!report?.defects.length) {
    void vscode.window.showInformationMessage('Caselink: no defects are linked to tickets in this range.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    report.defects.map((d) => ({ label: `${d.key} ${d.title}`, description: `${d.cases} case${d.cases === 1 ? '' : 's'} · ${d.status}`, defect: d })),
    { title, matchOnDescription: true },
  );
  return picked?.defect;
}

/** Commands of the Tags & Areas and Customer-reported defects views, the hovers and the CodeLens. */
export function registerImpactViewCommands(deps: ImpactViewCommandDeps): vscode.Disposable[] {
  const { store, views, log } = deps;
  const reg = (id: string, handler: (...args: any[]) => unknown) => registerCommand(id, handler, log);

  return [
    // Both views show the load's progress themselves (ImpactViews).
    reg(Commands.impactRefresh, () => store.load({ force: true })),
    reg(Commands.impactPickRange, async (range?: unknown) => {
      let chosen = typeof range === 'string' && (IMPACT_RANGES as readonly string[]).includes(range) ? (range as ImpactRange) : undefined;
      if (!chosen) {
        const current = store.filters.range;
        const picked = await vscode.window.showQuickPick(
          IMPACT_RANGES.map((r) => ({ label: RANGE_LABELS[r], description: r === current ? 'current' : undefined, range: r })),
          { title: 'Impact: time range', placeHolder: 'Tickets created in this range count as "new" and in the totals' },
        );
        chosen = picked?.range;
      }
      if (chosen) await store.setFilters({ ...store.filters, range: chosen });
    }),
    reg(Commands.impactPickConnection, async (connectionId?: unknown) => {
      let chosen: { id: string | undefined } | undefined = typeof connectionId === 'string' ? { id: connectionId || undefined } : undefined;
      if (!chosen) {
        // The report reads the ticket source in use; other helpdesks are a switch of the source away.
        const inData = new Set<string>([deps.config.current.ticketSource]);
        for (const ref of store.report?.ticketIndex.keys() ?? []) inData.add(ref.slice(0, ref.indexOf(':')));
        const current = store.filters.connectionId;
        type Item = vscode.QuickPickItem & { id?: string; switchSource?: true };
        const items: Item[] = [
          { label: 'All ticket sources', description: current === undefined ? 'current' : undefined },
          ...[...inData].filter(Boolean).map((id) => ({ label: id, id, description: id === current ? 'current' : undefined })),
          { label: '$(inbox) Choose Another Ticket Source…', detail: 'Switches the Queue and these views to another helpdesk connection', switchSource: true },
        ];
        const picked = await vscode.window.showQuickPick(items, { title: 'Impact: ticket source' });
        if (picked?.switchSource) return vscode.commands.executeCommand(Commands.chooseTicketSource);
        chosen = picked && { id: picked.id };
      }
      if (chosen) await store.setFilters({ range: store.filters.range, ...(chosen.id ? { connectionId: chosen.id } : {}) });
    }),
    reg(Commands.impactOpenDefect, async (arg?: unknown) => {
      const defect = arg === undefined ? await pickDefect(store, 'Open a defect in the tracker') : defectFromArg(arg, store);
      if (!defect) {
        if (arg !== undefined) void vscode.window.showWarningMessage(`Caselink: ${String(typeof arg === 'string' ? arg : 'this defect')} is not among the defects linked to tickets.`);
        return false;
      }
      const url = defectWebUrl(defect);
      if (!url) {
        void vscode.window.showWarningMessage(defect.missing ? `Caselink: ${defect.key} was deleted in the tracker or is not visible to this account.` : `Caselink: ${defect.key} has no web address to open.`);
        return false;
      }
      return vscode.env.openExternal(vscode.Uri.parse(url, true));
    }),
    reg(Commands.impactOpenCases, async (arg?: unknown) => {
      const defect = arg === undefined ? await pickDefect(store, 'Open the cases of a defect') : defectFromArg(arg, store);
      if (!defect) return false;
      const report = store.report;
      const items = defect.ticketRefs.map((ref) => {
        const t = report?.ticketIndex.get(ref);
        const quote = defect.quotes.find((q) => q.ticketRef === ref);
        return { label: t ? `${t.key} ${t.subject}` : ref, description: t ? `${t.status} · ${t.organization}` : 'unknown', detail: quote ? `“${quote.quote.replace(/\s+/g, ' ').slice(0, 160)}”` : undefined, ref };
      });
      if (!items.length) return false;
      const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: `Cases linked to ${defect.key}`, matchOnDescription: true, matchOnDetail: true });
      if (!picked) return false;
      return vscode.commands.executeCommand(Commands.openTicket, picked.ref);
    }),
    reg(Commands.impactOpenCase, async (arg?: unknown) => {
      const ref = arg && typeof arg === 'object' && (arg as ImpactNode).kind === 'ticket' ? (arg as Extract<ImpactNode, { kind: 'ticket' }>).ref : typeof arg === 'string' ? arg : undefined;
      return vscode.commands.executeCommand(Commands.openTicket, ref);
    }),
    reg(Commands.impactCopyKey, async (arg?: unknown) => {
      const defect = defectFromArg(arg, store);
      if (defect) await vscode.env.clipboard.writeText(defect.key);
    }),
    reg(Commands.impactShowMore, (viewId: unknown, parentId: unknown) => {
      if (typeof viewId === 'string' && typeof parentId === 'string') views.provider(viewId)?.showMore(parentId);
    }),
  ];
}
