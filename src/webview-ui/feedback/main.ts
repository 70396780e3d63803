// First: it configures zod before any schema is built.
import '../case/jitless';
import type { FeedbackWebviewMessage } from '../../protocol/feedbackProtocol';
import { FeedbackView } from './feedbackView';

/** What VS Code gives a webview script; callable once per page. */
declare function acquireVsCodeApi(): {
  postMessage(message: FeedbackWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
};

/**
 * Entry of the feedback form's webview (bundled to dist/webview/feedback.js). Wires the VS Code
 * API to a FeedbackView, listens to the host, then says it is ready: the host answers with init.
 */
function start(): void {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  const view = new FeedbackView(root, {
    post: (message) => vscode.postMessage(message),
    state: { getState: () => vscode.getState(), setState: (state) => vscode.setState(state) },
  });
  window.addEventListener('message', (event: MessageEvent<unknown>) => view.receive(event.data));
  vscode.postMessage({ type: 'ready' });
}

start();
