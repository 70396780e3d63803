import * as vscode from 'vscode';
import type { CaselinkApi } from './api';
import { Container } from './container';

/**
 * Activation only builds the container: no network, no data. Caselink activates when its view is
 * shown or one of its commands runs (VS Code derives those events from package.json).
 */
export function activate(context: vscode.ExtensionContext): CaselinkApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Caselink', { log: true });
  context.subscriptions.push(channel);
  const container = new Container(context, channel);
  context.subscriptions.push(container);
  container.log.info(`Caselink ${context.extension.packageJSON.version} activated in ${(performance.now() - started).toFixed(1)} ms`);
  return container.api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
