import { Drafts } from '../../protocol/caseProtocol';

/** The part of acquireVsCodeApi() that keeps state across the webview being hidden and shown. */
export interface StateStore {
  getState(): unknown;
  setState(state: unknown): void;
}

/** What this panel keeps in webview state. */
export interface PanelState {
  readonly drafts?: Drafts;
  /** Requests still waiting for a result when the state was saved. */
  readonly requests?: unknown;
}

export function readPanelState(raw: unknown): PanelState {
  if (!raw || typeof raw !== 'object') return {};
  const obj = raw as Record<string, unknown>;
  const drafts = Drafts.safeParse(obj.drafts);
  return { drafts: drafts.success ? drafts.data : undefined, requests: obj.requests };
}

export const EMPTY_DRAFTS: Drafts = { reply: '', note: '', mode: 'reply' };

/**
 * The drafts of one panel. Every change goes to webview state at once (`persist`) and to the host
 * (`save`) at most every `delayMs`; `flush` sends a pending save now (blur, hide, send, unload).
 */
export class DraftSync {
  #drafts: Drafts = EMPTY_DRAFTS;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly save: (drafts: Drafts) => void,
    private readonly persist: () => void,
    private readonly delayMs = 300,
  ) {}

  get drafts(): Drafts {
    return this.#drafts;
  }

  /** Replaces the drafts (from state or the host) without telling the host. */
  reset(drafts: Drafts): void {
    this.#cancel();
    this.#drafts = { ...drafts };
    this.persist();
  }

  change(patch: Partial<Drafts>): void {
    const next = { ...this.#drafts, ...patch };
    if (next.reply === this.#drafts.reply && next.note === this.#drafts.note && next.mode === this.#drafts.mode) return;
    this.#drafts = next;
    this.persist();
    this.#cancel();
    this.#timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** Posts a pending save now; does nothing when there is none. */
  flush(): void {
    if (this.#timer === undefined) return;
    this.#cancel();
    this.save(this.#drafts);
  }

  /** Posts the drafts now whether or not anything is pending. */
  saveNow(): void {
    this.#cancel();
    this.save(this.#drafts);
  }

  dispose(): void {
    this.#cancel();
  }

  #cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
