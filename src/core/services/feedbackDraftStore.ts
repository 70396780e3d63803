import type { KeyValueStore } from '../ports/keyValueStore';

const KEY = 'caselink.feedbackDrafts.v1';
const MAX_AGE_MS = 60 * 24 * 3_600_000;

/**
 * Feedback forms in progress, per ticket, in extension storage: closing the form or reloading the
 * window keeps them. Kept as the webview sent them (already validated against the protocol).
 */
export class FeedbackDraftStore<T> {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  get(ticketRef: string): T | undefined {
    return this.#all()[ticketRef]?.draft;
  }

  async set(ticketRef: string, draft: T): Promise<void> {
    const all = this.#all();
    const cutoff = this.now() - MAX_AGE_MS;
    for (const [k, v] of Object.entries(all)) if (v.savedAt < cutoff) delete all[k];
    all[ticketRef] = { draft, savedAt: this.now() };
    await this.store.update(KEY, all);
  }

  async clear(ticketRef: string): Promise<void> {
    const all = this.#all();
    delete all[ticketRef];
    await this.store.update(KEY, all);
  }

  #all(): Record<string, { draft: T; savedAt: number }> {
    const raw = this.store.get<Record<string, { draft: T; savedAt: number }>>(KEY);
    return raw && typeof raw === 'object' ? { ...raw } : {};
  }
}
