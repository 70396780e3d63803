import type * as z from 'zod';
import { CaselinkError } from '../../core/errors';
import { redact } from '../../core/redact';

/** HTTP status -> a typed error whose message says what happened and what to do. The only place statuses are mapped. */
export function describeHttpFailure(status: number, body: string, label: string, endpoint: string, retryAfterMs?: number): CaselinkError {
  const detail = serverMessage(body);
  const said = detail ? ` The server said: “${detail}”.` : '';
  switch (status) {
    case 401:
      return new CaselinkError('auth', `${label} did not accept the credentials (HTTP 401 on ${endpoint}). The token or password may be wrong, expired or revoked: sign in to this connection again.${said}`);
    case 403:
      return new CaselinkError('forbidden', `${label} refused ${endpoint} (HTTP 403): the account has no permission for this. Ask an administrator for the right, or use another account.${said}`);
    case 404:
      return new CaselinkError('notFound', `${label} has no such item (HTTP 404 on ${endpoint}). It may have been deleted, or the connection's URL or project may be wrong.${said}`);
    case 409:
    case 412:
      return new CaselinkError('conflict', `${label} reports a conflict (HTTP ${status} on ${endpoint}): someone else changed it meanwhile. Reload and try again.${said}`);
    case 422:
      return new CaselinkError('conflict', `${label} rejected the change (HTTP 422 on ${endpoint}).${said || ' A field value is not allowed.'}`);
    case 429:
      return new CaselinkError('rateLimited', `${label} is rate-limiting requests (HTTP 429)${retryAfterMs ? `; it asks to wait ${Math.ceil(retryAfterMs / 1000)} s` : ''}. Caselink will use its last data until then.`, { retryAfterMs });
    default:
      if (status >= 500) return new CaselinkError('network', `${label} had a server error (HTTP ${status} on ${endpoint}). Try again later; if it persists, check the server.${said}`);
      return new CaselinkError('internal', `${label} answered HTTP ${status} to ${endpoint}, which Caselink does not expect.${said}`);
  }
}

/** Pulls a short human message out of an error body (JSON `message`/`error`/`errors`, or text), redacted. */
function serverMessage(body: string): string {
  if (!body.trim() || /^\s*</.test(body)) return '';
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const candidates = [json.message, json.error, json.description, Array.isArray(json.errors) ? json.errors.join('; ') : json.errors];
    const found = candidates.find((c) => typeof c === 'string' && c.trim());
    return found ? redact(String(found)).slice(0, 300) : '';
  } catch {
    return redact(body.trim()).slice(0, 200);
  }
}

export function describeNetworkFailure(err: unknown, label: string, baseUrl: string, idempotent: boolean): CaselinkError {
  const code = (err as { code?: string })?.code ?? '';
  const host = safeHost(baseUrl);
  const unknownOutcome = idempotent ? '' : ' The change may or may not have reached the server: Caselink checks before sending it again.';
  let message: string;
  switch (code) {
    case 'ECONNREFUSED':
      message = `Could not connect to ${label} at ${host}: the connection was refused. Is the server running, and is the URL (including the port) right?`;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      message = `Could not find ${host} for ${label}. Check the connection's URL and your network or proxy settings.`;
      break;
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
      message = `${label} at ${host} did not answer in time.${unknownOutcome || ' Try again; if it keeps happening, the server may be overloaded.'}`;
      break;
    case 'ECONNRESET':
    case 'EPIPE':
      message = `The connection to ${label} at ${host} was cut.${unknownOutcome || ' Try again.'}`;
      break;
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      message = `The TLS certificate of ${host} is not trusted (${code}). Fix the certificate, or add your company's CA to the system's trust store.`;
      break;
    default:
      message = `Could not reach ${label} at ${host}${code ? ` (${code})` : ''}: ${redact((err as Error)?.message ?? String(err))}`;
  }
  return new CaselinkError('network', message, { cause: err });
}

export function describeSchemaFailure(error: z.ZodError, label: string, endpoint: string): CaselinkError {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(the whole answer)';
  return new CaselinkError('schema', `${label} sent an answer to ${endpoint} that Caselink does not understand: at ${where}, ${issue?.message ?? 'invalid data'}. The server may run a version Caselink does not support yet.`);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
