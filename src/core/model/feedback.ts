import type * as z from 'zod';
import type * as S from '../schemas/feedback';

// Structured product feedback: what support hands engineering (schema: core/schemas/feedback.ts).

export const FEEDBACK_KINDS = ['defect', 'missingCapability', 'usability', 'performance', 'documentation'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

export const SEVERITIES = ['critical', 'major', 'minor', 'cosmetic'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The version of the machine-readable block; readers accept this and older versions. */
export const FEEDBACK_BLOCK_VERSION = 1;

export type FeedbackRecord = z.infer<typeof S.FeedbackRecord>;
export type FeedbackDraft = z.input<typeof S.FeedbackDraft>;
export type Evidence = z.infer<typeof S.Evidence>;
export type AffectedCustomer = z.infer<typeof S.AffectedCustomer>;
export type FeedbackTicketRef = z.infer<typeof S.FeedbackTicketRef>;
export type EvidenceComment = z.infer<typeof S.EvidenceComment>;
