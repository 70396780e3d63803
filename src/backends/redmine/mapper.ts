import type { Defect, DefectStage } from '../../core/model/defect';
import type { Priority } from '../../core/model/ticket';
import type { WireIssue } from './wire';

/** Redmine's default priorities are Low, Normal, High, Urgent, Immediate; custom names fall back by position words. */
export function mapPriority(name: string | undefined): Priority | undefined {
  const n = (name ?? '').toLowerCase();
  if (!n) return undefined;
  if (/immediate|urgent|critical|blocker/.test(n)) return 'urgent';
  if (/high|major/.test(n)) return 'high';
  if (/low|minor|trivial/.test(n)) return 'low';
  return 'normal';
}

export function mapStage(issue: WireIssue): DefectStage {
  if (issue.status.is_closed || issue.closed_on) return 'done';
  return /progress|review|feedback|testing|doing/i.test(issue.status.name ?? '') ? 'inProgress' : 'open';
}

function iso(value: string): string {
  const t = Date.parse(value);
  return Number.isNaN(t) ? new Date(0).toISOString() : new Date(t).toISOString();
}

export function mapIssue(issue: WireIssue, trackerId: string, baseUrl: string): Defect {
  const priority = mapPriority(issue.priority.name);
  return {
    trackerId,
    id: String(issue.id),
    key: `#${issue.id}`,
    title: issue.subject,
    status: issue.status.name ?? `status ${issue.status.id}`,
    stage: mapStage(issue),
    ...(priority ? { priority } : {}),
    ...(issue.assigned_to ? { assignee: { id: String(issue.assigned_to.id), name: issue.assigned_to.name ?? `user ${issue.assigned_to.id}` } } : {}),
    ...(issue.category?.name ? { productArea: issue.category.name } : {}),
    createdAt: iso(issue.created_on),
    updatedAt: iso(issue.updated_on),
    url: `${baseUrl.replace(/\/+$/, '')}/issues/${issue.id}`,
  };
}

/**
 * The values of the ticket-links custom field: a multiple-value field gives a list; a single text
 * field is read as a list separated by commas, semicolons or line breaks (how teams fill it by hand).
 */
export function customFieldValues(issue: WireIssue, fieldId: number): string[] {
  const field = issue.custom_fields?.find((f) => f.id === fieldId);
  const value = field?.value;
  const values = Array.isArray(value) ? value : value ? value.split(/[,;\n\r]+/) : [];
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

/** Whether a stored link value means this ticket: its web address, or its bare number. */
export function matchesTicket(value: string, ticket: { ticketId: string; url?: string }, linkValue: string): boolean {
  const v = value.trim().replace(/^#/, '');
  return v === linkValue || v === ticket.ticketId || (!!ticket.url && v === ticket.url);
}

export function isMultiple(issue: WireIssue, fieldId: number): boolean {
  return !!issue.custom_fields?.find((f) => f.id === fieldId)?.multiple;
}
