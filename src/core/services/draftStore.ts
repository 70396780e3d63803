import type { KeyValueStore } from '../ports/keyValueStore';

export interface CaseDrafts {
  reply: string;
  note: string;
  mode: 'reply' | 'note';
}

const KEY = 'caselink.drafts.v1';
const EMPTY: CaseDrafts = { reply: '', note: '', mode: 'reply' };
/** Drafts untouched this long are dropped, so the store does not grow forever. */
const MAX_AGE_MS = 30 * 24 * 3_600_000;

interface Stored extends CaseDrafts {
  savedAt: number;
}

/**
 * What the user typed and has not sent, per ticket, in extension storage: it survives closing the
 * panel and reloading the window. Empty drafts are removed rather than stored.
 */
export class DraftStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  get(ticketRef: string): CaseDrafts {
    const entry = this.#all()[ticketRef];
    return entry ? { reply: entry.reply, note: entry.note, mode: entry.mode } : { ...EMPTY };
  }

  async set(ticketRef: string, drafts: CaseDrafts): Promise<void> {
    const all = this.#all();
    const cutoff = this.now() - MAX_AGE_MS;
    for (const [key, entry] of Object.entries(all)) if (entry.savedAt < cutoff) delete all[key];
    if (!drafts.reply && !drafts.note) delete all[ticketRef];
    else all[ticketRef] = { reply: drafts.reply, note: drafts.note, mode: drafts.mode, savedAt: this.now() };
    await this.store.update(KEY, all);
  }

  /** After a successful send: that composer is empty again, the other one is kept. */
  async clear(ticketRef: string, kind: 'reply' | 'note'): Promise<void> {
    const current = this.get(ticketRef);
    await this.set(ticketRef, { ...current, [kind]: '' });
  }

  #all(): Record<string, Stored> {
    const raw = this.store.get<Record<string, Stored>>(KEY);
    return raw && typeof raw === 'object' ? { ...raw } : {};
  }
}
