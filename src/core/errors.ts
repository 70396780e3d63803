/**
 * Every failure that crosses a port is a CaselinkError with a reason; UI code branches on the
 * reason, never on message text. Messages say what happened and what to do, and never carry secrets.
 */
export type ErrorReason =
  | 'auth'
  | 'forbidden'
  | 'notFound'
  | 'rateLimited'
  | 'schema'
  | 'network'
  | 'cancelled'
  | 'conflict'
  | 'config'
  | 'internal';

export class CaselinkError extends Error {
  override readonly name = 'CaselinkError';
  constructor(
    readonly reason: ErrorReason,
    message: string,
    readonly options: { cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
}

export function isCancelled(err: unknown): boolean {
  return err instanceof CaselinkError && err.reason === 'cancelled';
}

export function cancelledError(): CaselinkError {
  return new CaselinkError('cancelled', 'The request was cancelled.');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/** A one-line description that is safe to show a user. */
export function describeError(err: unknown): string {
  if (err instanceof CaselinkError) return err.message;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
