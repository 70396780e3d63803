import type * as vscode from 'vscode';
import { TICKET_STATUSES, type TicketStatus } from '../core/model/ticket';
import { statusLabel } from '../core/services/queueLogic';

export const STATUS_LABELS_FOR_PICK: ReadonlyArray<vscode.QuickPickItem & { status: TicketStatus }> = TICKET_STATUSES.map((status) => ({
  label: statusLabel(status),
  status,
}));
