/*
 * The HTML of every Caselink webview page, without VS Code: WebviewPanelHost builds its panels with
 * it, and the benchmarks serve the very same page from 127.0.0.1, so what they time is what users get.
 */

export interface WebviewPageOptions {
  /** A fresh random nonce per page: the only scripts that run carry it. */
  readonly nonce: string;
  /** Where images, styles and fonts may come from: the webview's cspSource ('self' outside VS Code). */
  readonly cspSource: string;
  /** https images too, after the user asked for remote images. */
  readonly allowRemoteImages?: boolean;
  /** The URL of a file below the extension's root, e.g. asset('media', 'base.css'). */
  readonly asset: (...parts: string[]) => string;
  /** Stylesheets in media/. */
  readonly styles: readonly string[];
  /** dist/webview/<script>.js */
  readonly script: string;
  readonly title: string;
  /** Benchmarks only: stylesheets standing in for VS Code's theme, loaded first. */
  readonly themeStyles?: readonly string[];
  /** Benchmarks only: an inline script (with the nonce) standing in for acquireVsCodeApi. */
  readonly inlineScript?: string;
}

export function webviewPageHtml(o: WebviewPageOptions): string {
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:${o.allowRemoteImages ? ' https:' : ''}`,
    `style-src ${o.cspSource}`,
    `font-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const styles = [
    ...(o.themeStyles ?? []).map((href) => `<link rel="stylesheet" href="${href}">`),
    `<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${o.asset('dist', 'webview', 'codicons', 'codicon.css')}">`,
    ...o.styles.map((s) => `<link rel="stylesheet" href="${o.asset('media', s)}">`),
  ].join('\n    ');
  const inline = o.inlineScript ? `<script nonce="${o.nonce}">${o.inlineScript}</script>\n    ` : '';
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeHtml(o.title)}</title>
  </head>
  <body>
    <div id="app"></div>
    ${inline}<script nonce="${o.nonce}" src="${o.asset('dist', 'webview', `${o.script}.js`)}"></script>
  </body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
