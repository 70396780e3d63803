import { CaselinkError } from '../../src/core/errors';
import type { TicketFilter } from '../../src/core/model/queue';
import type { Ticket } from '../../src/core/model/ticket';
import type { Page, PageRequest, TicketSource } from '../../src/core/ports/ticketSource';

/** A ticket source whose pages and failures a test scripts. */
export class ScriptedSource implements TicketSource {
  readonly info = { id: 'test', kind: 'demo' as const, label: 'Scripted' };
  calls: PageRequest[] = [];
  failNext: CaselinkError | undefined;
  delayMs = 0;
  constructor(public tickets: Ticket[]) {}
  async currentUser() {
    return { id: 'me', name: 'Me' };
  }
  async listTickets(_filter: TicketFilter, page: PageRequest, signal?: AbortSignal): Promise<Page<Ticket>> {
    this.calls.push(page);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (signal?.aborted) throw new CaselinkError('cancelled', 'cancelled');
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = undefined;
      throw err;
    }
    const offset = Number(page.cursor ?? 0);
    const items = this.tickets.slice(offset, offset + page.limit);
    const next = offset + items.length;
    return { items, total: this.tickets.length, ...(next < this.tickets.length ? { nextCursor: String(next) } : {}) };
  }
  async getTicket(id: string) {
    const t = this.tickets.find((x) => x.id === id);
    if (!t) throw new CaselinkError('notFound', 'gone');
    return t;
  }
  async getHistory() {
    return [];
  }
  async addMessage(): Promise<never> {
    throw new CaselinkError('forbidden', 'The scripted source is read-only.');
  }
  async updateTicket(): Promise<never> {
    throw new CaselinkError('forbidden', 'The scripted source is read-only.');
  }
  async listAgents() {
    return [];
  }
}

