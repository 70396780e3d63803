import * as z from 'zod';

/** Helpdesk-neutral ticket statuses. Backends map their own (RT "stalled", Zendesk "hold"...) onto these. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** Ordered from most to least urgent; the order is used for sorting. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const ORG_TIERS = ['enterprise', 'business', 'team', 'free'] as const;
export const OrgTier = z.enum(ORG_TIERS);
export type OrgTier = z.infer<typeof OrgTier>;

const isoDate = z.iso.datetime({ offset: true });

export const Person = z.object({
  id: z.string().min(1),
  name: z.string(),
  email: z.string().optional(),
});
export type Person = z.infer<typeof Person>;

export const Organization = z.object({
  id: z.string().min(1),
  name: z.string(),
  tier: OrgTier.optional(),
  /** Annual recurring revenue in whole currency units, when the helpdesk knows it. */
  arr: z.number().nonnegative().optional(),
});
export type Organization = z.infer<typeof Organization>;

export const CustomFieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
export type CustomFieldValue = z.infer<typeof CustomFieldValue>;

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
  url: z.string().optional(),
});
export type Ticket = z.infer<typeof Ticket>;

export function isOpenStatus(status: TicketStatus): boolean {
  return status !== 'solved' && status !== 'closed';
}

/** A stable id for a ticket across connections. */
export function ticketRef(t: Pick<Ticket, 'connectionId' | 'id'>): string {
  return `${t.connectionId}:${t.id}`;
}
