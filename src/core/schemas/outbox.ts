import * as z from 'zod';
import type { ErrorReason } from '../errors';
import type { Parser, RejectedEntry as Rejected, StoredItem } from '../services/outbox';

/*
 * The outbox's stored document (core/services/outbox.ts) and its tolerant reader. Storage may hold
 * anything: another version's document, a crash's leftovers, a hand edit. So the document and each
 * item are checked apart, one bad item never costs the others, and whatever does not read is set
 * aside verbatim (it may hold text the user typed). Payloads and results belong to the feature that
 * uses the outbox, which passes its own schemas for them.
 */

export const OutboxDocument = z.object({
  version: z.number(),
  items: z.array(z.unknown()),
  /** Entries an earlier load could not read, kept as they were. */
  rejected: z.array(z.unknown()).optional(),
});

export const RejectedEntry = z.object({
  at: z.string(),
  message: z.string(),
  raw: z.unknown(),
});

const at = z.iso.datetime({ offset: true });

export const OutboxItemEnvelope = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  idempotencyKey: z.string().min(1),
  label: z.string(),
  payload: z.unknown(),
  state: z.enum(['pending', 'sending', 'unknown', 'failed', 'done']),
  attempts: z.number().int().nonnegative(),
  maybeSubmitted: z.boolean(),
  createdAt: at,
  updatedAt: at,
  nextAttemptAt: at.optional(),
  lastError: z.object({ reason: z.string(), message: z.string() }).optional(),
  result: z.unknown().optional(),
});

const REASONS: readonly string[] = ['auth', 'forbidden', 'notFound', 'rateLimited', 'schema', 'network', 'cancelled', 'conflict', 'config', 'internal'] satisfies ErrorReason[];

function firstIssue(error: unknown): string {
  const issue = (error as { issues?: Array<{ path?: PropertyKey[]; message?: string }> } | undefined)?.issues?.[0];
  if (!issue) return 'not readable';
  const where = (issue.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${where ? `${where.replace(/^\./, '')}: ` : ''}${issue.message ?? 'invalid'}`;
}

export interface ReadOutbox<P, R> {
  readonly items: Array<StoredItem<P, R>>;
  /** Set aside by an earlier load. */
  readonly kept: Rejected[];
  /** Set aside by this read; the caller logs them. */
  readonly fresh: Rejected[];
}

/** Keeps every item that reads; the rest, and a document that does not read at all, are set aside whole. */
export function readOutboxDocument<P, R>(stored: unknown, version: number, parsers: { payload?: Parser<P>; result?: Parser<R> }, now: string): ReadOutbox<P, R> {
  const items: Array<StoredItem<P, R>> = [];
  const fresh: Rejected[] = [];
  const none = (message: string, raw: unknown): ReadOutbox<P, R> => ({ items, kept: [], fresh: [{ at: now, message, raw }] });
  let value = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return none('the stored outbox is not valid JSON', stored);
    }
  }
  const doc = OutboxDocument.safeParse(value);
  if (!doc.success) return none(`the stored outbox is not an outbox document (${firstIssue(doc.error)})`, value);
  if (doc.data.version !== version) return none(`the stored outbox has version ${doc.data.version}, which this version of Caselink cannot read`, value);
  const kept = (doc.data.rejected ?? []).map((entry): Rejected => {
    const parsed = RejectedEntry.safeParse(entry);
    return parsed.success ? parsed.data : { at: now, message: 'an entry set aside earlier', raw: entry };
  });
  const ids = new Set<string>();
  doc.data.items.forEach((entry, index) => {
    const reject = (why: string) => void fresh.push({ at: now, message: `item ${index}: ${why}`, raw: entry });
    const envelope = OutboxItemEnvelope.safeParse(entry);
    if (!envelope.success) return reject(firstIssue(envelope.error));
    const e = envelope.data;
    if (ids.has(e.id)) return reject(`a second item with id ${e.id}`);
    const payload = parsers.payload ? parsers.payload.safeParse(e.payload) : { success: true as const, data: e.payload as P };
    if (!payload.success) return reject(`payload: ${firstIssue(payload.error)}`);
    const result = e.result !== undefined && parsers.result ? parsers.result.safeParse(e.result) : { success: true as const, data: e.result as R | undefined };
    if (!result.success) return reject(`result: ${firstIssue(result.error)}`);
    ids.add(e.id);
    // A reason from a newer version reads as `internal`: the item is kept, and only its last error is vaguer.
    const lastError = e.lastError && { reason: (REASONS.includes(e.lastError.reason) ? e.lastError.reason : 'internal') as ErrorReason, message: e.lastError.message };
    items.push({ ...e, payload: payload.data, result: result.data, lastError });
  });
  return { items, kept, fresh };
}
