import * as z from 'zod';
import { CaselinkError } from '../../core/errors';
import type { ConnectionInfo, RedmineConnectionConfig } from '../../core/model/connection';
import type { Defect, DefectLink } from '../../core/model/defect';
import type { Logger } from '../../core/ports/logger';
import type { SecretStore } from '../../core/ports/secrets';
import { ticketLinkValue, type DefectTracker, type LinkedDefect, type NewDefect, type TicketRef } from '../../core/ports/defectTracker';
import type { Priority } from '../../core/model/ticket';
import { HttpClient, type HttpClientOptions } from '../http/httpClient';
import { customFieldValues, isMultiple, mapIssue, matchesTicket } from './mapper';
import { WireIssue, WireIssueList, WireIssueOne, WireNoContent, WireProject } from './wire';
import { missingSecret } from '../http/auth';

const PAGE = 100;

/**
 * Redmine as the defect tracker. Ticket links live in a multiple-value issue custom field
 * (default "Support Tickets") holding each ticket's web address, so the link means the same to
 * every user of the tracker and is filterable server-side (cf_<id>=<url>).
 */
export class RedmineTracker implements DefectTracker {
  readonly info: ConnectionInfo;
  readonly #http: HttpClient;
  #project: Promise<z.infer<typeof WireProject>['project']> | undefined;

  readonly #log: Logger;

  constructor(
    private readonly config: RedmineConnectionConfig,
    secrets: SecretStore,
    log: Logger,
    httpOverrides: Partial<HttpClientOptions> = {},
  ) {
    this.#log = log;
    this.info = { id: config.id, kind: 'redmine', label: config.label ?? `Redmine (${config.id})` };
    this.#http = new HttpClient({
      label: this.info.label,
      baseUrl: config.url,
      log,
      authHeaders: async () => {
        const key = await secrets.get(config.id);
        if (!key) throw missingSecret(this.info, 'API key (My account > API access key)');
        return { 'X-Redmine-API-Key': key };
      },
      ...httpOverrides,
    });
  }

  async #projectInfo(signal?: AbortSignal) {
    this.#project ??= this.#http
      .request({ method: 'GET', path: `/projects/${encodeURIComponent(this.config.project)}.json`, endpoint: '/projects/{project}.json', query: { include: 'trackers,issue_categories,issue_custom_fields' }, schema: WireProject, signal })
      .then((r) => r.data.project)
      .catch((err) => {
        this.#project = undefined;
        if (err instanceof CaselinkError && err.reason === 'notFound') {
          throw new CaselinkError('config', `${this.info.label} has no project "${this.config.project}" this account can see. Check the "project" of connection "${this.config.id}" (the identifier from the project's URL).`);
        }
        throw err;
      });
    return this.#project;
  }

  async #ticketFieldId(signal?: AbortSignal): Promise<number> {
    const project = await this.#projectInfo(signal);
    const field = project.issue_custom_fields?.find((f) => f.name?.toLowerCase() === this.config.ticketField.toLowerCase());
    if (!field) {
      throw new CaselinkError('config', `${this.info.label}: project "${project.identifier}" has no issue custom field "${this.config.ticketField}". An administrator can add a text field with "Multiple values" on, enabled for this project, or set "ticketField" of connection "${this.config.id}" to an existing one.`);
    }
    return field.id;
  }

  async #trackerIds(signal?: AbortSignal): Promise<string | undefined> {
    if (!this.config.trackers?.length) return undefined;
    const project = await this.#projectInfo(signal);
    const wanted = this.config.trackers.map((t) => t.toLowerCase());
    const ids = (project.trackers ?? []).filter((t) => wanted.includes((t.name ?? '').toLowerCase())).map((t) => t.id);
    return ids.length ? ids.join('|') : undefined;
  }

  #map = (issue: WireIssue): Defect => mapIssue(issue, this.info.id, this.config.url);

  async getDefects(ids: readonly string[], signal?: AbortSignal): Promise<readonly Defect[]> {
    const numeric = [...new Set(ids.filter((id) => /^\d+$/.test(id)))];
    const out: Defect[] = [];
    for (let i = 0; i < numeric.length; i += PAGE) {
      const chunk = numeric.slice(i, i + PAGE);
      const res = await this.#http.request({ method: 'GET', path: '/issues.json', query: { issue_id: chunk.join(','), status_id: '*', limit: PAGE }, schema: WireIssueList, signal });
      out.push(...res.data.issues.map(this.#map));
    }
    return out;
  }

  async searchDefects(text: string, limit: number, signal?: AbortSignal): Promise<readonly Defect[]> {
    const trimmed = text.trim();
    const byId = /^#?(\d+)$/.exec(trimmed);
    if (byId) return this.getDefects([byId[1]], signal);
    const res = await this.#http.request({
      method: 'GET',
      path: '/issues.json',
      query: {
        project_id: this.config.project,
        status_id: '*',
        tracker_id: await this.#trackerIds(signal),
        ...(trimmed ? { subject: `~${trimmed}` } : {}),
        sort: 'updated_on:desc',
        limit: Math.min(limit, PAGE),
      },
      schema: WireIssueList,
      signal,
    });
    return res.data.issues.map(this.#map);
  }

  /**
   * Issues whose ticket field is set (`cf_N=*`), or contains `needle` (`cf_N=~needle`), over every
   * page. Matching is then exact, on the client: Redmine's "contains" would match 1 inside 11.
   */
  async #linkedIssues(needle: string | undefined, signal?: AbortSignal): Promise<{ fieldId: number; issues: WireIssue[] }> {
    const fieldId = await this.#ticketFieldId(signal);
    const issues: WireIssue[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const res = await this.#http.request({
        method: 'GET',
        path: '/issues.json',
        query: { project_id: this.config.project, status_id: '*', [`cf_${fieldId}`]: needle ? `~${needle}` : '*', offset, limit: PAGE },
        schema: WireIssueList,
        signal,
      });
      issues.push(...res.data.issues);
      if (res.data.issues.length < PAGE || (res.data.total_count !== undefined && offset + PAGE >= res.data.total_count)) break;
    }
    return { fieldId, issues };
  }

  async linksForTickets(tickets: readonly TicketRef[], signal?: AbortSignal): Promise<readonly DefectLink[]> {
    if (!tickets.length) return [];
    const { fieldId, issues } = await this.#linkedIssues(tickets.length === 1 ? tickets[0].ticketId : undefined, signal);
    return issues.flatMap((issue) => {
      const values = customFieldValues(issue, fieldId);
      return tickets
        .filter((t) => values.some((v) => matchesTicket(v, t, ticketLinkValue(t))))
        .map((t) => ({ ticketConnectionId: t.connectionId, ticketId: t.ticketId, trackerId: this.info.id, defectId: String(issue.id) }));
    });
  }

  async linksForDefect(defectId: string, signal?: AbortSignal): Promise<readonly DefectLink[]> {
    const [issue, fieldId] = await Promise.all([this.#issue(defectId, signal), this.#ticketFieldId(signal)]);
    // The tracker knows tickets by web address or number; which connection they belong to is the caller's business.
    return customFieldValues(issue, fieldId).map((value) => ({ ticketConnectionId: '', ticketId: value, trackerId: this.info.id, defectId }));
  }

  async linkedDefects(ticket: TicketRef, signal?: AbortSignal): Promise<readonly LinkedDefect[]> {
    const { fieldId, issues } = await this.#linkedIssues(ticket.ticketId, signal);
    const value = ticketLinkValue(ticket);
    return issues
      .filter((issue) => customFieldValues(issue, fieldId).some((v) => matchesTicket(v, ticket, value)))
      .map((issue) => ({ defectId: String(issue.id), defect: this.#map(issue), linkedTickets: customFieldValues(issue, fieldId).length }));
  }

  async #issue(defectId: string, signal?: AbortSignal): Promise<WireIssue> {
    if (!/^\d+$/.test(defectId)) throw new CaselinkError('notFound', `${this.info.label}: "${defectId}" is not an issue number.`);
    const res = await this.#http.request({ method: 'GET', path: `/issues/${defectId}.json`, endpoint: '/issues/{id}.json', schema: WireIssueOne, signal });
    return res.data.issue;
  }

  #priorities: Promise<Array<{ id: number; name?: string; is_default?: boolean }>> | undefined;

  async #priorityId(priority: Priority | undefined, signal?: AbortSignal): Promise<number | undefined> {
    if (!priority) return undefined;
    this.#priorities ??= this.#http
      .request({ method: 'GET', path: '/enumerations/issue_priorities.json', schema: z.object({ issue_priorities: z.array(z.object({ id: z.number(), name: z.string().optional(), is_default: z.boolean().optional() }).loose()) }).loose(), signal })
      .then((r) => r.data.issue_priorities);
    const list = await this.#priorities;
    const wanted: Record<Priority, RegExp> = { urgent: /urgent|immediate/i, high: /high/i, normal: /normal/i, low: /low/i };
    return list.find((p) => wanted[priority].test(p.name ?? ''))?.id;
  }

  async createDefect(input: NewDefect, signal?: AbortSignal): Promise<Defect> {
    const project = await this.#projectInfo(signal);
    const byName = <T extends { id: number; name?: string }>(list: T[] | undefined, name: string | undefined) =>
      name ? list?.find((x) => x.name?.toLowerCase() === name.toLowerCase())?.id : undefined;
    const trackerId = byName(project.trackers, input.tracker) ?? byName(project.trackers, this.config.trackers?.[0]);
    const categoryId = byName(project.issue_categories, input.productArea);
    const fieldId = input.ticket ? await this.#ticketFieldId(signal) : undefined;
    const ticketValue = input.ticket ? (this.config.ticketLinkFormat === 'id' ? input.ticket.ticketId : ticketLinkValue(input.ticket)) : undefined;
    // A "Customer Impact" (or "Severity") field, when the project has one, gets the severity.
    const impactField = input.severity ? project.issue_custom_fields?.find((f) => /customer impact|severity/i.test(f.name ?? '')) : undefined;
    const IMPACT: Record<string, string> = { critical: 'Blocker', major: 'High', minor: 'Medium', cosmetic: 'Low' };
    const priorityId = await this.#priorityId(input.priority, signal);
    const post = (withImpact: boolean) =>
      this.#http.request({
        method: 'POST',
        path: '/issues.json',
        body: {
          issue: {
            project_id: project.id,
            subject: input.title,
            description: input.description,
            ...(trackerId ? { tracker_id: trackerId } : {}),
            ...(categoryId ? { category_id: categoryId } : {}),
            ...(priorityId ? { priority_id: priorityId } : {}),
            custom_fields: [
              ...(fieldId && ticketValue ? [{ id: fieldId, value: ticketValue }] : []),
              ...(withImpact && impactField && input.severity ? [{ id: impactField.id, value: IMPACT[input.severity] }] : []),
            ],
          },
        },
        schema: WireIssueOne,
        signal,
      });
    let res;
    try {
      res = await post(true);
    } catch (err) {
      // A field whose allowed values differ from ours must not stop the record from being filed:
      // Redmine refused the whole request (422), so nothing was created; file it without that field.
      if (!(impactField && err instanceof CaselinkError && err.reason === 'conflict')) throw err;
      this.#log.warn(`${this.info.label} refused "${impactField.name}" = ${IMPACT[input.severity!]} (${err.message}); filing without it.`);
      res = await post(false);
    }
    return this.#map(res.data.issue);
  }

  async findByMarker(marker: string, signal?: AbortSignal): Promise<Defect | undefined> {
    if (!/^[\w-]{8,100}$/.test(marker)) throw new CaselinkError('internal', 'A marker is letters, digits and dashes.');
    const res = await this.#http.request({
      method: 'GET',
      path: '/issues.json',
      query: { project_id: this.config.project, status_id: '*', description: `~${marker}`, limit: 5 },
      schema: WireIssueList,
      signal,
    });
    const hit = res.data.issues.find((i) => (i.description ?? '').includes(marker));
    return hit ? this.#map(hit) : undefined;
  }

  async addComment(defectId: string, body: string, signal?: AbortSignal): Promise<void> {
    await this.#issue(defectId, signal);
    await this.#http.request({ method: 'PUT', path: `/issues/${defectId}.json`, endpoint: '/issues/{id}.json', body: { issue: { notes: body } }, schema: WireNoContent, signal });
  }

  async updateDescription(defectId: string, description: string, signal?: AbortSignal): Promise<void> {
    if (!/^\d+$/.test(defectId)) throw new CaselinkError('notFound', `${this.info.label}: "${defectId}" is not an issue number.`);
    await this.#http.request({
      method: 'PUT',
      path: `/issues/${defectId}.json`,
      endpoint: '/issues/{id}.json',
      // Writing the same description twice leaves the same issue, so this PUT may be retried.
      idempotent: true,
      body: { issue: { description } },
      schema: WireNoContent,
      signal,
    });
  }

  async getDefectText(defectId: string, signal?: AbortSignal): Promise<{ description: string; comments: readonly string[] }> {
    if (!/^\d+$/.test(defectId)) throw new CaselinkError('notFound', `${this.info.label}: "${defectId}" is not an issue number.`);
    const res = await this.#http.request({
      method: 'GET',
      path: `/issues/${defectId}.json`,
      endpoint: '/issues/{id}.json?include=journals',
      query: { include: 'journals' },
      schema: z.object({ issue: WireIssue.extend({ journals: z.array(z.object({ notes: z.string().nullish(), private_notes: z.boolean().optional() }).loose()).optional() }) }).loose(),
      signal,
    });
    return { description: res.data.issue.description ?? '', comments: (res.data.issue.journals ?? []).map((j) => j.notes ?? '').filter(Boolean) };
  }

  /** Redmine lists the statuses the user may move an issue to; none means read-only. */
  async canWrite(signal?: AbortSignal): Promise<boolean | undefined> {
    const [first] = await this.searchDefects('', 1, signal);
    if (!first) return undefined;
    const res = await this.#http.request({ method: 'GET', path: `/issues/${first.id}.json`, endpoint: '/issues/{id}.json', query: { include: 'allowed_statuses' }, schema: z.object({ issue: z.object({ allowed_statuses: z.array(z.unknown()).optional() }).loose() }).loose(), signal });
    const allowed = res.data.issue.allowed_statuses;
    return allowed === undefined ? undefined : allowed.length > 0;
  }

  async link(ticket: TicketRef, defectId: string, signal?: AbortSignal): Promise<void> {
    await this.#changeLinks(ticket, defectId, 'add', signal);
  }

  async unlink(ticket: TicketRef, defectId: string, signal?: AbortSignal): Promise<void> {
    await this.#changeLinks(ticket, defectId, 'remove', signal);
  }

  async #changeLinks(ticket: TicketRef, defectId: string, change: 'add' | 'remove', signal?: AbortSignal): Promise<void> {
    const [issue, fieldId] = await Promise.all([this.#issue(defectId, signal), this.#ticketFieldId(signal)]);
    const value = this.config.ticketLinkFormat === 'id' ? ticket.ticketId : ticketLinkValue(ticket);
    const values = customFieldValues(issue, fieldId);
    const has = values.some((v) => matchesTicket(v, ticket, ticketLinkValue(ticket)));
    if ((change === 'add' && has) || (change === 'remove' && !has)) return; // idempotent
    const next = change === 'add' ? [...values, value] : values.filter((v) => !matchesTicket(v, ticket, ticketLinkValue(ticket)));
    const multiple = isMultiple(issue, fieldId);
    await this.#http.request({
      method: 'PUT',
      path: `/issues/${defectId}.json`,
      endpoint: '/issues/{id}.json',
      // Setting the field to the same list twice is harmless, so this PUT may be retried.
      idempotent: true,
      body: {
        issue: {
          custom_fields: [{ id: fieldId, value: multiple ? (next.length ? next : ['']) : next.join(', ') }],
          notes: change === 'add' ? `Customer case linked from Caselink: ${value}` : `Customer case unlinked in Caselink: ${value}`,
        },
      },
      schema: WireNoContent,
      signal,
    }).catch((err) => {
      if (err instanceof CaselinkError && err.reason === 'conflict' && this.config.ticketLinkFormat === 'url') {
        throw new CaselinkError('conflict', `${err.message} If the "${this.config.ticketField}" field only accepts ticket numbers, set "ticketLinkFormat": "id" for connection "${this.config.id}".`);
      }
      throw err;
    });
  }
}
