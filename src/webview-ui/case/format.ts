import type { DefectStage } from '../../core/model/defect';
import type { CustomFieldValue, OrgTier, Priority, TicketStatus } from '../../core/model/ticket';

/**
 * Pure text formatting for the case panel: ages, durations, sizes, labels. English throughout, like
 * the rest of the UI. The formatters are built once: constructing an Intl formatter per history
 * entry is what makes long histories slow.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'always', style: 'long' });
const absoluteFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
const compactNumber = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const plainNumber = new Intl.NumberFormat('en');

const RELATIVE_UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * DAY],
  ['month', 30 * DAY],
  ['week', 7 * DAY],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
];

/** "2 hours ago", "in 3 days", "just now". Truncates, so 36 hours is "1 day ago". */
export function relativeTime(at: number, now: number): string {
  const diff = at - now;
  const abs = Math.abs(diff);
  if (Number.isNaN(diff)) return 'at an unknown time';
  if (abs < MINUTE) return 'just now';
  for (const [unit, size] of RELATIVE_UNITS) {
    if (abs >= size) return relativeFormat.format(Math.trunc(diff / size), unit);
  }
  return 'just now';
}

export function absoluteTime(at: number): string {
  return Number.isNaN(at) ? 'unknown time' : absoluteFormat.format(at);
}

/** Compact duration with its two largest units: "2 d 4 h", "3 h 20 min", "45 min". */
export function duration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return 'less than a minute';
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

export interface DueText {
  readonly text: string;
  readonly state: 'overdue' | 'soon' | 'later';
}

/** Due or SLA target against the snapshot's time: "Due in 3 h 20 min" or "Overdue by 2 d 4 h". */
export function dueText(dueAt: number, now: number): DueText {
  const left = dueAt - now;
  if (left < 0) return { text: `Overdue by ${duration(left)}`, state: 'overdue' };
  return { text: `Due in ${duration(left)}`, state: left < 4 * HOUR ? 'soon' : 'later' };
}

/** Human-readable size, or "size unknown" when the backend did not say. */
export function fileSize(bytes: number | undefined): string {
  if (bytes === undefined) return 'size unknown';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function money(amount: number): string {
  return compactNumber.format(amount);
}

const STATUS_LABELS: Record<TicketStatus, string> = { new: 'New', open: 'Open', pending: 'Pending', hold: 'On hold', solved: 'Solved', closed: 'Closed' };
const PRIORITY_LABELS: Record<Priority, string> = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' };
const TIER_LABELS: Record<OrgTier, string> = { enterprise: 'Enterprise', business: 'Business', team: 'Team', free: 'Free' };
const STAGE_LABELS: Record<DefectStage, string> = { open: 'Open', inProgress: 'In progress', done: 'Done' };

export const statusLabel = (s: TicketStatus): string => STATUS_LABELS[s] ?? s;
export const priorityLabel = (p: Priority): string => PRIORITY_LABELS[p] ?? p;
export const tierLabel = (t: OrgTier): string => TIER_LABELS[t] ?? t;
export const stageLabel = (s: DefectStage): string => STAGE_LABELS[s] ?? s;

/** A value of a `change` event, with the neutral status and priority names made readable. */
export function changeValue(field: string, value: string): string {
  const f = field.toLowerCase();
  if (f === 'status' && value in STATUS_LABELS) return STATUS_LABELS[value as TicketStatus];
  if (f === 'priority' && value in PRIORITY_LABELS) return PRIORITY_LABELS[value as Priority];
  return value;
}

export function customFieldText(value: CustomFieldValue): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return plainNumber.format(value);
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  return value === '' ? '—' : value;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
