import * as vscode from 'vscode';
import type { Ticket } from '../core/model/ticket';
import type { Logger } from '../core/ports/logger';
import type { FeedbackPayload, FeedbackResult } from '../core/services/feedbackService';
import type { Outbox, OutboxItem } from '../core/services/outbox';
import type { QueueNode } from '../views/queue/queueNodes';
import type { CaseRegistry } from '../webviews/caseRegistry';
import { openExternalChecked } from '../webviews/caseInteractions';
import { Commands } from './commandIds';
import { registerCommand } from './registerCommand';

interface Deps {
  readonly cases: CaseRegistry;
  readonly outbox: () => Outbox<FeedbackPayload, FeedbackResult>;
  readonly openFeedback: (ticketId: string) => Promise<void>;
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
      await deps.openFeedback(ticketId);
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
