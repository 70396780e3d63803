import * as z from 'zod';
import { FEEDBACK_KINDS, SEVERITIES } from '../model/feedback';
import { OrgTier } from './ticket';

const text = (max: number) => z.string().trim().max(max, `is too long (at most ${max} characters)`);
const iso = z.iso.datetime({ offset: true });

export const FeedbackTicketRef = z.object({
  connectionId: z.string().min(1),
  ticketId: z.string().min(1),
  key: z.string().min(1),
  url: z.string().optional(),
});

/** A verbatim quote from a case, pointing back to its ticket and history entry. */
export const Evidence = z.object({
  ticket: FeedbackTicketRef,
  eventId: z.string().min(1),
  at: iso,
  author: z.string().max(200).optional(),
  /** Customer words, verbatim: shown as a quote, never interpreted as markup. */
  quote: text(4000).min(1, 'is empty'),
});

export const AffectedCustomer = z.object({
  organization: z.string().min(1).max(200),
  tier: OrgTier.optional(),
  arr: z.number().nonnegative().optional(),
});

/**
 * What the form edits. Few fields are required (title, area, kind, problem, severity); the rest is
 * prefilled from the case and reviewed. Messages are phrased to appear next to the field.
 */
export const FeedbackDraft = z.object({
  title: text(200).min(8, 'needs a few words (at least 8 characters)'),
  productArea: text(100).min(1, 'is needed so the right team sees it'),
  kind: z.enum(FEEDBACK_KINDS),
  problem: text(8000).min(20, 'needs a sentence or two: what goes wrong for the customer?'),
  steps: text(8000).default(''),
  expected: text(2000).default(''),
  actual: text(2000).default(''),
  environment: text(1000).default(''),
  workaround: text(2000).default(''),
  workaroundAccepted: z.boolean().optional(),
  severity: z.enum(SEVERITIES),
  customerImpact: text(2000).default(''),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).default([]),
  evidence: z.array(Evidence).max(50, 'has too many quotes (at most 50)').default([]),
  customers: z.array(AffectedCustomer).max(500).default([]),
  sources: z.array(FeedbackTicketRef).min(1, 'needs the case it comes from').max(500),
});

/** A filed record: the draft plus what Caselink computes, carried in the machine-readable block. */
export const FeedbackRecord = FeedbackDraft.extend({
  schemaVersion: z.number().int().min(1),
  /** Fixed for the record's life: a retry after an unknown outcome finds the record by it. */
  idempotencyKey: z.string().min(8).max(100),
  createdAt: iso,
  createdBy: z.string().max(200).optional(),
  frequency: z.object({
    firstSeen: iso,
    lastSeen: iso,
    linkedCases: z.number().int().nonnegative(),
  }),
  supportCost: z.object({
    cases: z.number().int().nonnegative(),
    replies: z.number().int().nonnegative(),
    hoursOpen: z.number().nonnegative(),
  }),
});

/** "+1": another case as evidence for an existing record, posted as a comment on it. */
export const EvidenceComment = z.object({
  schemaVersion: z.number().int().min(1),
  idempotencyKey: z.string().min(8).max(100),
  ticket: FeedbackTicketRef,
  customers: z.array(AffectedCustomer).default([]),
  evidence: z.array(Evidence).default([]),
  note: z.string().max(4000).default(''),
  addedAt: iso,
});
