import { FormDraft } from '../../protocol/feedbackProtocol';

/** What a request the form sent was for. */
export interface PendingRequest {
  readonly requestId: string;
  readonly kind: 'submit' | 'addEvidence';
  /** For addEvidence: the defect's id and key. */
  readonly defectId?: string;
  readonly defectKey?: string;
}

/** A request that succeeded: the form stays read-only with this outcome. */
export interface Done {
  readonly kind: 'submit' | 'addEvidence';
  readonly state: 'queued' | 'filed' | 'evidenceAdded';
  readonly key?: string;
  readonly url?: string;
  readonly defectKey?: string;
}

/**
 * What the form keeps in webview state, so that hiding the tab (the webview is rebuilt) or
 * reloading the window loses nothing: the draft, a request still waiting for its result, and a
 * success (the host clears its draft after filing; the form must not offer to file it twice).
 */
export interface FeedbackPanelState {
  readonly draft?: FormDraft;
  readonly pending?: PendingRequest;
  readonly done?: Done;
}

const OUTCOMES = new Set(['queued', 'filed', 'evidenceAdded']);
const KINDS = new Set(['submit', 'addEvidence']);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 8_000 ? v : undefined);

/** State as VS Code hands it back: untrusted shape, every part checked. */
export function readPanelState(raw: unknown): FeedbackPanelState {
  if (!raw || typeof raw !== 'object') return {};
  const obj = raw as Record<string, unknown>;
  const draft = FormDraft.safeParse(obj.draft);
  const p = obj.pending as Record<string, unknown> | undefined;
  const d = obj.done as Record<string, unknown> | undefined;
  const pending: PendingRequest | undefined =
    p && typeof p === 'object' && str(p.requestId) && KINDS.has(p.kind as string)
      ? { requestId: str(p.requestId)!, kind: p.kind as PendingRequest['kind'], defectId: str(p.defectId), defectKey: str(p.defectKey) }
      : undefined;
  const done: Done | undefined =
    d && typeof d === 'object' && KINDS.has(d.kind as string) && OUTCOMES.has(d.state as string)
      ? { kind: d.kind as Done['kind'], state: d.state as Done['state'], key: str(d.key), url: str(d.url), defectKey: str(d.defectKey) }
      : undefined;
  return { ...(draft.success ? { draft: draft.data } : {}), ...(pending ? { pending } : {}), ...(done ? { done } : {}) };
}

/** Runs `fn` once `delayMs` after the last `schedule()`; `flush()` runs a pending call now. */
export class Debounced {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly fn: () => void,
    private readonly delayMs: number,
  ) {}

  get pending(): boolean {
    return this.#timer !== undefined;
  }

  schedule(): void {
    this.cancel();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.fn();
    }, this.delayMs);
  }

  /** Runs a pending call now; does nothing when there is none. */
  flush(): void {
    if (this.#timer === undefined) return;
    this.cancel();
    this.fn();
  }

  cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
