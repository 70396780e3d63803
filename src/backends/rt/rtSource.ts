import * as z from 'zod';
import { CaselinkError } from '../../core/errors';
import type { ConnectionInfo, RtConnectionConfig } from '../../core/model/connection';
import type { HistoryEvent } from '../../core/model/history';
import type { TicketFilter } from '../../core/model/queue';
import type { Person, Ticket } from '../../core/model/ticket';
import type { Logger } from '../../core/ports/logger';
import type { SecretStore } from '../../core/ports/secrets';
import type { DefectReference, NewMessage, Page, PageRequest, TicketChange, TicketSource } from '../../core/ports/ticketSource';
import { missingSecret } from '../http/auth';
import { HttpClient, type HttpClientOptions } from '../http/httpClient';
import { TO_RT, TO_RT_PRIORITY, customFieldMap, mapHistory, mapTicket, type RtMapOptions } from './mapper';
import { buildTicketSql } from './ticketSql';
import { WireAttachmentPage, WireMessages, WireRef, WireTicket, WireTicketPage, WireTransactionPage, envelope } from './wire';

const PER_PAGE = 100;
/** A ticket search that asked only for the owner. */
const OwnersPage = envelope(z.object({ id: z.union([z.string(), z.number()]), Owner: z.union([WireRef, z.string()]).nullish() }).loose());
const TICKET_FIELDS = {
  fields: 'Subject,Status,Priority,Queue,Owner,Requestor,Created,LastUpdated,Due,Started,Resolved,CustomFields',
  'fields[Owner]': 'Name,RealName,EmailAddress',
  'fields[Requestor]': 'Name,RealName,EmailAddress,Organization',
  'fields[Queue]': 'Name',
};

/**
 * Request Tracker 5 through REST2 as a ticket source. Tickets come from TicketSQL searches (one
 * request gives the ticket with its requestor, owner, queue and custom fields); a ticket's history
 * is its transactions joined with their attachments, since RT keeps message bodies there.
 */
export class RtTicketSource implements TicketSource {
  readonly info: ConnectionInfo;
  readonly #http: HttpClient;
  readonly #map: RtMapOptions;
  #me: Promise<Person> | undefined;

  constructor(
    private readonly config: RtConnectionConfig,
    private readonly secrets: SecretStore,
    log: Logger,
    httpOverrides: Partial<HttpClientOptions> = {},
  ) {
    this.info = { id: config.id, kind: 'rt', label: config.label ?? `Request Tracker (${config.id})` };
    this.#map = { connectionId: config.id, baseUrl: config.url, tagsField: config.tagsField, defectField: config.defectField };
    this.#http = new HttpClient({
      label: this.info.label,
      baseUrl: `${config.url.replace(/\/+$/, '')}/REST/2.0`,
      log,
      authHeaders: async () => {
        const secret = await secrets.get(config.id);
        if (!secret) throw missingSecret(this.info, config.auth === 'basic' ? `password for ${config.user}` : 'auth token (RT: Logged in as > Settings > Auth Tokens)');
        return { Authorization: config.auth === 'basic' ? `Basic ${Buffer.from(`${config.user}:${secret}`).toString('base64')}` : `token ${secret}` };
      },
      ...httpOverrides,
    });
  }

  /**
   * REST2 has no "who am I" resource. With a user name configured (basic auth, or "user" with a
   * token) the user record is read directly; otherwise the owner of a ticket the token's user owns
   * (TicketSQL's __CurrentUser__) names them.
   */
  async currentUser(signal?: AbortSignal): Promise<Person> {
    this.#me ??= (async () => {
      const toPerson = (u: z.infer<typeof WireRef>): Person => ({ id: u.Name ?? u.id, name: u.RealName || u.Name || u.id, ...(u.EmailAddress ? { email: u.EmailAddress } : {}) });
      if (this.config.user) {
        const res = await this.#http.request({ method: 'GET', path: `/user/${encodeURIComponent(this.config.user)}`, endpoint: '/user/{name}', schema: WireRef, signal });
        return toPerson(res.data);
      }
      const res = await this.#http.request({ method: 'GET', path: '/tickets', endpoint: '/tickets?query=Owner=__CurrentUser__', query: { query: "Owner = '__CurrentUser__'", per_page: 1, fields: 'Owner', 'fields[Owner]': 'Name,RealName,EmailAddress' }, schema: OwnersPage, signal });
      const owner = res.data.items[0]?.Owner;
      if (owner && typeof owner === 'object') return toPerson(owner);
      throw new CaselinkError('config', `${this.info.label}: Caselink cannot tell which RT user this token belongs to (REST2 has no "current user" call and the user owns no ticket). Add "user": "<your RT user name>" to connection "${this.config.id}".`);
    })().catch((err) => {
      this.#me = undefined;
      throw err;
    });
    return this.#me;
  }

  async listTickets(filter: TicketFilter, page: PageRequest, signal?: AbortSignal): Promise<Page<Ticket>> {
    const pageNo = page.cursor ? Number(page.cursor) : 1;
    if (!Number.isSafeInteger(pageNo) || pageNo < 1) throw new CaselinkError('schema', `${this.info.label}: invalid page cursor "${page.cursor}".`);
    const perPage = Math.min(page.limit, PER_PAGE);
    const query = buildTicketSql(filter, { queues: this.config.queues, query: this.config.query, tagsField: this.config.tagsField });
    const res = await this.#http.request({
      method: 'GET',
      path: '/tickets',
      query: { query, orderby: 'LastUpdated', order: 'DESC', page: pageNo, per_page: perPage, ...TICKET_FIELDS },
      schema: WireTicketPage,
      signal,
      conditional: true,
    });
    const data = res.data;
    // For agents who cannot see every ticket RT sends no total and no next_page: a full page means "maybe more".
    const more = data.next_page ? true : data.pages ? pageNo < data.pages : data.count >= perPage;
    return {
      items: data.items.map((t) => mapTicket(t, this.#map)),
      ...(typeof data.total === 'number' ? { total: data.total } : {}),
      ...(more ? { nextCursor: String(pageNo + 1) } : {}),
    };
  }

  /** Opening a case asks for the ticket and its history at once; both need the ticket: fetch it once. */
  readonly #recent = new Map<string, { at: number; ticket: Promise<z.infer<typeof WireTicket>> }>();

  #wireTicket(id: string, signal?: AbortSignal): Promise<z.infer<typeof WireTicket>> {
    const now = Date.now();
    const hit = this.#recent.get(id);
    if (hit && now - hit.at < 2_000) return hit.ticket;
    const ticket = this.#fetchTicket(id, signal);
    this.#recent.set(id, { at: now, ticket });
    ticket.catch(() => this.#recent.delete(id));
    if (this.#recent.size > 50) this.#recent.delete(this.#recent.keys().next().value!);
    return ticket;
  }

  async #fetchTicket(id: string, signal?: AbortSignal): Promise<z.infer<typeof WireTicket>> {
    if (!/^\d+$/.test(id)) throw new CaselinkError('notFound', `${this.info.label}: "${id}" is not a ticket number.`);
    const res = await this.#http.request({ method: 'GET', path: '/tickets', endpoint: '/tickets?query=id={id}', query: { query: `id = ${id}`, per_page: 1, ...TICKET_FIELDS }, schema: WireTicketPage, signal });
    const found = res.data.items[0];
    if (!found) throw new CaselinkError('notFound', `${this.info.label}: ticket ${id} does not exist, or this account may not see it.`);
    return found;
  }

  async getTicket(id: string, signal?: AbortSignal): Promise<Ticket> {
    return mapTicket(await this.#wireTicket(id, signal), this.#map);
  }

  async getHistory(id: string, signal?: AbortSignal): Promise<readonly HistoryEvent[]> {
    const [ticket, txns, attachments] = await Promise.all([
      this.getTicket(id, signal),
      this.#all(`/ticket/${id}/history`, '/ticket/{id}/history', WireTransactionPage, { fields: 'Type,Creator,Created,Field,OldValue,NewValue', 'fields[Creator]': 'Name,RealName,EmailAddress' }, signal),
      this.#all(`/ticket/${id}/attachments`, '/ticket/{id}/attachments', WireAttachmentPage, { fields: 'TransactionId,ContentType,Filename,Subject,Content,Headers,Created' }, signal),
    ]);
    const withSizes = attachments.map((a) => {
      const length = /^Content-Length:\s*(\d+)/im.exec(a.Headers ?? '')?.[1];
      return length && a.ContentLength === undefined ? { ...a, ContentLength: length } : a;
    });
    return mapHistory(txns, withSizes, ticket, this.#map);
  }

  async #all<T>(path: string, endpoint: string, schema: z.ZodType<{ count: number; items: T[]; pages?: number | null }>, query: Record<string, string>, signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; page <= 50; page++) {
      const res = await this.#http.request({ method: 'GET', path, endpoint, query: { ...query, page, per_page: PER_PAGE }, schema, signal });
      items.push(...res.data.items);
      if (res.data.count < PER_PAGE || (res.data.pages && page >= res.data.pages)) return items;
    }
    return items;
  }

  async addMessage(id: string, message: NewMessage, signal?: AbortSignal): Promise<HistoryEvent> {
    this.#recent.delete(id);
    await this.#http.request({
      method: 'POST',
      path: `/ticket/${id}/${message.visibility === 'public' ? 'correspond' : 'comment'}`,
      endpoint: `/ticket/{id}/${message.visibility === 'public' ? 'correspond' : 'comment'}`,
      body: { Content: message.body, ContentType: 'text/plain' },
      schema: WireMessages,
      signal,
    });
    const me = await this.currentUser(signal).catch(() => undefined);
    return {
      id: `sent-${message.idempotencyKey}`, kind: 'message', at: new Date().toISOString(), ...(me ? { author: me } : {}),
      authorRole: 'agent', visibility: message.visibility, format: 'text', body: message.body, attachments: [],
    };
  }

  async updateTicket(id: string, change: TicketChange, signal?: AbortSignal): Promise<Ticket> {
    this.#recent.delete(id);
    const body: Record<string, unknown> = {};
    if (change.status) body.Status = TO_RT[change.status];
    if (change.priority) body.Priority = TO_RT_PRIORITY[change.priority];
    if (change.assigneeId !== undefined) body.Owner = change.assigneeId ?? 'Nobody';
    if (change.addTags?.length || change.removeTags?.length) {
      const current = customFieldMap((await this.#wireTicket(id, signal)).CustomFields)[this.config.tagsField] ?? [];
      const next = [...new Set([...current.filter((t) => !change.removeTags?.includes(t)), ...(change.addTags ?? [])])];
      body.CustomFields = { [this.config.tagsField]: next };
    }
    if (Object.keys(body).length) {
      // Setting fields to values is idempotent: safe to retry.
      await this.#http.request({ method: 'PUT', path: `/ticket/${id}`, endpoint: '/ticket/{id}', body, schema: WireMessages, signal, idempotent: true });
      this.#recent.delete(id);
    }
    return this.getTicket(id, signal);
  }

  /**
   * REST2 does not tell an agent who may own tickets (the OwnTicket right is not exposed, and
   * "Privileged" reads empty for non-admins), so the agents are the people who own tickets in the
   * configured queues, plus the signed-in user.
   */
  async listAgents(signal?: AbortSignal): Promise<readonly Person[]> {
    const query = `${buildTicketSql({}, { queues: this.config.queues, tagsField: this.config.tagsField })} AND Owner != 'Nobody'`;
    const res = await this.#http.request({ method: 'GET', path: '/tickets', endpoint: '/tickets (owners)', query: { query, per_page: PER_PAGE, orderby: 'LastUpdated', order: 'DESC', fields: 'Owner', 'fields[Owner]': 'Name,RealName,EmailAddress' }, schema: OwnersPage, signal });
    const people = new Map<string, Person>();
    const me = await this.currentUser(signal).catch(() => undefined);
    if (me) people.set(me.id, me);
    for (const item of res.data.items) {
      const o = item.Owner;
      if (o && typeof o === 'object' && o.Name && o.Name !== 'Nobody') people.set(o.Name, { id: o.Name, name: o.RealName || o.Name, ...(o.EmailAddress ? { email: o.EmailAddress } : {}) });
    }
    return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** RT lists the actions a user may take on a ticket as _hyperlinks: "correspond" means replies are allowed. */
  async canWrite(signal?: AbortSignal): Promise<boolean | undefined> {
    const page = await this.listTickets({}, { limit: 1 }, signal);
    const first = page.items[0];
    if (!first) return undefined;
    const res = await this.#http.request({ method: 'GET', path: `/ticket/${first.id}`, endpoint: '/ticket/{id}', schema: WireTicket, signal });
    return (res.data._hyperlinks ?? []).some((l) => l.ref === 'correspond' || l.ref === 'comment');
  }

  async recordDefectLink(id: string, defect: DefectReference, action: 'link' | 'unlink', signal?: AbortSignal): Promise<void> {
    this.#recent.delete(id);
    const current = customFieldMap((await this.#wireTicket(id, signal)).CustomFields)[this.config.defectField] ?? [];
    const next = action === 'link' ? [...new Set([...current, defect.id])] : current.filter((v) => v !== defect.id);
    await this.#http.request({
      method: 'PUT',
      path: `/ticket/${id}`,
      endpoint: '/ticket/{id}',
      body: { CustomFields: { [this.config.defectField]: next }, ...(defect.url ? { [action === 'link' ? 'AddRefersTo' : 'DeleteRefersTo']: [defect.url] } : {}) },
      schema: WireMessages,
      signal,
      idempotent: true,
    });
    this.#recent.delete(id);
  }
}
