import type { DraftKind } from '../../protocol/caseProtocol';

/** The control a request belongs to: it stays disabled while the request runs, and shows its error. */
export const Control = {
  status: 'status',
  priority: 'priority',
  assignee: 'assignee',
  addTag: 'addTag',
  linkDefect: 'linkDefect',
  tag: (tag: string) => `tag:${tag}`,
  unlink: (defectId: string) => `unlink:${defectId}`,
  send: (kind: DraftKind) => `send:${kind}`,
} as const;

interface Pending {
  readonly control: string;
  /** What the control asked for (a status, a priority), shown while the request runs. */
  readonly value?: string;
  /** The result arrived (it may still be in the host's busy list). */
  done: boolean;
  /** Restored from webview state after a reload: only busy while the host says so. */
  restored: boolean;
}

export interface PendingState {
  readonly id: string;
  readonly control: string;
  readonly value?: string;
}

export interface Finished {
  readonly control: string;
  readonly value?: string;
}

/** What rendering needs to know about requests. */
export interface RequestView {
  isBusy(control: string): boolean;
  pendingValue(control: string): string | undefined;
  error(control: string): string | undefined;
}

/**
 * Requests in flight, by requestId. A control is busy from the moment its request is posted until
 * its result arrives and the host no longer lists the id in `snapshot.busy`.
 */
export class RequestTracker implements RequestView {
  readonly #pending = new Map<string, Pending>();
  readonly #errors = new Map<string, string>();
  #busy = new Set<string>();

  constructor(private readonly newId: () => string) {}

  /** Registers a request for a control and returns its fresh id. Clears the control's last error. */
  start(control: string, value?: string): string {
    const id = this.newId();
    this.#pending.set(id, { control, value, done: false, restored: false });
    this.#errors.delete(control);
    return id;
  }

  /** The host's busy list from a snapshot. */
  setBusy(ids: readonly string[]): void {
    this.#busy = new Set(ids);
    for (const [id, p] of this.#pending) if ((p.done || p.restored) && !this.#busy.has(id)) this.#pending.delete(id);
  }

  /** A result: returns which control it was for, or undefined for an id this webview never sent. */
  finish(id: string, ok: boolean, message?: string): Finished | undefined {
    const p = this.#pending.get(id);
    if (!p) return undefined;
    if (this.#busy.has(id)) p.done = true;
    else this.#pending.delete(id);
    if (ok) this.#errors.delete(p.control);
    else this.#errors.set(p.control, message || 'The action failed.');
    return { control: p.control, value: p.value };
  }

  isBusy(control: string): boolean {
    for (const [id, p] of this.#pending) {
      if (p.control !== control) continue;
      if (p.restored || p.done ? this.#busy.has(id) : true) return true;
    }
    return false;
  }

  pendingValue(control: string): string | undefined {
    for (const [id, p] of this.#pending) if (p.control === control && p.value !== undefined && (!p.done || this.#busy.has(id))) return p.value;
    return undefined;
  }

  error(control: string): string | undefined {
    return this.#errors.get(control);
  }

  clearError(control: string): void {
    this.#errors.delete(control);
  }

  /** For webview state: requests still waiting for their result. */
  toState(): PendingState[] {
    return [...this.#pending].filter(([, p]) => !p.done).map(([id, p]) => ({ id, control: p.control, value: p.value }));
  }

  /** After a reload: these stay busy only while the next snapshots list them as busy. */
  restore(state: unknown): void {
    if (!Array.isArray(state)) return;
    for (const item of state.slice(0, 100)) {
      if (!item || typeof item !== 'object') continue;
      const { id, control, value } = item as Record<string, unknown>;
      if (typeof id === 'string' && typeof control === 'string') {
        this.#pending.set(id, { control, value: typeof value === 'string' ? value : undefined, done: false, restored: true });
      }
    }
  }
}
