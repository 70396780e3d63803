import type { TicketFilter } from '../../core/model/queue';
import { TO_RT, TO_RT_PRIORITY } from './mapper';

/** A TicketSQL string literal: RT escapes quotes and backslashes with a backslash. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const anyOf = (parts: string[]) => (parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`);

/**
 * The queue's filter as TicketSQL, so RT filters server-side. Criteria RT cannot express (due state,
 * organisation) are left to the queue model, which applies the whole filter again on what arrives.
 */
export function buildTicketSql(filter: TicketFilter, options: { queues: readonly string[]; query?: string; tagsField: string }): string {
  const clauses: string[] = [];
  if (options.queues.length) clauses.push(anyOf(options.queues.map((q) => `Queue = ${quote(q)}`)));
  if (options.query?.trim()) clauses.push(`(${options.query.trim()})`);
  if (filter.status?.length) clauses.push(anyOf([...new Set(filter.status.map((s) => TO_RT[s]))].map((s) => `Status = ${quote(s)}`)));
  if (filter.priority?.length) {
    const bands: Record<string, string> = { urgent: 'Priority >= 90', high: '(Priority >= 60 AND Priority < 90)', normal: '(Priority >= 25 AND Priority < 60)', low: 'Priority < 25' };
    clauses.push(anyOf(filter.priority.map((p) => bands[p] ?? `Priority = ${TO_RT_PRIORITY[p]}`)));
  }
  if (filter.assignee) {
    const a = filter.assignee.toLowerCase();
    clauses.push(a === 'me' ? "Owner = '__CurrentUser__'" : a === 'unassigned' ? "Owner = 'Nobody'" : `Owner = ${quote(filter.assignee)}`);
  }
  if (filter.tag?.length) clauses.push(anyOf(filter.tag.map((t) => `CF.{${options.tagsField}} = ${quote(t)}`)));
  for (const word of (filter.text ?? '').split(/\s+/).filter(Boolean)) {
    // Words may match the subject or (for "#123" / "123") the id; other fields are matched locally.
    const id = /^#?(\d+)$/.exec(word)?.[1];
    clauses.push(id ? `(id = ${id} OR Subject LIKE ${quote(word)})` : `Subject LIKE ${quote(word)}`);
  }
  return clauses.length ? clauses.join(' AND ') : "Status != 'deleted'";
}
