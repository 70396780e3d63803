import type { KeyValueStore } from '../ports/keyValueStore';
import { ticketRef, type Ticket } from '../model/ticket';

const KEY = 'caselink.seen.v1';
/** Keep the store small: entries for tickets not touched in this long are dropped. */
const MAX_ENTRIES = 5_000;

interface SeenState {
  /** Tickets last changed before this moment count as seen; set on first use so a new user is not flooded. */
  baseline: string;
  /** ticketRef -> the ticket's updatedAt when the user last opened it. */
  seen: Record<string, string>;
}

/** Remembers what the user has looked at, for the "updated since you last looked" marker. */
export class SeenTracker {
  #state: SeenState;

  constructor(
    private readonly store: KeyValueStore,
    now: () => Date = () => new Date(),
  ) {
    const saved = store.get<SeenState>(KEY);
    if (saved && typeof saved.baseline === 'string' && saved.seen && typeof saved.seen === 'object') {
      this.#state = saved;
    } else {
      this.#state = { baseline: now().toISOString(), seen: {} };
      void store.update(KEY, this.#state);
    }
  }

  /** Changes whenever something is marked seen. */
  get version(): number {
    return this.#version;
  }
  #version = 0;

  isUpdatedSinceSeen(ticket: Ticket): boolean {
    return ticket.updatedAt > this.lastSeenAt(ticket);
  }

  /** The moment up to which the user has seen this ticket's history. */
  lastSeenAt(ticket: Ticket): string {
    const seenAt = this.#state.seen[ticketRef(ticket)];
    return seenAt && seenAt > this.#state.baseline ? seenAt : this.#state.baseline;
  }

  async markSeen(tickets: readonly Ticket[]): Promise<void> {
    this.#version++;
    for (const t of tickets) this.#state.seen[ticketRef(t)] = t.updatedAt;
    const entries = Object.entries(this.#state.seen);
    if (entries.length > MAX_ENTRIES) {
      entries.sort((a, b) => (a[1] < b[1] ? 1 : -1));
      this.#state.seen = Object.fromEntries(entries.slice(0, MAX_ENTRIES));
    }
    await this.store.update(KEY, this.#state);
  }

  /** Everything loaded now counts as seen. */
  async markAllSeen(now: Date): Promise<void> {
    this.#version++;
    this.#state = { baseline: now.toISOString(), seen: {} };
    await this.store.update(KEY, this.#state);
  }
}
