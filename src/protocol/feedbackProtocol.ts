import * as z from 'zod';
import { FEEDBACK_KINDS, SEVERITIES } from '../core/model/feedback';
import { AffectedCustomer, Evidence, FeedbackDraft, FeedbackTicketRef } from '../core/schemas/feedback';

/**
 * Messages between the feedback form's host and its webview. The webview validates the draft with
 * the same schema the host uses (FeedbackDraft), so messages appear at the field as the user types;
 * the host validates again before anything is filed.
 */

export { FeedbackDraft };

/** Every field of the form as the webview edits it: all present, strings possibly empty. */
export const FormDraft = z.object({
  title: z.string().max(10_000),
  productArea: z.string().max(10_000),
  kind: z.enum(FEEDBACK_KINDS),
  problem: z.string().max(50_000),
  steps: z.string().max(50_000),
  expected: z.string().max(50_000),
  actual: z.string().max(50_000),
  environment: z.string().max(50_000),
  workaround: z.string().max(50_000),
  workaroundAccepted: z.boolean().optional(),
  severity: z.enum(SEVERITIES),
  customerImpact: z.string().max(50_000),
  tags: z.array(z.string().max(200)).max(100),
  evidence: z.array(Evidence).max(200),
  customers: z.array(AffectedCustomer).max(1000),
  sources: z.array(FeedbackTicketRef).max(1000),
});
export type FormDraft = z.infer<typeof FormDraft>;

/** A history entry the user may pick as a quote. */
export const QuoteCandidate = z.object({
  eventId: z.string(),
  at: z.string(),
  author: z.string().optional(),
  role: z.enum(['customer', 'agent', 'system']),
  visibility: z.enum(['public', 'internal']),
  text: z.string(),
});
export type QuoteCandidate = z.infer<typeof QuoteCandidate>;

export const DuplicateView = z.object({
  defectId: z.string(),
  key: z.string(),
  title: z.string(),
  status: z.string(),
  stage: z.enum(['open', 'inProgress', 'done']),
  url: z.string().optional(),
  /** Cases already linked to it, when known. */
  linkedCases: z.number().int().nonnegative().optional(),
  reasons: z.array(z.string()),
});
export type DuplicateView = z.infer<typeof DuplicateView>;

export const FeedbackHostMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    draft: FormDraft,
    /** Fields filled from the case, marked "from the case" in the form. */
    prefilled: z.array(z.string()),
    ticket: FeedbackTicketRef,
    ticketSubject: z.string(),
    trackerLabel: z.string(),
    /** Product areas the tracker knows, offered as suggestions. */
    areas: z.array(z.string()),
    quoteCandidates: z.array(QuoteCandidate),
  }),
  /** Text selected in the case while its form was already open: added to the evidence there. */
  z.object({ type: z.literal('addQuote'), evidence: Evidence }),
  z.object({
    type: z.literal('duplicates'),
    state: z.enum(['loading', 'loaded', 'error']),
    matches: z.array(DuplicateView),
    message: z.string().optional(),
  }),
  z.object({
    type: z.literal('result'),
    requestId: z.string(),
    ok: z.boolean(),
    /** Field -> message, when the host refused the draft. */
    fieldErrors: z.record(z.string(), z.string()).optional(),
    message: z.string().optional(),
    /** What happened: queued in the outbox (filing in the background) or already filed. */
    outcome: z.object({ state: z.enum(['queued', 'filed', 'evidenceAdded']), key: z.string().optional(), url: z.string().optional() }).optional(),
  }),
]);
export type FeedbackHostMessage = z.infer<typeof FeedbackHostMessage>;

const requestId = z.string().min(1).max(100);

export const FeedbackWebviewMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('saveDraft'), draft: FormDraft }),
  z.object({ type: z.literal('searchDuplicates'), draft: FormDraft }),
  z.object({ type: z.literal('submit'), requestId, draft: FormDraft }),
  z.object({ type: z.literal('addEvidence'), requestId, defectId: z.string().min(1).max(200), draft: FormDraft }),
  z.object({ type: z.literal('openLink'), url: z.string().max(8000) }),
  z.object({ type: z.literal('close') }),
]);
export type FeedbackWebviewMessage = z.infer<typeof FeedbackWebviewMessage>;
