// Serves one Caselink webview page from 127.0.0.1 for the browser benchmarks: the HTML is
// webviewPageHtml's, as WebviewPanelHost builds it (CSP, nonce, stylesheets, script), with a
// stand-in for acquireVsCodeApi and a few of VS Code's theme variables; files come only from media/
// and dist/webview/, like the panels' localResourceRoots.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { webviewPageHtml } from '../src/webviews/webviewPage';

const root = path.resolve(__dirname, '..', '..');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.png': 'image/png', '.html': 'text/html' };
const ROOTS = [path.join(root, 'media'), path.join(root, 'dist', 'webview')];

export interface PageSpec {
  /** Where the page is served, e.g. "/case.html". */
  readonly pagePath: string;
  /** dist/webview/<script>.js */
  readonly script: string;
  /** Stylesheets in media/. */
  readonly styles: readonly string[];
  readonly title: string;
  /** Inline script run before the page's own: stands in for acquireVsCodeApi. */
  readonly harness: string;
  /** The --vscode-* variables VS Code injects into every webview (served as /bench/theme.css). */
  readonly themeCss: string;
}

export interface PageServer {
  readonly origin: string;
  /** Every path the page asked for, in order. */
  readonly requests: string[];
  /** Paths that were asked for and not found. */
  readonly missing: Set<string>;
  /** Files are read once and kept: every run gets the same bytes, even if dist/ is rebuilt meanwhile. */
  readonly files: Map<string, Buffer>;
  close(): Promise<void>;
}

export function servePage(spec: PageSpec): Promise<PageServer> {
  const requests: string[] = [];
  const missing = new Set<string>();
  const files = new Map<string, Buffer>();
  const page = () =>
    webviewPageHtml({
      nonce: crypto.randomBytes(18).toString('base64'),
      cspSource: "'self'",
      asset: (...parts) => `/${parts.join('/')}`,
      styles: spec.styles,
      script: spec.script,
      title: spec.title,
      themeStyles: ['/bench/theme.css'],
      inlineScript: spec.harness,
    });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname);
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'Content-Type': `${type}${type.startsWith('text/') ? '; charset=utf-8' : ''}`, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === spec.pagePath) return send(200, 'text/html', page());
    if (url.pathname === '/bench/theme.css') return send(200, 'text/css', spec.themeCss);
    // Chromium asks every top-level page for one; a VS Code webview is never asked.
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    const file = path.join(root, decodeURIComponent(url.pathname));
    if (!files.has(file) && ROOTS.some((r) => file.startsWith(r + path.sep)) && fs.existsSync(file) && fs.statSync(file).isFile()) files.set(file, fs.readFileSync(file));
    const body = files.get(file);
    if (!body) {
      missing.add(url.pathname);
      return send(404, 'text/plain', 'not found');
    }
    send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ origin: `http://127.0.0.1:${port}`, requests, missing, files, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
