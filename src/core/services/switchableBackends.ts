import { Emitter } from '../events';
import type { DefectTracker } from '../ports/defectTracker';
import type { TicketSource } from '../ports/ticketSource';

/**
 * The ticket source and defect tracker in use, switchable at run time (the user picks another
 * connection) without rebuilding every view: views and services hold these stable objects, which
 * forward each call to whichever backend is current.
 */
export class ActiveBackends {
  readonly #onDidSwitch = new Emitter<'source' | 'tracker'>();
  readonly onDidSwitch = this.#onDidSwitch.event;

  constructor(
    private sourceImpl: TicketSource,
    private trackerImpl: DefectTracker,
  ) {}

  get source(): TicketSource {
    return this.sourceImpl;
  }
  get tracker(): DefectTracker {
    return this.trackerImpl;
  }

  setSource(source: TicketSource): void {
    if (source === this.sourceImpl) return;
    this.sourceImpl = source;
    this.#onDidSwitch.fire('source');
  }

  setTracker(tracker: DefectTracker): void {
    if (tracker === this.trackerImpl) return;
    this.trackerImpl = tracker;
    this.#onDidSwitch.fire('tracker');
  }

  /** A TicketSource that always forwards to the current one. */
  readonly sourceProxy: TicketSource = new Proxy({} as TicketSource, {
    get: (_t, prop) => {
      const target = this.sourceImpl as unknown as Record<string | symbol, unknown>;
      const value = target[prop];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(this.sourceImpl) : value;
    },
    has: (_t, prop) => prop in this.sourceImpl,
  });

  readonly trackerProxy: DefectTracker = new Proxy({} as DefectTracker, {
    get: (_t, prop) => {
      const target = this.trackerImpl as unknown as Record<string | symbol, unknown>;
      const value = target[prop];
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(this.trackerImpl) : value;
    },
    has: (_t, prop) => prop in this.trackerImpl,
  });
}
