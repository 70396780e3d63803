import * as vscode from 'vscode';
import { describeError } from '../core/errors';
import type { Logger } from '../core/ports/logger';
import type { TicketSource } from '../core/ports/ticketSource';
import type { QueueModel } from '../core/services/queueModel';
import { countMyWork } from '../core/services/myWork';
import { Commands } from '../commands/commandIds';

/** "$(inbox) 12 $(warning) 3": my open tickets and how many of them are overdue, whatever view the queue shows. */
export class MyWorkStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  readonly #disposables: vscode.Disposable[] = [];
  #controller: AbortController | undefined;

  constructor(
    private readonly source: TicketSource,
    model: QueueModel,
    private readonly enabled: () => boolean,
    private readonly log: Logger,
  ) {
    this.item = vscode.window.createStatusBarItem('caselink.myWork', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Caselink: My Tickets';
    this.item.command = Commands.showMyTickets;
    this.#disposables.push(this.item);
    // Recount whenever the queue finished loading (a refresh, a poll, a change made from Caselink).
    let lastRefresh: Date | undefined;
    this.#disposables.push({
      dispose: model.onDidChange(() => {
        const snap = model.snapshot();
        if (snap.lastRefreshedAt && snap.lastRefreshedAt !== lastRefresh) {
          lastRefresh = snap.lastRefreshedAt;
          void this.update();
        }
      }).dispose,
    });
  }

  async update(): Promise<void> {
    if (!this.enabled()) {
      this.item.hide();
      return;
    }
    this.#controller?.abort();
    const controller = (this.#controller = new AbortController());
    try {
      const counts = await countMyWork(this.source, new Date(), controller.signal);
      if (controller.signal.aborted) return;
      const more = counts.complete ? '' : '+';
      this.item.text = `$(inbox) ${counts.open}${more}` + (counts.overdue ? ` $(warning) ${counts.overdue}${more}` : '');
      this.item.tooltip = `${counts.open}${more} open ticket${counts.open === 1 ? '' : 's'} assigned to you in ${this.source.info.label}` +
        `${counts.overdue ? `, ${counts.overdue}${more} overdue` : ''}${counts.dueToday ? `, ${counts.dueToday} due today` : ''}. Click to show them.`;
      this.item.accessibilityInformation = { label: this.item.tooltip };
      this.item.backgroundColor = undefined;
      this.item.show();
    } catch (err) {
      if (controller.signal.aborted) return;
      this.log.warn(`Counting my tickets failed: ${describeError(err)}`);
      this.item.text = '$(inbox) ?';
      this.item.tooltip = `Could not count your tickets: ${describeError(err)}`;
      this.item.show();
    }
  }

  dispose(): void {
    this.#controller?.abort();
    for (const d of this.#disposables) d.dispose();
  }
}
