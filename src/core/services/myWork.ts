import type { TicketSource } from '../ports/ticketSource';
import { dueClock, dueState } from './queueLogic';

export interface MyWorkCounts {
  readonly open: number;
  readonly overdue: number;
  readonly dueToday: number;
  /** False when the count stopped at the limit: the UI then says "500+", never a silently low number. */
  readonly complete: boolean;
}

/** Counts the signed-in agent's open tickets with a query of its own, independent of what the queue shows. */
export async function countMyWork(source: TicketSource, now: Date, signal?: AbortSignal, limit = 2000): Promise<MyWorkCounts> {
  let open = 0;
  let overdue = 0;
  let dueToday = 0;
  let cursor: string | undefined;
  const clock = dueClock(now);
  do {
    const page = await source.listTickets({ assignee: 'me', status: ['new', 'open', 'pending', 'hold'] }, { cursor, limit: 100 }, signal);
    for (const t of page.items) {
      open++;
      const due = dueState(t, clock);
      if (due === 'overdue') overdue++;
      else if (due === 'dueToday') dueToday++;
    }
    cursor = page.nextCursor;
  } while (cursor && open < limit);
  return { open, overdue, dueToday, complete: !cursor };
}
