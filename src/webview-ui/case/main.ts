// First: it configures zod before any schema is built.
import './jitless';
import type { WebviewMessage } from '../../protocol/caseProtocol';
import { CaseView } from './caseView';

/** What VS Code gives a webview script; callable once per page. */
declare function acquireVsCodeApi(): {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
};

/**
 * Entry of the case panel's webview (bundled to dist/webview/case.js). Wires the VS Code API to a
 * CaseView, listens to the host, then says it is ready: the host answers with init and a snapshot.
 */
function start(): void {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  const view = new CaseView(root, {
    post: (message) => vscode.postMessage(message),
    state: { getState: () => vscode.getState(), setState: (state) => vscode.setState(state) },
  });
  window.addEventListener('message', (event: MessageEvent<unknown>) => view.receive(event.data));
  vscode.postMessage({ type: 'ready' });
}

start();
