import * as vscode from 'vscode';
import type { Ticket } from '../core/model/ticket';
import type { Logger } from '../core/ports/logger';
import type { FeedbackPayload, FeedbackResult } from '../core/services/feedbackService';
import type { Outbox, OutboxItem } from '../core/services/outbox';
import type { CaseSelection } from '../protocol/caseProtocol';
import type { QueueNode } from '../views/queue/queueNodes';
import type { CaseRegistry } from '../webviews/caseRegistry';
import { openExternalChecked } from '../webviews/caseInteractions';
import { Commands } from './commandIds';
import { registerCommand } from './registerCommand';

interface Deps {
  readonly cases: CaseRegistry;
  readonly outbox: () => Outbox<FeedbackPayload, FeedbackResult>;
  /** Opens the form; `selection` (text selected in the case) becomes a quote in it. */
  readonly openFeedback: (ticketId: string, selection?: CaseSelection) => Promise<void>;
  readonly resolveTicket: (ref: string) => Promise<Ticket | undefined>;
  readonly log: Logger;
}

type Item = OutboxItem<FeedbackPayload, FeedbackResult>;

export function registerFeedbackCommands(deps: Deps): vscode.Disposable[] {
  const reg = (id: string, handler: (...args: any[]) => unknown) => registerCommand(id, handler, deps.log);
  return [
    reg(Commands.fileFeedback, async (arg?: unknown) => {
      let ticketId: string | undefined;
      if (arg && typeof arg === 'object' && (arg as QueueNode).kind === 'ticket') ticketId = (arg as Extract<QueueNode, { kind: 'ticket' }>).ticket.id;
      else if (typeof arg === 'string' && arg.trim()) {
        const t = await deps.resolveTicket(arg.trim());
        if (!t) throw new Error(`There is no ticket "${arg.trim()}".`);
        ticketId = t.id;
      } else ticketId = deps.cases.active?.ticketId;
      if (!ticketId) {
        const key = await vscode.window.showInputBox({ title: 'File product feedback from which ticket?', prompt: 'A ticket key, e.g. #1042 (or open the case first).' });
        if (!key) return;
        const t = await deps.resolveTicket(key.trim());
        if (!t) throw new Error(`There is no ticket "${key.trim()}".`);
        ticketId = t.id;
      }
      // Whichever way the command came (the tab's button, its keybinding, the queue, the palette),
      // text selected in that case's open tab is quoted: it is on screen, so it is what the user means.
      await deps.openFeedback(ticketId, deps.cases.get(ticketId)?.selection);
    }),
    // The case tab's context menu (webview/context): the right click happened in the active case.
    reg(Commands.fileFeedbackWithSelection, async () => {
      const panel = deps.cases.active;
      if (!panel) return void vscode.window.showInformationMessage('Open a case and select text in its history first.');
      await deps.openFeedback(panel.ticketId, panel.selection);
    }),
    reg(Commands.outboxRetry, (item?: Item) => item && deps.outbox().retry(item.id)),
    reg(Commands.outboxDiscard, async (item?: Item) => {
      if (!item) return;
      const ok = await vscode.window.showWarningMessage(`Discard "${item.label}"? It has not been filed, and what was typed in it will be lost.`, { modal: true }, 'Discard');
      if (ok === 'Discard') await deps.outbox().discard(item.id);
    }),
    reg(Commands.outboxOpen, async (item?: Item) => {
      if (item?.result?.url) await openExternalChecked(item.result.url, 'the filed feedback');
      else if (item?.result) void vscode.window.showInformationMessage(`Filed as ${item.result.key}.`);
    }),
  ];
}
