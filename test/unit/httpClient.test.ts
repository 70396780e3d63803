import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as z from 'zod';
import { HttpClient } from '../../src/backends/http/httpClient';
import { backoffMs, decideRetry, DEFAULT_RETRY, parseRetryAfter } from '../../src/backends/http/retryPolicy';
import { CaselinkError } from '../../src/core/errors';
import type { Logger } from '../../src/core/ports/logger';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

/** A real HTTP server on 127.0.0.1 whose answers each test scripts, one handler per request. */
class ScriptedServer {
  readonly requests: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  handlers: Handler[] = [];
  fallback: Handler = (_req, res) => res.writeHead(500).end('no handler');
  #server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      this.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      (this.handlers.shift() ?? this.fallback)(req, res, body);
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((r) => this.#server.close(r));
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_req, res) =>
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));

const lines: string[] = [];
const log: Logger = {
  trace: () => {}, debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(String(m)),
  child: () => log,
};

const Item = z.object({ id: z.number(), name: z.string() }).loose();

describe('HttpClient against a local server', () => {
  const server = new ScriptedServer();
  const waits: number[] = [];
  let token = 'secret-token-123';
  const client = () =>
    new HttpClient({
      label: 'Test tracker', baseUrl: server.url, log, timeoutMs: 400,
      authHeaders: async () => ({ Authorization: `token ${token}` }),
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
    });

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.handlers = [];
    server.requests.length = 0;
    waits.length = 0;
    lines.length = 0;
    token = 'secret-token-123';
  });

  it('validates a good answer and sends the auth header', async () => {
    server.handlers = [json(200, { id: 1, name: 'One', extra: true })];
    const res = await client().request({ method: 'GET', path: '/items/1.json', schema: Item });
    assert.deepStrictEqual(res.data, { id: 1, name: 'One', extra: true });
    assert.strictEqual(server.requests[0].headers.authorization, 'token secret-token-123');
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    server.handlers = [json(429, { error: 'slow down' }, { 'Retry-After': '7' }), json(200, { id: 2, name: 'Two' })];
    const res = await client().request({ method: 'GET', path: '/items/2.json', schema: Item });
    assert.strictEqual(res.data.id, 2);
    assert.deepStrictEqual(waits, [7000]);
  });

  it('retries a POST after 429 (the server did not act on it) but not after 503', async () => {
    server.handlers = [json(429, {}, { 'Retry-After': '1' }), json(201, { id: 3, name: 'Three' })];
    assert.strictEqual((await client().request({ method: 'POST', path: '/items.json', body: { name: 'Three' }, schema: Item })).data.id, 3);
    server.handlers = [json(503, { message: 'maintenance' })];
    await assert.rejects(client().request({ method: 'POST', path: '/items.json', body: {}, schema: Item }), (e: CaselinkError) => e.reason === 'network' && /HTTP 503/.test(e.message) && /maintenance/.test(e.message));
    assert.strictEqual(server.requests.length, 3);
  });

  it('gives up on a Retry-After longer than a minute with a rateLimited error', async () => {
    server.handlers = [json(429, {}, { 'Retry-After': '3600' })];
    await assert.rejects(client().request({ method: 'GET', path: '/x', schema: Item }), (e: CaselinkError) => e.reason === 'rateLimited' && e.options.retryAfterMs === 3_600_000 && /wait 3600 s/.test(e.message));
  });

  it('retries a GET on 503 with backoff, up to the limit, then reports a server error', async () => {
    server.fallback = json(503, { message: 'down' });
    await assert.rejects(client().request({ method: 'GET', path: '/x', schema: Item }), (e: CaselinkError) => e.reason === 'network');
    assert.strictEqual(server.requests.length, 1 + DEFAULT_RETRY.maxRetries);
    assert.deepStrictEqual(waits, [375, 750, 1500]);
    server.fallback = (_q, res) => res.writeHead(500).end('no handler');
  });

  it('times out a GET, retries, and reports that the server did not answer', async () => {
    server.fallback = () => {}; // never answers
    await assert.rejects(client().request({ method: 'GET', path: '/slow', schema: Item }), (e: CaselinkError) => e.reason === 'network' && /did not answer in time/.test(e.message));
    assert.strictEqual(server.requests.length, 1 + DEFAULT_RETRY.maxRetries);
    server.fallback = (_q, res) => res.writeHead(500).end('no handler');
  });

  it('does not retry a POST that timed out (it may have reached the server) and says so', async () => {
    server.handlers = [() => {}];
    await assert.rejects(client().request({ method: 'POST', path: '/items.json', body: { a: 1 }, schema: Item }), (e: CaselinkError) => e.reason === 'network' && /may or may not have reached the server/.test(e.message));
    assert.strictEqual(server.requests.length, 1);
  });

  it('reports a reset connection', async () => {
    server.handlers = [(req) => req.socket.destroy(), (req) => req.socket.destroy(), (req) => req.socket.destroy(), (req) => req.socket.destroy()];
    await assert.rejects(client().request({ method: 'GET', path: '/reset', schema: Item }), (e: CaselinkError) => e.reason === 'network' && /cut|socket hang up|ECONNRESET/i.test(e.message));
  });

  it('reports truncated JSON as a schema error, not a crash', async () => {
    server.handlers = [(_q, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id": 1, "na')];
    await assert.rejects(client().request({ method: 'GET', path: '/t', schema: Item }), (e: CaselinkError) => e.reason === 'schema' && /incomplete or invalid JSON/.test(e.message));
  });

  it('names the endpoint and the first bad field when JSON violates the schema', async () => {
    server.handlers = [json(200, { id: 'one', name: 'x' })];
    await assert.rejects(client().request({ method: 'GET', path: '/items/1.json', endpoint: '/items/{id}.json', schema: Item }), (e: CaselinkError) =>
      e.reason === 'schema' && e.message.includes('GET /items/{id}.json') && /at id,/.test(e.message));
  });

  it('recognises a web page instead of JSON (wrong URL, login page, proxy)', async () => {
    server.handlers = [(_q, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><html><body>Login</body></html>')];
    await assert.rejects(client().request({ method: 'GET', path: '/', schema: Item }), (e: CaselinkError) => e.reason === 'schema' && /web page instead of JSON/.test(e.message));
  });

  it('turns 401 after a revoked token into an auth error that never shows the token', async () => {
    server.handlers = [json(200, { id: 1, name: 'ok' }), json(401, { message: 'Unauthorized' })];
    const c = client();
    await c.request({ method: 'GET', path: '/a', schema: Item });
    token = 'revoked-token-456';
    await assert.rejects(c.request({ method: 'GET', path: '/a', schema: Item }), (e: CaselinkError) => e.reason === 'auth' && /sign in/i.test(e.message) && !e.message.includes('revoked-token-456'));
    assert.ok(lines.every((l) => !l.includes('secret-token-123') && !l.includes('revoked-token-456')), 'no token in the log');
  });

  it('maps 403, 404, 409 and 422 to typed reasons with the server\'s words', async () => {
    server.handlers = [json(403, {}), json(404, {}), json(409, {}), json(422, { errors: ['Subject cannot be blank'] })];
    const c = client();
    for (const reason of ['forbidden', 'notFound', 'conflict']) await assert.rejects(c.request({ method: 'GET', path: '/r', schema: Item }), (e: CaselinkError) => e.reason === reason);
    await assert.rejects(c.request({ method: 'POST', path: '/r', body: {}, schema: Item }), (e: CaselinkError) => e.reason === 'conflict' && /Subject cannot be blank/.test(e.message));
  });

  it('sends conditional requests and reuses the cached body on 304', async () => {
    server.handlers = [json(200, { id: 9, name: 'Nine' }, { ETag: '"v1"' }), (_q, res) => res.writeHead(304).end()];
    const c = client();
    const first = await c.request({ method: 'GET', path: '/items/9.json', schema: Item, conditional: true });
    const second = await c.request({ method: 'GET', path: '/items/9.json', schema: Item, conditional: true });
    assert.strictEqual(server.requests[1].headers['if-none-match'], '"v1"');
    assert.deepStrictEqual(second.data, first.data);
    assert.strictEqual(second.fromCache, true);
  });

  it('stops at once when cancelled', async () => {
    server.handlers = [() => {}];
    const controller = new AbortController();
    const pending = client().request({ method: 'GET', path: '/hang', schema: Item, signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(pending, (e: CaselinkError) => e.reason === 'cancelled');
  });

  it('keeps at most the configured number of requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    server.fallback = (_q, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        json(200, { id: 1, name: 'x' })(_q, res, '');
      }, 30);
    };
    const c = new HttpClient({ label: 'T', baseUrl: server.url, log, authHeaders: async () => ({}), maxConcurrent: 2 });
    await Promise.all(Array.from({ length: 6 }, () => c.request({ method: 'GET', path: '/p', schema: Item })));
    assert.strictEqual(peak, 2);
    server.fallback = (_q, res) => res.writeHead(500).end('no handler');
  });

  it('says the connection was refused when nothing listens', async () => {
    const c = new HttpClient({ label: 'Gone', baseUrl: 'http://127.0.0.1:9', log, authHeaders: async () => ({}), sleep: async () => {} });
    await assert.rejects(c.request({ method: 'GET', path: '/', schema: Item }), (e: CaselinkError) => e.reason === 'network' && /refused/.test(e.message));
  });
});

describe('retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.strictEqual(parseRetryAfter('120'), 120_000);
    assert.strictEqual(parseRetryAfter('Sun, 22 Nov 2026 12:00:30 GMT', Date.parse('2026-11-22T12:00:00Z')), 30_000);
    assert.strictEqual(parseRetryAfter('soon'), undefined);
  });
  it('backs off exponentially with jitter and a ceiling', () => {
    assert.deepStrictEqual([0, 1, 2, 3, 10].map((a) => backoffMs(a, DEFAULT_RETRY, () => 1)), [500, 1000, 2000, 4000, 10000]);
    assert.strictEqual(backoffMs(0, DEFAULT_RETRY, () => 0), 250);
  });
  it('never retries a non-idempotent request that may have been processed', () => {
    assert.deepStrictEqual(decideRetry({ networkError: true }, 0, false, DEFAULT_RETRY), { retry: false });
    assert.deepStrictEqual(decideRetry({ status: 502 }, 0, false, DEFAULT_RETRY), { retry: false });
    assert.ok(decideRetry({ status: 429 }, 0, false, DEFAULT_RETRY).retry);
  });
});
