import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type * as z from 'zod';
import { CaselinkError, throwIfAborted } from '../../core/errors';
import type { Logger } from '../../core/ports/logger';
import { redact } from '../../core/redact';
import { ConcurrencyLimiter } from './limiter';
import { DEFAULT_RETRY, decideRetry, parseRetryAfter, type RetryPolicy } from './retryPolicy';
import { describeHttpFailure, describeNetworkFailure, describeSchemaFailure } from './httpErrors';

export interface HttpClientOptions {
  /** Shown in every message: "Redmine (work)". */
  readonly label: string;
  readonly baseUrl: string;
  /** Authorization headers, read from secret storage at request time (never cached here). */
  readonly authHeaders: () => Promise<Record<string, string>>;
  readonly log: Logger;
  readonly timeoutMs?: number;
  readonly maxConcurrent?: number;
  readonly retry?: RetryPolicy;
  /** For tests: a clock that does not really wait. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

export interface HttpRequest<T> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the base URL; for messages, the template ("/issues/{id}.json") is clearer. */
  readonly path: string;
  readonly endpoint?: string;
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
  /** Validates the JSON body; for responses without one (204) pass a schema that accepts undefined. */
  readonly schema: z.ZodType<T>;
  readonly signal?: AbortSignal;
  /** Defaults to true for GET. Non-idempotent requests are never retried after they may have reached the server. */
  readonly idempotent?: boolean;
  /** Send If-None-Match / If-Modified-Since and reuse the cached body on 304. */
  readonly conditional?: boolean;
}

export interface HttpResponse<T> {
  readonly data: T;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly fromCache: boolean;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CaselinkError('cancelled', 'The request was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * The one HTTP layer every backend uses: one axios instance per connection with timeouts,
 * cancellation, retries with backoff and jitter (idempotent requests only, 429/503 honouring
 * Retry-After), a cap on concurrent requests, conditional GETs, typed errors with messages that say
 * what to do, schema validation of every body, and redacted logs. Proxies: axios' own proxy handling
 * is off, so requests go through Node's http agents, which VS Code configures from its proxy settings.
 */
export class HttpClient {
  readonly #axios: AxiosInstance;
  readonly #limiter: ConcurrencyLimiter;
  readonly #retry: RetryPolicy;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #cache = new Map<string, { etag?: string; lastModified?: string; body: string }>();

  constructor(private readonly options: HttpClientOptions) {
    this.#axios = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, '') + '/',
      timeout: options.timeoutMs ?? 20_000,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 3,
      proxy: false,
      headers: { Accept: 'application/json', 'User-Agent': 'Caselink-VSCode' },
    });
    this.#limiter = new ConcurrencyLimiter(options.maxConcurrent ?? 4);
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#sleep = options.sleep ?? defaultSleep;
  }

  async request<T>(req: HttpRequest<T>): Promise<HttpResponse<T>> {
    const idempotent = req.idempotent ?? req.method === 'GET';
    const endpoint = `${req.method} ${req.endpoint ?? req.path}`;
    for (let attempt = 0; ; attempt++) {
      throwIfAborted(req.signal);
      const started = Date.now();
      let response: AxiosResponse<string> | undefined;
      let networkError: unknown;
      try {
        response = await this.#limiter.run(() => this.#send(req), req.signal);
      } catch (err) {
        if (req.signal?.aborted || axios.isCancel(err)) throw new CaselinkError('cancelled', 'The request was cancelled.');
        // Our own errors (no secret yet) are not network trouble: pass them on as they are.
        if (err instanceof CaselinkError) throw err;
        networkError = err;
      }
      const took = Date.now() - started;
      const status = response?.status;
      this.options.log.debug(redact(`${req.method} ${this.#urlForLog(req)} -> ${status ?? describeCode(networkError)} in ${took} ms${attempt ? ` (retry ${attempt})` : ''}`));
      const retryAfter = header(response, 'retry-after');
      const retryable = networkError !== undefined || status === 429 || (status !== undefined && status >= 502 && status <= 504);
      if (retryable) {
        const decision = decideRetry({ status, networkError: networkError !== undefined, retryAfter }, attempt, idempotent, this.#retry, this.options.random);
        if (decision.retry) {
          this.options.log.info(`${this.options.label}: ${endpoint} ${status ? `answered ${status}` : 'failed'}; trying again in ${Math.round(decision.delayMs / 100) / 10} s.`);
          await this.#sleep(decision.delayMs, req.signal);
          continue;
        }
      }
      if (networkError !== undefined) throw describeNetworkFailure(networkError, this.options.label, this.options.baseUrl, idempotent);
      return this.#interpret(req, response!, endpoint, parseRetryAfter(retryAfter));
    }
  }

  async #send<T>(req: HttpRequest<T>): Promise<AxiosResponse<string>> {
    const headers: Record<string, string> = { ...(await this.options.authHeaders()) };
    const key = `${req.method} ${req.path} ${JSON.stringify(req.query ?? {})}`;
    const cached = req.conditional && req.method === 'GET' ? this.#cache.get(key) : undefined;
    if (cached?.etag) headers['If-None-Match'] = cached.etag;
    if (cached?.lastModified) headers['If-Modified-Since'] = cached.lastModified;
    let data: unknown = req.body;
    if (req.body !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      data = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    }
    const response = await this.#axios.request<string>({
      method: req.method,
      url: req.path.replace(/^\/+/, ''),
      params: req.query ? Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== undefined)) : undefined,
      data,
      headers,
      signal: req.signal,
    });
    if (req.conditional && req.method === 'GET') {
      if (response.status === 304 && cached) return { ...response, status: 200, data: cached.body, headers: { ...response.headers, 'x-caselink-cache': 'hit' } };
      const etag = header(response, 'etag');
      const lastModified = header(response, 'last-modified');
      if (response.status === 200 && (etag || lastModified)) this.#cache.set(key, { etag, lastModified, body: response.data });
    }
    return response;
  }

  #interpret<T>(req: HttpRequest<T>, response: AxiosResponse<string>, endpoint: string, retryAfterMs: number | undefined): HttpResponse<T> {
    const status = response.status;
    const body = typeof response.data === 'string' ? response.data : '';
    if (status < 200 || status >= 300) throw describeHttpFailure(status, body, this.options.label, endpoint, retryAfterMs);
    const contentType = header(response, 'content-type') ?? '';
    let json: unknown = undefined;
    if (body.trim()) {
      if (/text\/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(body)) {
        throw new CaselinkError('schema', `${this.options.label} answered ${endpoint} with a web page instead of JSON. Check that the connection's URL points at the server itself (for example https://rt.example.com, without /Ticket/...), and that no login page or proxy is in the way.`);
      }
      try {
        json = JSON.parse(body);
      } catch {
        throw new CaselinkError('schema', `${this.options.label} sent an incomplete or invalid JSON answer to ${endpoint} (${body.length} bytes). The connection may have been cut; try again.`);
      }
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) throw describeSchemaFailure(parsed.error, this.options.label, endpoint);
    return { data: parsed.data, status, headers: flatHeaders(response), fromCache: header(response, 'x-caselink-cache') === 'hit' };
  }

  #urlForLog(req: HttpRequest<unknown>): string {
    const q = req.query ? Object.entries(req.query).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${String(v)}`).join('&') : '';
    return `${req.path}${q ? `?${q}` : ''}`;
  }
}

function header(response: AxiosResponse | undefined, name: string): string | undefined {
  const value = response?.headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

function flatHeaders(response: AxiosResponse): Record<string, string> {
  return Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function describeCode(err: unknown): string {
  return (err as { code?: string })?.code ?? 'error';
}
