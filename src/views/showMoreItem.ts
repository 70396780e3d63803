import * as vscode from 'vscode';

/**
 * The "Show N more (x of y shown)" row that pages a large group in every Caselink tree: big groups
 * render a page at a time, and the row says how much is left rather than capping silently.
 */
export function showMoreItem(id: string, shown: number, total: number, step: number, contextValue: string, command: vscode.Command): vscode.TreeItem {
  const count = (x: number) => x.toLocaleString('en-US');
  const next = Math.min(step, total - shown);
  const item = new vscode.TreeItem(`Show ${count(next)} more (${count(shown)} of ${count(total)} shown)`);
  item.id = id;
  item.contextValue = contextValue;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.command = command;
  return item;
}
