import * as z from 'zod';
import { ORG_TIERS, PRIORITIES, TICKET_STATUSES } from '../model/ticket';

/*
 * Runtime schemas of the domain: used at trust boundaries (backends, webview messages, settings,
 * fixtures). They live apart from the types and constants in core/model so that code which only
 * needs types and constants does not load zod: building schemas is most of activation's cost.
 */

export const TicketStatus = z.enum(TICKET_STATUSES);
export const Priority = z.enum(PRIORITIES);
export const OrgTier = z.enum(ORG_TIERS);

const isoDate = z.iso.datetime({ offset: true });

export const Person = z.object({
  id: z.string().min(1),
  name: z.string(),
  email: z.string().optional(),
});

export const Organization = z.object({
  id: z.string().min(1),
  name: z.string(),
  tier: OrgTier.optional(),
  /** Annual recurring revenue in whole currency units, when the helpdesk knows it. */
  arr: z.number().nonnegative().optional(),
});

export const CustomFieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const Ticket = z.object({
  connectionId: z.string().min(1),
  /** The backend's own id, opaque to Caselink. */
  id: z.string().min(1),
  /** What people say out loud: "#1042", "RT-77". */
  key: z.string().min(1),
  subject: z.string(),
  status: TicketStatus,
  priority: Priority,
  requester: Person,
  organization: Organization.optional(),
  assignee: Person.optional(),
  group: z.string().optional(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), CustomFieldValue),
  createdAt: isoDate,
  updatedAt: isoDate,
  /** The next SLA target or promised due date. */
  dueAt: isoDate.optional(),
  /**
   * When an agent first answered or worked on the ticket, as well as the helpdesk can tell (RT:
   * `Started`, the first time the ticket was worked on; the demo: its first agent reply).
   * Absent when unknown or not yet answered. Used for response-time figures only.
   */
  firstResponseAt: isoDate.optional(),
  /** When the ticket was last solved (RT: `Resolved`); absent while open or unknown. */
  solvedAt: isoDate.optional(),
  url: z.string().optional(),
});
