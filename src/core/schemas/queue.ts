import * as z from 'zod';
import { DUE_STATES, GROUP_BYS, SORT_ORDERS } from '../model/queue';
import { Priority, TicketStatus } from './ticket';

export const GroupBy = z.enum(GROUP_BYS);

export const SortOrder = z.enum(SORT_ORDERS);


/** Every criterion is optional; lists mean "any of". */
export const TicketFilter = z
  .object({
    status: z.array(TicketStatus).optional(),
    priority: z.array(Priority).optional(),
    /** `me`, `unassigned`, or an agent's name or id. */
    assignee: z.string().min(1).optional(),
    tag: z.array(z.string().min(1)).optional(),
    /** An organisation's name or id. */
    organization: z.string().min(1).optional(),
    /** Due or SLA state; backends that cannot filter on it server-side leave it to the queue model. */
    due: z.array(z.enum(DUE_STATES)).optional(),
    /** Words that must all appear in the key, subject, requester or organisation. */
    text: z.string().optional(),
  })
  .strict();

export const SavedView = z
  .object({
    name: z.string().trim().min(1, 'needs a name'),
    filter: TicketFilter.default({}),
    group: GroupBy.optional(),
    sort: SortOrder.optional(),
  })
  .strict();
