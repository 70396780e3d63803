import type * as z from 'zod';
import { FeedbackDraft, FormDraft } from '../../protocol/feedbackProtocol';
import { plural } from '../case/format';

/**
 * What the feedback form knows about its fields: labels, which are required, the choices of the
 * selects, and how a validation issue reads next to its field. Pure: no DOM.
 */

export type FieldName = keyof FormDraft;
export type Kind = FormDraft['kind'];
export type Severity = FormDraft['severity'];

/** Every field in the order of the form (and of the error summary). */
export const FIELD_ORDER: readonly FieldName[] = [
  'title', 'productArea', 'kind', 'severity', 'problem', 'customerImpact',
  'steps', 'expected', 'actual', 'environment',
  'workaround', 'workaroundAccepted',
  'tags', 'evidence', 'customers', 'sources',
];

export const FIELD_LABELS: Record<FieldName, string> = {
  title: 'Title',
  productArea: 'Product area',
  kind: 'Kind',
  severity: 'Severity',
  problem: 'Problem',
  customerImpact: 'Customer impact',
  steps: 'Steps to reproduce',
  expected: 'Expected behaviour',
  actual: 'Actual behaviour',
  environment: 'Environment',
  workaround: 'Workaround',
  workaroundAccepted: 'Workaround accepted by the customer',
  tags: 'Tags',
  evidence: 'Evidence',
  customers: 'Affected customers',
  sources: 'Source cases',
};

/** The few fields a record cannot do without (FeedbackDraft's required ones). */
export const REQUIRED: ReadonlySet<FieldName> = new Set<FieldName>(['title', 'productArea', 'kind', 'problem', 'severity']);

/** The choices, from the protocol's schema so the form never offers a value the host refuses. */
export const KINDS: readonly Kind[] = FormDraft.shape.kind.options;
export const SEVERITIES: readonly Severity[] = FormDraft.shape.severity.options;

export const KIND_LABELS: Record<Kind, string> = {
  defect: 'Defect',
  missingCapability: 'Missing capability',
  usability: 'Usability',
  performance: 'Performance',
  documentation: 'Documentation',
};

export const SEVERITY_LABELS: Record<Severity, { readonly label: string; readonly hint: string }> = {
  critical: { label: 'Critical', hint: 'outage, data loss or security; no workaround' },
  major: { label: 'Major', hint: 'a main function is broken or badly impaired' },
  minor: { label: 'Minor', hint: 'a function misbehaves; a workaround exists' },
  cosmetic: { label: 'Cosmetic', hint: 'looks or wording; nothing stops working' },
};

/** How one item of a list field is called in a message: "Quote 2 is empty". */
const ITEM_NAMES: Partial<Record<FieldName, string>> = { tags: 'Tag', evidence: 'Quote', customers: 'Customer', sources: 'Source case' };
/** What a sentence about a list field starts with, where its label would read badly ("Source cases needs…"). */
const SUBJECTS: Partial<Record<FieldName, string>> = { tags: 'The tag list', evidence: 'The evidence', customers: 'The list of customers', sources: 'The feedback' };
const PART_NAMES: Readonly<Record<string, string>> = { at: 'date', author: 'author', eventId: 'history entry', organization: 'organisation', arr: 'ARR', tier: 'tier' };

export function isFieldName(name: string): name is FieldName {
  return Object.prototype.hasOwnProperty.call(FIELD_LABELS, name);
}

/**
 * The words after the field's name. The schema's own messages are written for this ("needs a few
 * words…", "is too long…") and start in lower case; zod's generic ones are rephrased.
 */
export function phrase(issue: z.core.$ZodIssue): string {
  if (/^[a-z]/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${plural(Number(issue.minimum), 'item', 'items')}`;
      return Number(issue.minimum) <= 1 ? 'is empty' : `is too short (at least ${issue.minimum} characters)`;
    case 'too_big':
      return issue.origin === 'array' ? `has too many items (at most ${issue.maximum})` : `is too long (at most ${issue.maximum} characters)`;
    case 'invalid_format':
      return 'is not in a valid format';
    case 'invalid_value':
      return 'is not one of the choices';
    default:
      return 'is not valid';
  }
}

/** A full sentence for the field and the summary: "Title needs a few words (at least 8 characters)". */
export function issueText(issue: z.core.$ZodIssue): string {
  const [field, index, part] = issue.path;
  const name = typeof field === 'string' && isFieldName(field) ? field : undefined;
  const what = phrase(issue);
  if (!name) return `The form ${what}`;
  const item = ITEM_NAMES[name];
  if (item && typeof index === 'number') {
    const sub = typeof part === 'string' && part !== 'quote' ? ` ${PART_NAMES[part] ?? part}` : '';
    return `${item} ${index + 1}${sub} ${what}`;
  }
  return `${SUBJECTS[name] ?? FIELD_LABELS[name]} ${what}`;
}

/** A message from the host's fieldErrors, made into a sentence the same way. */
export function hostErrorText(field: FieldName, message: string): string {
  const text = message.trim() || 'is not valid';
  return /^[a-z]/.test(text) ? `${SUBJECTS[field] ?? FIELD_LABELS[field]} ${text}` : text;
}

export type FieldErrors = ReadonlyMap<FieldName, string>;

/** Validates the draft exactly as the host will (FeedbackDraft); the first problem per field. */
export function validateDraft(draft: FormDraft): FieldErrors {
  const parsed = FeedbackDraft.safeParse(draft);
  const errors = new Map<FieldName, string>();
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && isFieldName(field) && !errors.has(field)) errors.set(field, issueText(issue));
  }
  return errors;
}

/** Errors in form order. */
export function orderedErrors(errors: FieldErrors): Array<[FieldName, string]> {
  return FIELD_ORDER.flatMap((f) => (errors.has(f) ? [[f, errors.get(f)!] as [FieldName, string]] : []));
}

export const QUOTE_MAX = 600;

/** A quote's text: trimmed, at most QUOTE_MAX characters, cut at a word with an ellipsis. */
export function clipQuote(text: string): string {
  const t = text.replace(/\r\n?/g, '\n').trim();
  if (t.length <= QUOTE_MAX) return t;
  const cut = t.slice(0, QUOTE_MAX - 1);
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${atWord.length > QUOTE_MAX / 2 ? atWord : cut}…`;
}

/** Only web addresses become links; the host checks again before opening anything. */
export function webUrl(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw.trim());
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.href.length <= 8_000 ? url.href : undefined;
  } catch {
    return undefined;
  }
}
