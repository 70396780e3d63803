// First: it configures zod before any schema is built.
import '../case/jitless';
import type { ImpactWebviewMessage } from '../../protocol/impactProtocol';
import { ImpactDashboardView } from './impactView';

/** What VS Code gives a webview script; callable once per page. */
declare function acquireVsCodeApi(): {
  postMessage(message: ImpactWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
};

/**
 * Entry of the Impact dashboard's webview (bundled to dist/webview/impact.js). Wires the VS Code
 * API to the view, listens to the host, then says it is ready: the host answers with the state.
 * The webview state is always set, so that VS Code restores the tab after a reload.
 */
function start(): void {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  const view = new ImpactDashboardView(root, {
    post: (message) => vscode.postMessage(message),
    state: { getState: () => vscode.getState(), setState: (state) => vscode.setState(state) },
  });
  const saved = vscode.getState();
  view.restore(saved);
  vscode.setState(saved ?? {});
  window.addEventListener('message', (event: MessageEvent<unknown>) => view.receive(event.data));
  vscode.postMessage({ type: 'ready' });
}

start();
