import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { STATUS_LABELS_FOR_PICK } from './caseLabels';
import type { Ticket } from '../core/model/ticket';
import type { Logger } from '../core/ports/logger';
import type { QueueModel } from '../core/services/queueModel';
import type { CaseRegistry } from '../webviews/caseRegistry';
import type { CasePanel } from '../webviews/casePanel';
import type { QueueNode } from '../views/queue/queueNodes';
import { Commands } from './commandIds';
import { registerCommand } from './registerCommand';

interface Deps {
  readonly cases: CaseRegistry;
  readonly model: QueueModel;
  readonly resolveTicket: (ref: string) => Promise<Ticket | undefined>;
  readonly log: Logger;
}

/** Turns whatever a command received (tree node, "#1042", "demo:1042", a ticket) into a ticket id. */
async function ticketFromArg(arg: unknown, deps: Deps): Promise<Ticket | undefined> {
  if (arg && typeof arg === 'object' && (arg as QueueNode).kind === 'ticket') return (arg as Extract<QueueNode, { kind: 'ticket' }>).ticket;
  if (typeof arg === 'string' && arg.trim()) {
    const ticket = await deps.resolveTicket(arg.trim());
    if (!ticket) throw new Error(`There is no ticket "${arg.trim()}" in ${deps.model.connectionLabel}.`);
    return ticket;
  }
  if (arg !== undefined) return undefined;
  type Item = vscode.QuickPickItem & { ticket: Ticket };
  const items: Item[] = deps.model.loadedTickets().map((t) => ({
    label: `${t.key} ${t.subject}`,
    description: `${t.requester.name}${t.organization ? ` · ${t.organization.name}` : ''}`,
    detail: `${t.status} · ${t.priority}${t.assignee ? ` · ${t.assignee.name}` : ' · unassigned'}`,
    ticket: t,
  }));
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = 'Open a ticket';
  qp.placeholder = items.length ? 'Type a key (#1042), words of the subject, a requester or an organisation' : 'Type a ticket key, e.g. #1042';
  qp.items = items;
  qp.matchOnDescription = true;
  return new Promise<Ticket | undefined>((resolve) => {
    qp.onDidAccept(async () => {
      const picked = qp.selectedItems[0]?.ticket;
      const typed = qp.value.trim();
      qp.hide();
      resolve(picked ?? (typed ? await deps.resolveTicket(typed) : undefined));
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

function activeCase(cases: CaseRegistry): CasePanel {
  const panel = cases.active;
  if (!panel) throw new Error('Open a ticket first: this command works on the active case tab.');
  return panel;
}

export function registerCaseCommands(deps: Deps): vscode.Disposable[] {
  const { cases, log } = deps;
  const reg = (id: string, handler: (...args: any[]) => unknown) => registerCommand(id, handler, log);
  const act = (type: 'pickAssignee' | 'addTag' | 'linkDefect') => () => {
    const panel = activeCase(cases);
    return panel.host.receive({ type, requestId: crypto.randomUUID() });
  };
  return [
    reg(Commands.openTicket, async (arg?: unknown) => {
      const ticket = await ticketFromArg(arg, deps);
      if (!ticket) return false;
      await cases.open(ticket.id, `${ticket.key} ${ticket.subject}`);
      return true;
    }),
    reg(Commands.caseReply, () => activeCase(cases).focusComposer('reply')),
    reg(Commands.caseNote, () => activeCase(cases).focusComposer('note')),
    reg(Commands.caseRefresh, () => activeCase(cases).load()),
    reg(Commands.caseSetStatus, async () => {
      const panel = activeCase(cases);
      const pick = await vscode.window.showQuickPick(STATUS_LABELS_FOR_PICK, { title: 'Set the status' });
      if (pick) panel.host.receive({ type: 'setStatus', requestId: crypto.randomUUID(), status: pick.status });
    }),
    reg(Commands.caseAssign, act('pickAssignee')),
    reg(Commands.caseAddTag, act('addTag')),
    reg(Commands.caseLinkDefect, act('linkDefect')),
  ];
}
