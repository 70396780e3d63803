import * as vscode from 'vscode';
import type { DueState } from '../../core/model/queue';
import type { Ticket } from '../../core/model/ticket';

export const TICKET_URI_SCHEME = 'caselink-ticket';

/**
 * Tree items carry their state in a resourceUri of our own scheme, so one stateless
 * FileDecorationProvider can paint "updated" badges and overdue colours the VS Code way.
 */
export function ticketDecorationUri(t: Ticket, state: { updated: boolean; due: DueState }): vscode.Uri {
  const flags = [state.updated ? 'updated' : '', state.due === 'overdue' || state.due === 'dueToday' ? state.due : ''].filter(Boolean).join(',');
  return vscode.Uri.from({ scheme: TICKET_URI_SCHEME, path: `/${encodeURIComponent(t.connectionId)}/${encodeURIComponent(t.id)}`, query: flags });
}

export class TicketDecorationProvider implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== TICKET_URI_SCHEME || !uri.query) return undefined;
    const flags = new Set(uri.query.split(','));
    const overdue = flags.has('overdue');
    const today = flags.has('dueToday');
    const updated = flags.has('updated');
    const tooltip = [overdue ? 'Overdue' : today ? 'Due today' : '', updated ? 'Updated since you last looked' : ''].filter(Boolean).join(' · ');
    return new vscode.FileDecoration(
      updated ? '●' : overdue ? '!' : undefined,
      tooltip || undefined,
      new vscode.ThemeColor(overdue ? 'list.errorForeground' : today ? 'list.warningForeground' : 'charts.blue'),
    );
  }
}
