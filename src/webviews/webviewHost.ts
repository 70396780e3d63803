import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type * as z from 'zod';
import type { Logger } from '../core/ports/logger';
import { webviewPageHtml } from './webviewPage';

export interface WebviewPanelSpec<In> {
  readonly viewType: string;
  readonly title: string;
  /** dist/webview/<script>.js */
  readonly script: string;
  /** Stylesheets in media/. */
  readonly styles: readonly string[];
  /** Every message from the webview is parsed with this; anything else is rejected and logged. */
  readonly incoming: z.ZodType<In>;
  readonly iconPath?: vscode.Uri;
}

/**
 * The one place that builds webview HTML and receives webview messages, for every Caselink panel.
 * CSP `default-src 'none'` with a fresh crypto nonce per page, no connect-src (webviews never call
 * APIs and never see tokens), localResourceRoots limited to media/ and dist/webview/, and zod
 * validation of every incoming message.
 */
export class WebviewPanelHost<In, Out> implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  readonly #onMessage = new vscode.EventEmitter<In>();
  readonly onMessage = this.#onMessage.event;
  readonly #disposables: vscode.Disposable[] = [];
  #allowRemoteImages = false;
  /** How many malformed messages were rejected: for tests and the log. */
  rejected = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly spec: WebviewPanelSpec<In>,
    private readonly log: Logger,
    existing?: vscode.WebviewPanel,
  ) {
    const options: vscode.WebviewPanelOptions & vscode.WebviewOptions = {
      enableScripts: true,
      enableFindWidget: true,
      // Off: the webview keeps its state with setState and the host keeps drafts.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
      enableCommandUris: false,
    };
    this.panel = existing ?? vscode.window.createWebviewPanel(spec.viewType, spec.title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, options);
    if (existing) this.panel.webview.options = options;
    if (spec.iconPath) this.panel.iconPath = spec.iconPath;
    this.#disposables.push(
      this.#onMessage,
      this.panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
    );
    this.render();
  }

  /** Validates one raw message as the webview sent it; returns whether it was accepted. */
  receive(raw: unknown): boolean {
    const parsed = this.spec.incoming.safeParse(raw);
    if (!parsed.success) {
      this.rejected++;
      const issue = parsed.error.issues[0];
      const type = raw && typeof raw === 'object' && 'type' in raw ? String((raw as { type: unknown }).type).slice(0, 40) : typeof raw;
      this.log.warn(`Rejected a malformed message (${type}) from the ${this.spec.viewType} webview: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
      return false;
    }
    this.#onMessage.fire(parsed.data);
    return true;
  }

  post(message: Out): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  get allowRemoteImages(): boolean {
    return this.#allowRemoteImages;
  }

  /** Re-renders the page with a CSP that lets https images load (the user asked for it). */
  setAllowRemoteImages(allow: boolean): void {
    if (allow === this.#allowRemoteImages) return;
    this.#allowRemoteImages = allow;
    this.render();
  }

  render(): void {
    this.panel.webview.html = this.#html();
  }

  #html(): string {
    const webview = this.panel.webview;
    return webviewPageHtml({
      nonce: crypto.randomBytes(18).toString('base64'),
      cspSource: webview.cspSource,
      allowRemoteImages: this.#allowRemoteImages,
      asset: (...parts) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts)).toString(),
      styles: this.spec.styles,
      script: this.spec.script,
      title: this.spec.title,
    });
  }

  dispose(): void {
    for (const d of this.#disposables) d.dispose();
    this.panel.dispose();
  }
}
