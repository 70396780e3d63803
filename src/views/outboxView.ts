import * as vscode from 'vscode';
import type { FeedbackPayload, FeedbackResult } from '../core/services/feedbackService';
import type { Outbox, OutboxItem } from '../core/services/outbox';
import { Commands } from '../commands/commandIds';

export const OUTBOX_VIEW_ID = 'caselink.outbox';
type Item = OutboxItem<FeedbackPayload, FeedbackResult>;

const ICONS: Record<Item['state'], vscode.ThemeIcon> = {
  pending: new vscode.ThemeIcon('clock'),
  sending: new vscode.ThemeIcon('sync~spin'),
  unknown: new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  done: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
};
const STATES: Record<Item['state'], string> = {
  pending: 'waiting to be filed',
  sending: 'filing…',
  unknown: 'checking whether it was filed',
  failed: 'not filed',
  done: 'filed',
};

/** Feedback on its way to the tracker: pending and failed submissions with retry and discard, and recent ones filed. */
export class OutboxTreeProvider implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #sub: { dispose(): void };

  constructor(private readonly outbox: Outbox<FeedbackPayload, FeedbackResult>) {
    this.#sub = outbox.onDidChange(() => {
      this.#onDidChangeTreeData.fire();
      this.updateContext();
    });
    this.updateContext();
  }

  updateContext(): void {
    const items = this.outbox.items();
    void vscode.commands.executeCommand('setContext', 'caselink.outboxHasItems', items.length > 0);
  }

  getChildren(element?: Item): Item[] {
    if (element) return [];
    const order: Record<Item['state'], number> = { failed: 0, unknown: 1, sending: 2, pending: 3, done: 4 };
    return [...this.outbox.items()].sort((a, b) => order[a.state] - order[b.state] || (a.updatedAt < b.updatedAt ? 1 : -1));
  }

  getTreeItem(item: Item): vscode.TreeItem {
    const t = new vscode.TreeItem(item.label || '(untitled feedback)');
    t.id = `outbox:${item.id}`;
    t.iconPath = ICONS[item.state];
    const what = item.kind === 'addEvidence' ? '+1 evidence' : 'feedback';
    t.description = item.state === 'done' && item.result ? `${what} filed as ${item.result.key}` : `${what} ${STATES[item.state]}${item.lastError ? `: ${item.lastError.message}` : ''}`;
    t.tooltip = new vscode.MarkdownString(undefined, false);
    t.tooltip.appendText(`${item.label}\n\n${STATES[item.state]}${item.attempts ? ` (attempt ${item.attempts})` : ''}${item.lastError ? `\n\n${item.lastError.message}` : ''}${item.result?.warnings?.length ? `\n\nFiled, but: ${item.result.warnings.join('; ')}` : ''}`);
    t.contextValue = `caselink.outbox.${item.state}`;
    t.accessibilityInformation = { label: `${item.label}, ${what} ${STATES[item.state]}`, role: 'treeitem' };
    if (item.state === 'done' && item.result?.url) t.command = { command: Commands.outboxOpen, title: 'Open in Tracker', arguments: [item] };
    return t;
  }

  dispose(): void {
    this.#sub.dispose();
    this.#onDidChangeTreeData.dispose();
  }
}
