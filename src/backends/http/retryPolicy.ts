/** When and how long to wait before trying a request again. Pure, so it is tested without a server. */

export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails as rateLimited instead. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: spreads retries of many clients apart. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/**
 * Whether to retry after an outcome. A request that may have reached the server (timeout, reset,
 * 5xx) is retried only when it is idempotent; a 429 means the server did not act on it, so any
 * request may be retried after the wait it asks for.
 */
export function decideRetry(
  outcome: { status?: number; networkError?: boolean; retryAfter?: string },
  attempt: number,
  idempotent: boolean,
  policy: RetryPolicy,
  random?: () => number,
): RetryDecision {
  if (attempt >= policy.maxRetries) return { retry: false };
  const retryAfterMs = parseRetryAfter(outcome.retryAfter);
  if (outcome.status === 429) {
    const wait = retryAfterMs ?? backoffMs(attempt, policy, random);
    return wait > policy.maxRetryAfterMs ? { retry: false } : { retry: true, delayMs: wait };
  }
  if (!idempotent) return { retry: false };
  if (outcome.status === 503 || outcome.status === 502 || outcome.status === 504) {
    const wait = retryAfterMs ?? backoffMs(attempt, policy, random);
    return wait > policy.maxRetryAfterMs ? { retry: false } : { retry: true, delayMs: wait };
  }
  if (outcome.networkError) return { retry: true, delayMs: backoffMs(attempt, policy, random) };
  return { retry: false };
}
