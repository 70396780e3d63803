import type { Evidence, FeedbackDraft, FeedbackKind, FeedbackTicketRef, Severity } from '../model/feedback';
import type { HistoryEvent } from '../model/history';
import type { Priority, Ticket } from '../model/ticket';
import { productAreaOf } from './productArea';

export interface PrefillInput {
  readonly ticket: Ticket;
  readonly history: readonly HistoryEvent[];
  /** History entries the user picked as quotes; otherwise the customer's first and latest words. */
  readonly selectedEventIds?: readonly string[];
  /** Text the user selected in the case: becomes the first quote. */
  readonly selectedText?: string;
  readonly selectedTextEventId?: string;
}

/** The fields of the form, in order, for "what share was prefilled" and for the form itself. */
export const DRAFT_FIELDS = [
  'title', 'productArea', 'kind', 'problem', 'steps', 'expected', 'actual', 'environment', 'workaround', 'severity', 'customerImpact', 'tags', 'evidence', 'customers', 'sources',
] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];

export interface Prefill {
  readonly draft: FeedbackDraft;
  /** Fields filled from the case (the rest wait for the engineer). */
  readonly prefilled: readonly DraftField[];
}

const SEVERITY_BY_PRIORITY: Record<Priority, Severity> = { urgent: 'critical', high: 'major', normal: 'minor', low: 'cosmetic' };
const ENV_FIELDS = /version|platform|browser|\bos\b|operating|region|environment|device|plan/i;
const QUOTE_MAX = 600;
/** A selection is the user's own choice of words: kept whole, up to the Evidence schema's limit. */
const SELECTION_QUOTE_MAX = 4000;

function plain(body: string, format: string): string {
  const text = format === 'html' ? body.replace(/<(br|\/p|\/div|\/li)\s*\/?>/gi, '\n').replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : body;
  return text.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

function severityOf(t: Ticket): Severity {
  // A helpdesk severity field wins over the ticket priority ("S1 - Critical", "Major").
  const field = Object.entries(t.customFields).find(([k]) => /severity/i.test(k))?.[1];
  const s = typeof field === 'string' ? field.toLowerCase() : '';
  if (/s1|critical|blocker/.test(s)) return 'critical';
  if (/s2|major|high/.test(s)) return 'major';
  if (/s3|minor|medium/.test(s)) return 'minor';
  if (/s4|cosmetic|trivial|low/.test(s)) return 'cosmetic';
  return SEVERITY_BY_PRIORITY[t.priority];
}

function kindOf(t: Ticket, area: string): FeedbackKind {
  const tags = new Set(t.tags.map((x) => x.toLowerCase()));
  if (tags.has('feature-request') || tags.has('feature')) return 'missingCapability';
  if (tags.has('performance') || /performance|speed|slow/i.test(area)) return 'performance';
  if (tags.has('how-to') || tags.has('documentation') || tags.has('docs')) return 'documentation';
  if (tags.has('usability') || tags.has('ux')) return 'usability';
  return 'defect';
}

export function ticketRefOf(t: Ticket): FeedbackTicketRef {
  return { connectionId: t.connectionId, ticketId: t.id, key: t.key, ...(t.url ? { url: t.url } : {}) };
}

/**
 * A feedback draft from a case, so that most records only need a review: title from the subject,
 * area and environment from custom fields or tags, severity from a severity field or the priority,
 * the problem in the customer's first words, quotes from chosen entries, the organisation as the
 * affected customer. Nothing is invented: fields the case cannot fill stay empty.
 */
export function prefillFromCase(input: PrefillInput): Prefill {
  const { ticket: t, history } = input;
  const messages = history.filter((e): e is Extract<HistoryEvent, { kind: 'message' }> => e.kind === 'message');
  const customer = messages.filter((m) => m.authorRole === 'customer' && m.visibility === 'public');
  const productArea = productAreaOf(t) ?? '';
  const environment = Object.entries(t.customFields)
    .filter(([k, v]) => ENV_FIELDS.test(k) && v !== null && v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('\n');
  const workaroundReply = messages.find((m) => m.authorRole === 'agent' && m.visibility === 'public' && /workaround/i.test(m.body));
  const workaround = workaroundReply ? clip(plain(workaroundReply.body, workaroundReply.format).split(/\n+/).find((l) => /workaround/i.test(l)) ?? '', 600) : '';
  const ref = ticketRefOf(t);
  const quoteOf = (m: Extract<HistoryEvent, { kind: 'message' }>, text?: string): Evidence => ({
    ticket: ref,
    eventId: m.id,
    at: m.at,
    ...(m.author?.name ? { author: m.author.name } : {}),
    quote: clip(text ?? plain(m.body, m.format), QUOTE_MAX),
  });
  const evidence: Evidence[] = [];
  if (input.selectedText?.trim()) {
    const source = messages.find((m) => m.id === input.selectedTextEventId) ?? customer[0] ?? messages[0];
    if (source) evidence.push({ ...quoteOf(source), quote: clip(input.selectedText.trim(), SELECTION_QUOTE_MAX) });
  }
  const chosen = input.selectedEventIds?.length
    ? messages.filter((m) => input.selectedEventIds!.includes(m.id))
    : [customer[0], customer.length > 1 ? customer[customer.length - 1] : undefined].filter((m): m is Extract<HistoryEvent, { kind: 'message' }> => !!m);
  for (const m of chosen) if (!evidence.some((e) => e.eventId === m.id)) evidence.push(quoteOf(m));
  const firstWords = customer[0] ?? messages.find((m) => m.visibility === 'public' && m.body.trim());
  const org = t.organization;
  const customerImpact = org ? `${org.name}${org.tier ? ` (${org.tier}${org.arr !== undefined ? `, ARR ${org.arr.toLocaleString('en-US')}` : ''})` : ''} is affected.` : '';
  const draft: FeedbackDraft = {
    title: t.subject.replace(/^\s*((re|fwd?|aw|wg)\s*:\s*)+/i, '').trim(),
    productArea,
    kind: kindOf(t, productArea),
    // The customer's first words; for a ticket an agent opened on their behalf, its first message.
    problem: firstWords ? clip(plain(firstWords.body, firstWords.format), 1500) : '',
    steps: '',
    expected: '',
    actual: '',
    environment,
    workaround,
    severity: severityOf(t),
    customerImpact,
    tags: [...t.tags],
    evidence,
    customers: org ? [{ organization: org.name, ...(org.tier ? { tier: org.tier } : {}), ...(org.arr !== undefined ? { arr: org.arr } : {}) }] : [],
    sources: [ref],
  };
  const filled = (field: DraftField): boolean => {
    const v = draft[field];
    return Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.trim().length > 0 : v !== undefined;
  };
  return { draft, prefilled: DRAFT_FIELDS.filter(filled) };
}

/** A quote of text selected in one message of the case; undefined when that entry is not a message of it. */
export function selectionQuote(ticket: Ticket, history: readonly HistoryEvent[], selection: { readonly eventId: string; readonly text: string }): Evidence | undefined {
  const m = history.find((e): e is Extract<HistoryEvent, { kind: 'message' }> => e.kind === 'message' && e.id === selection.eventId);
  const text = selection.text.trim();
  if (!m || !text) return undefined;
  return { ticket: ticketRefOf(ticket), eventId: m.id, at: m.at, ...(m.author?.name ? { author: m.author.name } : {}), quote: clip(text, SELECTION_QUOTE_MAX) };
}

/**
 * The evidence with `quote` added at the end, unless the same words from the same entry are
 * already there (then the same array comes back): filing twice from one selection adds it once.
 */
export function withQuote<E extends Evidence>(evidence: readonly E[], quote: E): readonly E[] {
  const same = (e: Evidence) => e.ticket.connectionId === quote.ticket.connectionId && e.ticket.ticketId === quote.ticket.ticketId && e.eventId === quote.eventId && e.quote.trim() === quote.quote.trim();
  return evidence.some(same) ? evidence : [...evidence, quote];
}

/** Every field of a draft present (empty where the case had nothing), as the form edits it. */
export function completeDraft(d: FeedbackDraft) {
  return {
    title: d.title ?? '', productArea: d.productArea ?? '', kind: d.kind, problem: d.problem ?? '', steps: d.steps ?? '', expected: d.expected ?? '', actual: d.actual ?? '',
    environment: d.environment ?? '', workaround: d.workaround ?? '', ...(d.workaroundAccepted !== undefined ? { workaroundAccepted: d.workaroundAccepted } : {}),
    severity: d.severity, customerImpact: d.customerImpact ?? '', tags: [...(d.tags ?? [])], evidence: [...(d.evidence ?? [])], customers: [...(d.customers ?? [])], sources: [...d.sources],
  };
}
