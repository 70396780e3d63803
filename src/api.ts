import type * as vscode from 'vscode';
import type { Ticket } from './core/model/ticket';

export type { Ticket } from './core/model/ticket';

/**
 * What `vscode.extensions.getExtension('caselink.caselink').activate()` resolves to.
 * Stable within an `apiVersion`; new members may be added, none removed or changed.
 */
export interface CaselinkApi {
  readonly apiVersion: 1;
  /**
   * The tickets the Queue view shows (its saved view and quick filter applied), in the view's sort
   * order. Loads the queue first if it has not been loaded yet. Returns copies.
   */
  listQueueTickets(): Promise<Ticket[]>;
  /**
   * One ticket by key ("#1042"), by id ("1042") or by "connectionId:id". Looks in the loaded
   * queue first, then asks the helpdesk. Resolves to undefined when no such ticket exists.
   */
  getTicket(ref: string): Promise<Ticket | undefined>;
  /** Reloads the queue from the helpdesk; resolves when done (failures are reported in the view and the log). */
  refresh(): Promise<void>;
  /**
   * Opens the ticket in a Caselink case tab (or reveals the open one). Resolves to false when there
   * is no such ticket; the user sees why.
   */
  openTicket(ref: string): Promise<boolean>;
  /** Fires whenever the queue's tickets, grouping or filter change. */
  readonly onDidChangeQueue: vscode.Event<void>;
}
