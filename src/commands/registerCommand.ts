import * as vscode from 'vscode';
import { describeError, isCancelled } from '../core/errors';
import type { Logger } from '../core/ports/logger';
import type { CommandId } from './commandIds';
import { Commands } from './commandIds';

/**
 * Registers a command so that a failure is logged with its stack and shown to the user with a
 * "Show Logs" action, instead of an anonymous "command failed" toast or nothing at all.
 */
export function registerCommand(
  id: CommandId | string,
  handler: (...args: any[]) => unknown,
  log: Logger,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (err) {
      if (isCancelled(err)) return undefined;
      log.error(`Command ${id} failed:`, err);
      void vscode.window.showErrorMessage(`Caselink: ${describeError(err)}`, 'Show Logs').then((choice) => {
        if (choice) void vscode.commands.executeCommand(Commands.showLogs);
      });
      return undefined;
    }
  });
}
