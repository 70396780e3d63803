import type { DemoDefectTracker, DemoTicketSource } from '../backends/demo/demoBackend';
import type { ConnectionConfig } from '../core/model/connection';
import type { DefectTracker } from '../core/ports/defectTracker';
import type { Logger } from '../core/ports/logger';
import type { SecretStore } from '../core/ports/secrets';
import type { TicketSource } from '../core/ports/ticketSource';
import type { Settings } from '../core/settings';

/**
 * Turns settings into backends. Real backends (and axios with them) load on first use; a backend
 * is reused while its connection's settings stay the same, so switching back and forth is cheap.
 */
export class BackendFactory {
  readonly #cache = new Map<string, { key: string; backend: TicketSource | DefectTracker }>();

  constructor(
    private readonly demo: { source: DemoTicketSource; tracker: DemoDefectTracker },
    private readonly secrets: SecretStore,
    private readonly log: Logger,
  ) {}

  source(settings: Settings): TicketSource {
    const c = settings.connections.find((x) => x.id === settings.ticketSource);
    return c ? (this.forConnection(c, 'source') as TicketSource) : this.demo.source;
  }

  tracker(settings: Settings): DefectTracker {
    const c = settings.connections.find((x) => x.id === settings.defectTracker);
    return c ? (this.forConnection(c, 'tracker') as DefectTracker) : this.demo.tracker;
  }

  forConnection(c: ConnectionConfig, role: 'source' | 'tracker'): TicketSource | DefectTracker {
    const key = JSON.stringify(c);
    const cached = this.#cache.get(`${role}:${c.id}`);
    if (cached?.key === key) return cached.backend;
    let backend: TicketSource | DefectTracker;
    const log = this.log.child(c.id);
    if (c.kind === 'rt' && role === 'source') {
      const { RtTicketSource } = require('../backends/rt/rtSource') as typeof import('../backends/rt/rtSource');
      backend = new RtTicketSource(c, this.secrets, log);
    } else if (c.kind === 'redmine' && role === 'tracker') {
      const { RedmineTracker } = require('../backends/redmine/redmineTracker') as typeof import('../backends/redmine/redmineTracker');
      backend = new RedmineTracker(c, this.secrets, log);
    } else {
      backend = role === 'source' ? this.demo.source : this.demo.tracker;
    }
    this.#cache.set(`${role}:${c.id}`, { key, backend });
    return backend;
  }
}
