import type { Attachment, HistoryEvent } from '../../core/model/history';
import type { CustomFieldValue, Person, Priority, Ticket, TicketStatus } from '../../core/model/ticket';
import type { WireAttachment, WireRef, WireTicket, WireTransaction } from './wire';

/** RT's default lifecycle onto Caselink's statuses; custom lifecycles' statuses count as open. */
const FROM_RT: Record<string, TicketStatus> = { new: 'new', open: 'open', stalled: 'pending', resolved: 'solved', rejected: 'closed', deleted: 'closed' };
export const TO_RT: Record<TicketStatus, string> = { new: 'new', open: 'open', pending: 'stalled', hold: 'stalled', solved: 'resolved', closed: 'rejected' };

export function mapStatus(rt: string): TicketStatus {
  return FROM_RT[rt.toLowerCase()] ?? 'open';
}

/** RT priorities are 0-99 (or named in RT 5 "PriorityAsString" setups); thresholds follow RT's Low/Medium/High. */
export function mapPriority(value: string | null | undefined): Priority {
  const named = (value ?? '').toLowerCase();
  if (named === 'high') return 'high';
  if (named === 'low') return 'low';
  if (named === 'medium') return 'normal';
  const n = Number(value);
  if (!Number.isFinite(n)) return 'normal';
  if (n >= 90) return 'urgent';
  if (n >= 60) return 'high';
  if (n >= 25) return 'normal';
  return 'low';
}
export const TO_RT_PRIORITY: Record<Priority, number> = { urgent: 95, high: 70, normal: 50, low: 10 };

function iso(value: string | null | undefined): string | undefined {
  if (!value || value.startsWith('1970-01-01')) return undefined; // RT's "not set"
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function person(ref: WireRef | string | null | undefined): Person | undefined {
  if (!ref) return undefined;
  if (typeof ref === 'string') return ref === 'Nobody' ? undefined : { id: ref, name: ref };
  const id = ref.Name ?? ref.id;
  if (id === 'Nobody' || ref.id === '6') return undefined; // RT's Nobody user (id 6 in a stock install)
  return { id, name: ref.RealName || ref.Name || ref.EmailAddress || id, ...(ref.EmailAddress ? { email: ref.EmailAddress } : {}) };
}

export function customFieldMap(cfs: WireTicket['CustomFields']): Record<string, string[]> {
  if (!cfs) return {};
  if (Array.isArray(cfs)) return Object.fromEntries(cfs.map((cf) => [cf.name, (cf.values ?? []).filter((v) => v !== '')]));
  return Object.fromEntries(Object.entries(cfs).map(([k, v]) => [k, (Array.isArray(v) ? v : v ? [v] : []).filter((x) => x !== '')]));
}

export interface RtMapOptions {
  readonly connectionId: string;
  readonly baseUrl: string;
  readonly tagsField: string;
  readonly defectField: string;
}

export function mapTicket(t: WireTicket, o: RtMapOptions): Ticket {
  const cfs = customFieldMap(t.CustomFields);
  const requestors = (t.Requestor ?? []).map((r) => person(r)).filter((p): p is Person => !!p);
  const firstRequestor = (t.Requestor ?? [])[0];
  const orgName = typeof firstRequestor === 'object' && firstRequestor?.Organization ? firstRequestor.Organization : undefined;
  const customFields: Record<string, CustomFieldValue> = {};
  for (const [name, values] of Object.entries(cfs)) {
    if (name === o.tagsField || name === o.defectField) continue;
    customFields[name] = values.length === 0 ? null : values.length === 1 ? values[0] : values;
  }
  const queue = typeof t.Queue === 'object' && t.Queue ? t.Queue.Name ?? undefined : typeof t.Queue === 'string' ? t.Queue : undefined;
  if (!FROM_RT[t.Status.toLowerCase()]) customFields['RT status'] = t.Status;
  const created = iso(t.Created) ?? new Date(0).toISOString();
  const assignee = person(t.Owner);
  const due = iso(t.Due);
  const status = mapStatus(t.Status);
  // RT's Started is set when the ticket first leaves "new" (a reply, a take, a status change): the
  // first time it was worked on, the closest RT comes to a first response. Resolved is kept after
  // a reopen, so it counts only while the ticket is solved or closed.
  const started = iso(t.Started);
  const resolved = status === 'solved' || status === 'closed' ? iso(t.Resolved) : undefined;
  return {
    connectionId: o.connectionId,
    id: t.id,
    key: `RT-${t.id}`,
    subject: t.Subject ?? '',
    status,
    priority: mapPriority(t.Priority),
    requester: requestors[0] ?? { id: 'unknown', name: '(no requestor)' },
    ...(orgName ? { organization: { id: orgName, name: orgName } } : {}),
    ...(assignee ? { assignee } : {}),
    ...(queue ? { group: queue } : {}),
    tags: cfs[o.tagsField] ?? [],
    customFields,
    createdAt: created,
    updatedAt: iso(t.LastUpdated) ?? created,
    ...(due ? { dueAt: due } : {}),
    ...(started ? { firstResponseAt: started } : {}),
    ...(resolved ? { solvedAt: resolved } : {}),
    url: `${o.baseUrl.replace(/\/+$/, '')}/Ticket/Display.html?id=${t.id}`,
  };
}

/** The linked defect ids a ticket carries in its defect custom field. */
export function defectIdsOf(t: WireTicket, defectField: string): string[] {
  return customFieldMap(t.CustomFields)[defectField] ?? [];
}

const HIDDEN = new Set(['EmailRecord', 'CommentEmailRecord', 'SystemError', 'Forward Transaction', 'Forward Ticket']);

function txnIdOf(a: WireAttachment): string | undefined {
  const t = a.TransactionId;
  return t === null || t === undefined ? undefined : typeof t === 'object' ? t.id : t;
}

/**
 * RT keeps message bodies on attachments, not on transactions: the history is the transactions
 * with their text parts (plain preferred, HTML otherwise) and files joined in by TransactionId.
 */
export function mapHistory(txns: readonly WireTransaction[], attachments: readonly WireAttachment[], ticket: Ticket, o: RtMapOptions): HistoryEvent[] {
  const byTxn = new Map<string, WireAttachment[]>();
  for (const a of attachments) {
    const id = txnIdOf(a);
    if (id) byTxn.set(id, [...(byTxn.get(id) ?? []), a]);
  }
  const requesterEmails = new Set([ticket.requester.email?.toLowerCase(), ticket.requester.id.toLowerCase()].filter(Boolean) as string[]);
  const events: HistoryEvent[] = [];
  for (const t of txns) {
    if (HIDDEN.has(t.Type)) continue;
    const at = iso(t.Created) ?? ticket.createdAt;
    const author = person(t.Creator) ?? (typeof t.Creator === 'string' ? { id: t.Creator, name: t.Creator } : undefined);
    const base = { id: `txn-${t.id}`, at, ...(author ? { author } : {}) };
    switch (t.Type) {
      case 'Create':
      case 'Correspond':
      case 'Comment': {
        const parts = byTxn.get(t.id) ?? [];
        const plain = parts.find((p) => /^text\/plain/i.test(p.ContentType ?? '') && !p.Filename && p.Content);
        const html = parts.find((p) => /^text\/html/i.test(p.ContentType ?? '') && !p.Filename && p.Content);
        const body = plain ?? html;
        const files: Attachment[] = parts
          .filter((p) => p.Filename)
          .map((p) => ({
            id: p.id,
            name: p.Filename!,
            ...(p.ContentLength !== undefined && p.ContentLength !== null && Number.isFinite(Number(p.ContentLength)) ? { size: Number(p.ContentLength) } : {}),
            ...(p.ContentType ? { contentType: p.ContentType } : {}),
            url: `${o.baseUrl.replace(/\/+$/, '')}/Ticket/Attachment/${t.id}/${p.id}/${encodeURIComponent(p.Filename!)}`,
          }));
        const creatorKey = (author?.email ?? author?.id ?? '').toLowerCase();
        const isCustomer = requesterEmails.has(creatorKey) || (typeof t.Creator === 'object' && t.Creator?.EmailAddress ? requesterEmails.has(t.Creator.EmailAddress.toLowerCase()) : false);
        events.push({
          ...base,
          kind: 'message',
          visibility: t.Type === 'Comment' ? 'internal' : 'public',
          authorRole: isCustomer ? 'customer' : author ? 'agent' : 'system',
          body: body?.Content ?? '',
          format: body === html && html ? 'html' : 'text',
          attachments: files,
        });
        break;
      }
      case 'Status':
        events.push({ ...base, kind: 'change', field: 'status', ...(t.OldValue ? { from: mapStatus(t.OldValue) } : {}), ...(t.NewValue ? { to: mapStatus(t.NewValue) } : {}) });
        break;
      case 'Set':
      case 'Take':
      case 'Untake':
      case 'Steal':
      case 'Give': {
        const field = t.Field === 'Owner' || t.Type !== 'Set' ? 'assignee' : (t.Field ?? 'field').toLowerCase();
        const fmt = (v: string | null | undefined) => (v === null || v === undefined ? undefined : field === 'priority' ? mapPriority(v) : field === 'assignee' ? `user ${v}` : v);
        events.push({ ...base, kind: 'change', field, ...(fmt(t.OldValue) ? { from: fmt(t.OldValue) } : {}), ...(fmt(t.NewValue) ? { to: fmt(t.NewValue) } : {}) });
        break;
      }
      case 'CustomField':
        events.push({ ...base, kind: 'change', field: 'custom field', ...(t.OldValue ? { from: t.OldValue } : {}), ...(t.NewValue ? { to: t.NewValue } : {}) });
        break;
      default:
        events.push({ ...base, kind: 'other', description: `${t.Type}${t.Field ? ` ${t.Field}` : ''}${t.NewValue ? `: ${t.NewValue}` : ''}` });
    }
  }
  return events;
}
