import type { FeedbackHostMessage } from '../../protocol/feedbackProtocol';
import type { Done, FeedbackPanelState, PendingRequest } from './state';

type ResultMessage = Extract<FeedbackHostMessage, { type: 'result' }>;

/**
 * The form's one request at a time (submit or +1) and its success. While a request runs, or once
 * one succeeded, the form is locked. A request restored after a reload keeps it locked until its
 * result arrives, or for `waitMs` if none does (the host may have answered the webview that was
 * gone), and `onGaveUp` says so.
 */
export class FeedbackRequests {
  #pending: PendingRequest | undefined;
  #done: Done | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly onGaveUp: () => void,
    private readonly waitMs = 15_000,
  ) {}

  get pending(): PendingRequest | undefined {
    return this.#pending;
  }

  get done(): Done | undefined {
    return this.#done;
  }

  get locked(): boolean {
    return !!this.#pending || !!this.#done;
  }

  /** From webview state after a reload. */
  restore(saved: FeedbackPanelState): void {
    this.#done ??= saved.done;
    if (!saved.pending || this.#pending || this.#done) return;
    const pending = (this.#pending = saved.pending);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#pending?.requestId !== pending.requestId) return;
      this.#pending = undefined;
      this.onGaveUp();
    }, this.waitMs);
  }

  start(request: PendingRequest): void {
    this.#pending = request;
  }

  /** The request could not be posted. */
  abandon(): void {
    this.#pending = undefined;
  }

  /** A result: the request it answers (then no longer pending), or undefined for an id this form does not wait for. */
  finish(r: ResultMessage): PendingRequest | undefined {
    const pending = this.#pending;
    if (!pending || pending.requestId !== r.requestId) return undefined;
    this.#pending = undefined;
    this.#clearTimer();
    if (r.ok) {
      const o = r.outcome;
      this.#done = { kind: pending.kind, state: o?.state ?? (pending.kind === 'submit' ? 'filed' : 'evidenceAdded'), key: o?.key, url: o?.url, defectKey: pending.defectKey };
    }
    return pending;
  }

  toState(): Pick<FeedbackPanelState, 'pending' | 'done'> {
    return { ...(this.#pending ? { pending: this.#pending } : {}), ...(this.#done ? { done: this.#done } : {}) };
  }

  dispose(): void {
    this.#clearTimer();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
