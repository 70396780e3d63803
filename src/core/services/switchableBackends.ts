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
  readonly sourceProxy: TicketSource = forwardTo(() => this.sourceImpl);
  /** A DefectTracker that always forwards to the current one. */
  readonly trackerProxy: DefectTracker = forwardTo(() => this.trackerImpl);
}

/** An object whose every property and method is read from `current()` at the moment of use. */
function forwardTo<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get: (_target, prop) => {
      const impl = current() as Record<string | symbol, unknown>;
      const value = impl[prop];
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(impl) : value;
    },
    has: (_target, prop) => prop in current(),
  });
}
