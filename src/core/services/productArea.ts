import type { Ticket } from '../model/ticket';

/*
 * The product area of a ticket, one rule for every feature that needs it (the feedback form's
 * prefill, the impact report's areas): a product-area custom field when the helpdesk has one,
 * otherwise the first tag that names something in the product rather than the kind of ticket.
 */

/** Tags that say what kind of ticket it is or who asked, not which part of the product. */
export const GENERIC_TAGS: ReadonlySet<string> = new Set(['bug', 'how-to', 'feature-request', 'regression', 'churn-risk', 'vip', 'escalated', 'workaround-given', 'enterprise', 'question']);
const AREA_FIELDS = /^(product[ _-]?area|area|component|module|feature)$/i;

/** The ticket's product area, or undefined when neither a field nor a tag names one. */
export function productAreaOf(ticket: Pick<Ticket, 'customFields' | 'tags'>): string | undefined {
  for (const key in ticket.customFields) {
    const value = ticket.customFields[key];
    if (typeof value === 'string' && AREA_FIELDS.test(key)) {
      const trimmed = value.trim();
      if (trimmed) return trimmed;
    }
  }
  return ticket.tags.find((tag) => !GENERIC_TAGS.has(tag.toLowerCase()));
}
