import type * as z from 'zod';
import type * as S from '../schemas/ticket';

// Types and constants of the domain, with no runtime dependency on zod (see core/schemas/ticket.ts).

/** Helpdesk-neutral ticket statuses. Backends map their own (RT "stalled", Zendesk "hold"...) onto these. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Ordered from most to least urgent; the order is used for sorting. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const ORG_TIERS = ['enterprise', 'business', 'team', 'free'] as const;
export type OrgTier = (typeof ORG_TIERS)[number];

export type Person = z.infer<typeof S.Person>;
export type Organization = z.infer<typeof S.Organization>;
export type CustomFieldValue = z.infer<typeof S.CustomFieldValue>;
export type Ticket = z.infer<typeof S.Ticket>;

export function isOpenStatus(status: TicketStatus): boolean {
  return status !== 'solved' && status !== 'closed';
}

/** A stable id for a ticket across connections. */
export function ticketRef(t: Pick<Ticket, 'connectionId' | 'id'>): string {
  return `${t.connectionId}:${t.id}`;
}
