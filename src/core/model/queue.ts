import type * as z from 'zod';
import type * as S from '../schemas/queue';

export const GROUP_BYS = ['status', 'priority', 'assignee', 'tag', 'organization', 'due', 'none'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const SORT_ORDERS = ['updated', 'priority', 'due', 'created'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const DUE_STATES = ['overdue', 'dueToday', 'later', 'none'] as const;
export type DueState = (typeof DUE_STATES)[number];

/** Every criterion is optional; lists mean "any of" (schema: core/schemas/queue.ts). */
export type TicketFilter = z.infer<typeof S.TicketFilter>;
export type SavedView = z.infer<typeof S.SavedView>;
