import * as z from 'zod';
import { Person } from './ticket';

export const Attachment = z.object({
  id: z.string(),
  name: z.string(),
  /** Bytes; unknown for some backends. */
  size: z.number().int().nonnegative().optional(),
  contentType: z.string().optional(),
  url: z.string().optional(),
});

const base = {
  id: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  author: Person.optional(),
};

/**
 * One entry of a ticket's history. Customer messages and public replies are `message` with
 * visibility `public`; internal notes are `message` with visibility `internal`.
 * Backends add event types over time, so anything unrecognised maps to `other` and is still shown.
 */
export const HistoryEvent = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('message'),
    visibility: z.enum(['public', 'internal']),
    authorRole: z.enum(['customer', 'agent', 'system']),
    body: z.string(),
    format: z.enum(['text', 'html', 'markdown']),
    attachments: z.array(Attachment),
  }),
  z.object({
    ...base,
    kind: z.literal('change'),
    field: z.string(),
    from: z.string().optional(),
    to: z.string().optional(),
  }),
  z.object({
    ...base,
    kind: z.literal('other'),
    description: z.string(),
    /** The backend sent something Caselink could not read; the panel says so. */
    unreadable: z.boolean().optional(),
  }),
]);
