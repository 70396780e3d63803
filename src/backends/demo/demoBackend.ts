import { CaselinkError, throwIfAborted } from '../../core/errors';
import type { ConnectionInfo } from '../../core/model/connection';
import type { Defect, DefectLink } from '../../core/model/defect';
import type { HistoryEvent } from '../../core/model/history';
import type { TicketFilter } from '../../core/model/queue';
import type { Person, Ticket } from '../../core/model/ticket';
import type { DefectTracker, LinkedDefect, NewDefect, TicketRef } from '../../core/ports/defectTracker';
import type { NewMessage, Page, PageRequest, TicketChange, TicketSource } from '../../core/ports/ticketSource';
import { compileFilter, comparatorFor } from '../../core/services/queueLogic';
import { AGENTS, CUSTOMER_FOLLOW_UPS } from './catalog';
import { DEMO_DEFAULTS, generateDemoData, generateDemoDataAsync, type DemoDataset, type DemoOptions } from './generator';
import { Random } from './random';

/** How often the demo's simulated customers write in, while someone is looking. */
const ACTIVITY_INTERVAL_MS = 60_000;

/**
 * The embedded demo helpdesk: a ticket source that needs no account. It behaves like a remote one
 * (paging with cursors, server-side filtering, "not found", cancellation) so every code path that a
 * real backend exercises is exercised in the demo too.
 */
export class DemoTicketSource implements TicketSource {
  readonly info: ConnectionInfo;

  readonly #extraEvents = new Map<string, HistoryEvent[]>();
  #version = 0;
  #activityCount = 0;
  #lastActivity: number;

  constructor(
    private readonly dataset: () => DemoDataset,
    connectionId: string = DEMO_DEFAULTS.connectionId,
    private readonly clock: () => Date = () => new Date(),
    /** Resolves once the data exists; generation yields to the event loop on the way. */
    private readonly loaded: () => Promise<unknown> = async () => dataset(),
  ) {
    this.info = { id: connectionId, kind: 'demo', label: 'Demo helpdesk' };
    this.#lastActivity = clock().getTime();
  }

  /**
   * A customer writes in on an open ticket, so the demo shows what polling and "updated since you
   * last looked" markers do. Deterministic: the n-th reply always lands on the same ticket.
   */
  simulateCustomerReply(): Ticket | undefined {
    const r = new Random(0xc0ffee + this.#activityCount++);
    const candidates = this.data.tickets.filter((t) => t.status === 'open' || t.status === 'pending');
    if (!candidates.length) return undefined;
    const before = r.pick(candidates);
    const at = this.clock().toISOString();
    const after: Ticket = { ...before, status: 'open', updatedAt: at };
    this.#replace(after);
    const events = this.#extraEvents.get(after.id) ?? [];
    events.push({
      id: `${after.id}-sim-${this.#activityCount}`, kind: 'message', at, author: after.requester, authorRole: 'customer',
      visibility: 'public', format: 'text', body: r.pick(CUSTOMER_FOLLOW_UPS), attachments: [],
    });
    if (before.status !== 'open') events.push({ id: `${after.id}-sim-${this.#activityCount}-s`, kind: 'change', at, field: 'status', from: before.status, to: 'open' });
    this.#extraEvents.set(after.id, events);
    return after;
  }

  #replace(ticket: Ticket): void {
    const list = this.data.tickets;
    const index = list.findIndex((t) => t.id === ticket.id);
    if (index >= 0) list[index] = ticket;
    this.#version++;
  }

  #failure: CaselinkError | undefined;

  /** Someone else deleted (or merged) the ticket in the helpdesk. */
  removeTicket(id: string): boolean {
    const list = this.data.tickets;
    const index = list.findIndex((t) => t.id === id);
    if (index < 0) return false;
    list.splice(index, 1);
    this.#version++;
    return true;
  }

  /** Makes the next queue request fail, to show (and test) how Caselink reports a broken backend. */
  failNextRequest(error: CaselinkError): void {
    this.#failure = error;
  }

  #maybeSimulateActivity(): void {
    const now = this.clock().getTime();
    if (now - this.#lastActivity < ACTIVITY_INTERVAL_MS) return;
    this.#lastActivity = now;
    this.simulateCustomerReply();
  }

  private get data(): DemoDataset {
    return this.dataset();
  }

  async currentUser(signal?: AbortSignal): Promise<Person> {
    throwIfAborted(signal);
    await this.loaded();
    return { ...this.data.me };
  }

  async listTickets(filter: TicketFilter, page: PageRequest, signal?: AbortSignal): Promise<Page<Ticket>> {
    throwIfAborted(signal);
    await this.loaded();
    if (this.#failure) {
      const failure = this.#failure;
      this.#failure = undefined;
      throw failure;
    }
    if (!page.cursor) this.#maybeSimulateActivity();
    const offset = page.cursor ? Number.parseInt(page.cursor, 10) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw new CaselinkError('schema', `Demo helpdesk: invalid page cursor "${page.cursor}".`);
    const matching = this.#query(filter);
    const items = matching.slice(offset, offset + page.limit);
    const next = offset + items.length;
    return { items, total: matching.length, ...(next < matching.length ? { nextCursor: String(next) } : {}) };
  }

  async getTicket(id: string, signal?: AbortSignal): Promise<Ticket> {
    throwIfAborted(signal);
    await this.loaded();
    const ticket = this.data.tickets.find((t) => t.id === id);
    if (!ticket) throw new CaselinkError('notFound', `Demo helpdesk: ticket ${id} does not exist.`);
    return ticket;
  }

  async getHistory(id: string, signal?: AbortSignal): Promise<readonly HistoryEvent[]> {
    await this.getTicket(id, signal);
    return [...this.data.history(id), ...(this.#extraEvents.get(id) ?? [])];
  }

  readonly #sent = new Map<string, HistoryEvent>();

  async addMessage(id: string, message: NewMessage, signal?: AbortSignal): Promise<HistoryEvent> {
    const ticket = await this.getTicket(id, signal);
    // The same user action sent twice (a retry, a double click) posts once.
    const earlier = this.#sent.get(message.idempotencyKey);
    if (earlier) return earlier;
    if (!message.body.trim()) throw new CaselinkError('conflict', 'The message is empty.');
    const at = this.#nextTimestamp(ticket);
    const me = this.data.me;
    const event: HistoryEvent = {
      id: `${id}-msg-${this.#sent.size + 1}`, kind: 'message', at, author: { ...me }, authorRole: 'agent',
      visibility: message.visibility, format: 'text', body: message.body, attachments: [],
    };
    this.#sent.set(message.idempotencyKey, event);
    this.#append(id, event);
    // Like Zendesk: an agent's public reply sets an open ticket to pending (waiting on the customer).
    const status = message.visibility === 'public' && (ticket.status === 'new' || ticket.status === 'open') ? 'pending' : ticket.status;
    if (status !== ticket.status) this.#append(id, { id: `${event.id}-s`, kind: 'change', at, author: { ...me }, field: 'status', from: ticket.status, to: status });
    this.#replace({ ...ticket, status, updatedAt: at });
    return event;
  }

  async updateTicket(id: string, change: TicketChange, signal?: AbortSignal): Promise<Ticket> {
    const before = await this.getTicket(id, signal);
    const at = this.#nextTimestamp(before);
    const me = { ...this.data.me };
    const after: Ticket = { ...before, tags: [...before.tags], updatedAt: at };
    const record = (field: string, from: string | undefined, to: string | undefined) =>
      this.#append(id, { id: `${id}-chg-${Date.now().toString(36)}-${field}-${Math.random().toString(36).slice(2, 6)}`, kind: 'change', at, author: me, field, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
    if (change.status && change.status !== before.status) {
      after.status = change.status;
      record('status', before.status, change.status);
    }
    if (change.priority && change.priority !== before.priority) {
      after.priority = change.priority;
      record('priority', before.priority, change.priority);
    }
    if (change.assigneeId !== undefined) {
      const agent = change.assigneeId === null ? undefined : AGENTS.find((a) => a.id === change.assigneeId);
      if (change.assigneeId !== null && !agent) throw new CaselinkError('notFound', `Demo helpdesk: there is no agent ${change.assigneeId}.`);
      if (agent?.id !== before.assignee?.id) {
        if (agent) after.assignee = { ...agent };
        else delete after.assignee;
        record('assignee', before.assignee?.name, agent?.name ?? 'unassigned');
      }
    }
    for (const tag of change.addTags ?? []) {
      const clean = tag.trim().toLowerCase().replace(/\s+/g, '-');
      if (clean && !after.tags.includes(clean)) {
        after.tags.push(clean);
        record('tags', undefined, `+${clean}`);
      }
    }
    for (const tag of change.removeTags ?? []) {
      if (after.tags.includes(tag)) {
        after.tags = after.tags.filter((t) => t !== tag);
        record('tags', undefined, `-${tag}`);
      }
    }
    this.#replace(after);
    return after;
  }

  async listAgents(signal?: AbortSignal): Promise<readonly Person[]> {
    throwIfAborted(signal);
    await this.loaded();
    return AGENTS.map((a) => ({ ...a }));
  }

  /** Strictly after the ticket's last update, so "updated since" and history order stay right. */
  #nextTimestamp(ticket: Ticket): string {
    const now = this.clock().getTime();
    return new Date(Math.max(now, Date.parse(ticket.updatedAt) + 1)).toISOString();
  }

  #append(id: string, event: HistoryEvent): void {
    const events = this.#extraEvents.get(id) ?? [];
    events.push(event);
    this.#extraEvents.set(id, events);
  }

  #lastQuery: { key: string; result: Ticket[] } | undefined;

  #query(filter: TicketFilter): Ticket[] {
    // Paging through 50,000 tickets asks for the same query many times: compute it once.
    const key = `${this.#version}:${JSON.stringify(filter)}`;
    if (this.#lastQuery?.key === key) return this.#lastQuery.result;
    const test = compileFilter(filter, { now: new Date(), meId: this.data.me.id });
    const result = this.data.tickets.filter(test).sort(comparatorFor('updated'));
    this.#lastQuery = { key, result };
    return result;
  }
}

export class DemoDefectTracker implements DefectTracker {
  readonly info: ConnectionInfo;

  constructor(
    private readonly dataset: () => DemoDataset,
    trackerId: string = DEMO_DEFAULTS.trackerId,
    private readonly loaded: () => Promise<unknown> = async () => dataset(),
  ) {
    this.info = { id: trackerId, kind: 'demo', label: 'Demo tracker' };
  }

  private get data(): DemoDataset {
    return this.dataset();
  }

  async getDefects(ids: readonly string[], signal?: AbortSignal): Promise<readonly Defect[]> {
    throwIfAborted(signal);
    await this.loaded();
    const wanted = new Set(ids);
    return this.data.defects.filter((d) => wanted.has(d.id));
  }

  async searchDefects(text: string, limit: number, signal?: AbortSignal): Promise<readonly Defect[]> {
    throwIfAborted(signal);
    await this.loaded();
    const needles = text.toLowerCase().split(/\s+/).filter(Boolean);
    return this.data.defects
      .filter((d) => needles.every((n) => `${d.key} ${d.title} ${d.productArea ?? ''}`.toLowerCase().includes(n)))
      .slice(0, limit);
  }

  async linksForTickets(tickets: readonly TicketRef[], signal?: AbortSignal): Promise<readonly DefectLink[]> {
    throwIfAborted(signal);
    await this.loaded();
    const wanted = new Set(tickets.map((t) => `${t.connectionId}:${t.ticketId}`));
    return this.data.links.filter((l) => wanted.has(`${l.ticketConnectionId}:${l.ticketId}`));
  }

  async linksForDefect(defectId: string, signal?: AbortSignal): Promise<readonly DefectLink[]> {
    throwIfAborted(signal);
    await this.loaded();
    return this.data.links.filter((l) => l.defectId === defectId);
  }

  async linkedDefects(ticket: TicketRef, signal?: AbortSignal): Promise<readonly LinkedDefect[]> {
    throwIfAborted(signal);
    await this.loaded();
    const mine = this.data.links.filter((l) => l.ticketConnectionId === ticket.connectionId && l.ticketId === ticket.ticketId);
    return mine.map((l) => {
      const defect = this.data.defects.find((d) => d.id === l.defectId);
      const linkedTickets = this.data.links.filter((x) => x.defectId === l.defectId).length;
      return defect ? { defectId: l.defectId, defect, linkedTickets } : { defectId: l.defectId, linkedTickets, problem: `Defect ${l.defectId} no longer exists in the ${this.info.label}.` };
    });
  }

  async link(ticket: TicketRef, defectId: string, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    await this.loaded();
    if (!this.data.defects.some((d) => d.id === defectId)) throw new CaselinkError('notFound', `${this.info.label}: there is no defect ${defectId}.`);
    const exists = this.data.links.some((l) => l.ticketConnectionId === ticket.connectionId && l.ticketId === ticket.ticketId && l.defectId === defectId);
    if (!exists) this.data.links.push({ ticketConnectionId: ticket.connectionId, ticketId: ticket.ticketId, trackerId: this.info.id, defectId });
  }

  readonly #texts = new Map<string, { description: string; comments: string[] }>();

  async findByMarker(marker: string, signal?: AbortSignal): Promise<Defect | undefined> {
    throwIfAborted(signal);
    await this.loaded();
    const id = [...this.#texts.entries()].find(([, t]) => t.description.includes(marker))?.[0];
    return id ? this.data.defects.find((d) => d.id === id) : undefined;
  }

  async addComment(defectId: string, body: string, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    await this.loaded();
    if (!this.data.defects.some((d) => d.id === defectId)) throw new CaselinkError('notFound', `${this.info.label}: there is no defect ${defectId}.`);
    const text = this.#texts.get(defectId) ?? { description: '', comments: [] };
    text.comments.push(body);
    this.#texts.set(defectId, text);
  }

  async updateDescription(defectId: string, description: string, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    await this.loaded();
    const defect = this.data.defects.find((d) => d.id === defectId);
    if (!defect) throw new CaselinkError('notFound', `${this.info.label}: there is no defect ${defectId}.`);
    this.#texts.set(defectId, { description, comments: this.#texts.get(defectId)?.comments ?? [] });
    // As a real tracker does: readers that cache by "updated" see the change.
    defect.updatedAt = new Date().toISOString();
  }

  async getDefectText(defectId: string, signal?: AbortSignal): Promise<{ description: string; comments: readonly string[] }> {
    throwIfAborted(signal);
    await this.loaded();
    if (!this.data.defects.some((d) => d.id === defectId)) throw new CaselinkError('notFound', `${this.info.label}: there is no defect ${defectId}.`);
    const text = this.#texts.get(defectId);
    return { description: text?.description ?? '', comments: [...(text?.comments ?? [])] };
  }

  async createDefect(input: NewDefect, signal?: AbortSignal): Promise<Defect> {
    throwIfAborted(signal);
    await this.loaded();
    if (!input.title.trim()) throw new CaselinkError('conflict', `${this.info.label}: a defect needs a title.`);
    const number = Math.max(2100, ...this.data.defects.map((d) => Number(d.id) || 0)) + 1;
    const now = new Date().toISOString();
    const defect: Defect = {
      trackerId: this.info.id, id: String(number), key: `LUM-${number}`, title: input.title.trim(), status: 'New', stage: 'open',
      ...(input.priority ? { priority: input.priority } : {}), ...(input.productArea ? { productArea: input.productArea } : {}),
      createdAt: now, updatedAt: now,
    };
    this.data.defects.push(defect);
    this.#texts.set(defect.id, { description: input.description, comments: [] });
    if (input.ticket) await this.link(input.ticket, defect.id, signal);
    return defect;
  }

  async unlink(ticket: TicketRef, defectId: string, signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    await this.loaded();
    const links = this.data.links;
    for (let i = links.length - 1; i >= 0; i--) {
      const l = links[i];
      if (l.ticketConnectionId === ticket.connectionId && l.ticketId === ticket.ticketId && l.defectId === defectId) links.splice(i, 1);
    }
  }
}

/** The data is generated on first use, not at construction: activation stays cheap. */
export function createDemoBackends(options: DemoOptions): { source: DemoTicketSource; tracker: DemoDefectTracker; data: () => DemoDataset } {
  let data: DemoDataset | undefined;
  let pending: Promise<DemoDataset> | undefined;
  const get = () => (data ??= generateDemoData(options));
  const loaded = () => (data ? Promise.resolve(data) : (pending ??= generateDemoDataAsync(options).then((d) => (data ??= d))));
  return {
    source: new DemoTicketSource(get, options.connectionId, undefined, loaded),
    tracker: new DemoDefectTracker(get, options.trackerId, loaded),
    data: get,
  };
}
