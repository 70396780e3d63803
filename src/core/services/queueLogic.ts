import { PRIORITIES, TICKET_STATUSES, isOpenStatus, type Ticket } from '../model/ticket';
import type { DueState, GroupBy, SortOrder, TicketFilter } from '../model/queue';

export interface QueueContext {
  readonly now: Date;
  /** The signed-in agent's id, for "me" filters and "my tickets" counts. */
  readonly meId?: string;
}

/** `now` and the end of its local calendar day, computed once for a whole pass over the queue. */
export interface DueClock {
  readonly nowMs: number;
  readonly endOfDayMs: number;
}

export function dueClock(now: Date): DueClock {
  const endOfDay = new Date(now);
  endOfDay.setHours(23, 59, 59, 999);
  return { nowMs: now.getTime(), endOfDayMs: endOfDay.getTime() };
}

/** Due state from the local calendar day of `now`; solved and closed tickets are never overdue. */
export function dueState(ticket: Ticket, now: Date | DueClock): DueState {
  if (!ticket.dueAt || !isOpenStatus(ticket.status)) return 'none';
  const clock = now instanceof Date ? dueClock(now) : now;
  const due = Date.parse(ticket.dueAt);
  if (due < clock.nowMs) return 'overdue';
  return due <= clock.endOfDayMs ? 'dueToday' : 'later';
}

const statusRank = new Map<string, number>(TICKET_STATUSES.map((s, i) => [s, i]));
const priorityRank = new Map<string, number>(PRIORITIES.map((p, i) => [p, i]));

function words(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Builds a predicate once, so filtering 50,000 tickets does no per-ticket setup. */
export function compileFilter(filter: TicketFilter, ctx: QueueContext): (t: Ticket) => boolean {
  const tests: Array<(t: Ticket) => boolean> = [];
  if (filter.status?.length) {
    const set = new Set<string>(filter.status);
    tests.push((t) => set.has(t.status));
  }
  if (filter.priority?.length) {
    const set = new Set<string>(filter.priority);
    tests.push((t) => set.has(t.priority));
  }
  if (filter.assignee) {
    const wanted = filter.assignee.toLowerCase();
    if (wanted === 'me') tests.push((t) => !!ctx.meId && t.assignee?.id === ctx.meId);
    else if (wanted === 'unassigned') tests.push((t) => !t.assignee);
    else tests.push((t) => !!t.assignee && (t.assignee.id.toLowerCase() === wanted || t.assignee.name.toLowerCase() === wanted));
  }
  if (filter.tag?.length) {
    const set = new Set(filter.tag.map((x) => x.toLowerCase()));
    tests.push((t) => t.tags.some((tag) => set.has(tag.toLowerCase())));
  }
  if (filter.organization) {
    const wanted = filter.organization.toLowerCase();
    tests.push((t) => !!t.organization && (t.organization.id.toLowerCase() === wanted || t.organization.name.toLowerCase() === wanted));
  }
  if (filter.due?.length) {
    const set = new Set<DueState>(filter.due);
    const clock = dueClock(ctx.now);
    tests.push((t) => set.has(dueState(t, clock)));
  }
  const needles = words(filter.text ?? '');
  if (needles.length) {
    tests.push((t) => {
      const hay = `${t.key} ${t.subject} ${t.requester.name} ${t.requester.email ?? ''} ${t.organization?.name ?? ''} ${t.tags.join(' ')}`.toLowerCase();
      return needles.every((n) => hay.includes(n));
    });
  }
  if (tests.length === 0) return () => true;
  return (t) => tests.every((test) => test(t));
}

export function isFilterEmpty(filter: TicketFilter): boolean {
  return !filter.status?.length && !filter.priority?.length && !filter.due?.length && !filter.assignee && !filter.tag?.length && !filter.organization && !filter.text?.trim();
}

type Comparator = (a: Ticket, b: Ticket) => number;
const byUpdatedDesc: Comparator = (a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0);

export function comparatorFor(order: SortOrder): Comparator {
  switch (order) {
    case 'updated':
      return byUpdatedDesc;
    case 'created':
      return (a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : byUpdatedDesc(a, b));
    case 'priority':
      return (a, b) => priorityRank.get(a.priority)! - priorityRank.get(b.priority)! || byUpdatedDesc(a, b);
    case 'due':
      return (a, b) => {
        // Soonest due first; tickets without a due date last.
        if (a.dueAt === b.dueAt) return byUpdatedDesc(a, b);
        if (!a.dueAt) return 1;
        if (!b.dueAt) return -1;
        return a.dueAt < b.dueAt ? -1 : 1;
      };
  }
}

export interface TicketGroup {
  /** Stable across refreshes: used in tree ids so expansion survives. */
  readonly key: string;
  readonly label: string;
  readonly tickets: readonly Ticket[];
}

const DUE_RANK: Record<DueState, number> = { overdue: 0, dueToday: 1, later: 2, none: 3 };
const DUE_LABELS: Record<DueState, string> = { overdue: 'Overdue', dueToday: 'Due today', later: 'Due later', none: 'No due date' };
const STATUS_LABELS: Record<string, string> = { new: 'New', open: 'Open', pending: 'Pending', hold: 'On hold', solved: 'Solved', closed: 'Closed' };
const PRIORITY_LABELS: Record<string, string> = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' };

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}
export function priorityLabel(priority: string): string {
  return PRIORITY_LABELS[priority] ?? priority;
}
export function dueLabel(state: DueState): string {
  return DUE_LABELS[state];
}

interface Bucket {
  key: string;
  label: string;
  rank: number;
  tickets: Ticket[];
}

/**
 * Groups tickets that are already sorted; each group keeps that order. One pass over the
 * tickets plus a sort of the (few) groups, so 50,000 tickets group in milliseconds.
 * A ticket with several tags appears in each of its tag groups; one without is in "No tag".
 */
export function groupTickets(sorted: readonly Ticket[], groupBy: GroupBy, ctx: QueueContext): TicketGroup[] {
  if (groupBy === 'none') return [{ key: 'all', label: 'All tickets', tickets: sorted }];
  const buckets = new Map<string, Bucket>();
  const clock = dueClock(ctx.now);
  const add = (key: string, label: string, rank: number, t: Ticket) => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { key, label, rank, tickets: [] }));
    b.tickets.push(t);
  };
  for (const t of sorted) {
    switch (groupBy) {
      case 'status':
        add(t.status, statusLabel(t.status), statusRank.get(t.status)!, t);
        break;
      case 'priority':
        add(t.priority, priorityLabel(t.priority), priorityRank.get(t.priority)!, t);
        break;
      case 'assignee':
        if (!t.assignee) add('~unassigned', 'Unassigned', 2, t);
        else if (ctx.meId && t.assignee.id === ctx.meId) add(`a:${t.assignee.id}`, `${t.assignee.name} (me)`, 0, t);
        else add(`a:${t.assignee.id}`, t.assignee.name, 1, t);
        break;
      case 'tag':
        if (t.tags.length === 0) add('~none', 'No tag', 1, t);
        for (const tag of t.tags) add(`t:${tag}`, tag, 0, t);
        break;
      case 'organization':
        if (!t.organization) add('~none', 'No organisation', 1, t);
        else add(`o:${t.organization.id}`, t.organization.name, 0, t);
        break;
      case 'due': {
        const state = dueState(t, clock);
        add(state, DUE_LABELS[state], DUE_RANK[state], t);
        break;
      }
    }
  }
  const groups = [...buckets.values()];
  if (groupBy === 'tag') {
    // Busiest tags first: that is what a lead scanning the queue wants.
    groups.sort((a, b) => a.rank - b.rank || b.tickets.length - a.tickets.length || a.label.localeCompare(b.label));
  } else if (groupBy === 'assignee' || groupBy === 'organization') {
    groups.sort((a, b) => a.rank - b.rank || a.label.localeCompare(b.label));
  } else {
    groups.sort((a, b) => a.rank - b.rank);
  }
  return groups.map(({ key, label, tickets }) => ({ key, label, tickets }));
}

/** "3 h", "2 d": compact ages for tree descriptions. */
export function formatAge(fromIso: string, now: Date): string {
  const ms = Math.max(0, now.getTime() - Date.parse(fromIso));
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'now';
  if (min < 60) return `${min}m`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 60) return `${d}d`;
  return `${Math.floor(d / 30)}mo`;
}

/** "due in 3h", "overdue by 2d". */
export function formatDue(dueIso: string, now: Date): string {
  const delta = Date.parse(dueIso) - now.getTime();
  const span = formatAge(new Date(now.getTime() - Math.abs(delta)).toISOString(), now);
  return delta < 0 ? `overdue by ${span}` : `due in ${span}`;
}
