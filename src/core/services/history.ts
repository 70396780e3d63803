import type { HistoryEvent } from '../model/history';
import { HistoryEvent as HistoryEventSchema } from '../schemas/history';

export interface NormalizedHistory {
  readonly events: HistoryEvent[];
  /** Entries that were not valid history events (or were already marked so by a backend). */
  readonly unreadable: number;
}

/**
 * Puts a ticket's history in display order and makes every entry showable. Entries that fail the
 * schema (a new event type, a missing field) are kept as readable "other" entries, never dropped:
 * an agent must see that something happened even when Caselink cannot tell what.
 */
export function normalizeHistory(raw: readonly unknown[]): NormalizedHistory {
  let unreadable = 0;
  const events = raw.map((entry, index): HistoryEvent => {
    const parsed = HistoryEventSchema.safeParse(entry);
    if (parsed.success) return parsed.data;
    unreadable++;
    const obj = entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
    const at = typeof obj.at === 'string' && !Number.isNaN(Date.parse(obj.at)) ? new Date(obj.at).toISOString() : new Date(0).toISOString();
    const kind = typeof obj.kind === 'string' ? obj.kind.slice(0, 40) : typeof obj.type === 'string' ? String(obj.type).slice(0, 40) : 'unknown';
    return {
      id: typeof obj.id === 'string' && obj.id ? obj.id : `unreadable-${index}`,
      kind: 'other',
      at,
      description: `An entry Caselink could not read (type “${kind}”).`,
      unreadable: true,
    };
  });
  // Stable sort: entries with the same time keep the backend's order.
  unreadable = events.filter((e) => e.kind === 'other' && e.unreadable).length;
  const order = events.map((e, i) => ({ e, i, t: Date.parse(e.at) }));
  order.sort((a, b) => a.t - b.t || a.i - b.i);
  return { events: order.map((x) => x.e), unreadable };
}

/** The first entry after the moment the user last saw the ticket, if any. */
export function firstUnreadEvent(events: readonly HistoryEvent[], lastSeenAt: string): HistoryEvent | undefined {
  const mark = Date.parse(lastSeenAt);
  return events.find((e) => Date.parse(e.at) > mark);
}
