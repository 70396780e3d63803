import * as z from 'zod';

/*
 * RT 5 REST2 answers as Caselink reads them: tolerant, because RT returns ids as numbers or strings
 * depending on the endpoint, expands linked records only when asked, and adds fields over versions.
 */

const idish = z.union([z.string(), z.number()]).transform(String);

/** A linked record: `{id, type, _url}` plus whatever `fields[X]=...` expanded. */
export const WireRef = z
  .object({
    id: idish,
    type: z.string().optional(),
    _url: z.string().optional(),
    Name: z.string().nullish(),
    RealName: z.string().nullish(),
    EmailAddress: z.string().nullish(),
    Organization: z.string().nullish(),
    Privileged: z.union([z.number(), z.string(), z.boolean()]).nullish(),
  })
  .loose();
export type WireRef = z.infer<typeof WireRef>;

/** RT gives custom fields as a list of {name, values} or, in some versions, as a map name -> values. */
const WireCustomFields = z.union([
  z.array(z.object({ id: idish.optional(), name: z.string(), values: z.array(z.string()).nullish() }).loose()),
  z.record(z.string(), z.union([z.array(z.string()), z.string(), z.null()])),
]);

export const WireTicket = z
  .object({
    id: idish,
    Subject: z.string().nullish(),
    Status: z.string(),
    Priority: idish.nullish(),
    Queue: z.union([WireRef, z.string()]).nullish(),
    Owner: z.union([WireRef, z.string()]).nullish(),
    Requestor: z.array(z.union([WireRef, z.string()])).nullish(),
    Created: z.string().nullish(),
    LastUpdated: z.string().nullish(),
    Due: z.string().nullish(),
    /** The first time the ticket was worked on (left "new"); "1970-01-01 00:00:00" when not yet. */
    Started: z.string().nullish(),
    /** When the ticket was last resolved; "1970-01-01 00:00:00" when never. */
    Resolved: z.string().nullish(),
    CustomFields: WireCustomFields.nullish(),
    _hyperlinks: z.array(z.object({ ref: z.string(), type: z.string().optional(), _url: z.string().optional(), id: idish.optional() }).loose()).nullish(),
  })
  .loose();
export type WireTicket = z.infer<typeof WireTicket>;

export const envelope = <T extends z.ZodType>(item: T) =>
  z
    .object({
      count: z.number(),
      page: z.number().optional(),
      per_page: z.number().optional(),
      /** null for users who cannot see every ticket (RT's CurrentUserCanSeeAll). */
      total: z.number().nullish(),
      pages: z.number().nullish(),
      next_page: z.string().nullish(),
      items: z.array(item),
    })
    .loose();

export const WireTicketPage = envelope(WireTicket);

export const WireTransaction = z
  .object({
    id: idish,
    Type: z.string(),
    Creator: z.union([WireRef, z.string()]).nullish(),
    Created: z.string().nullish(),
    Field: z.string().nullish(),
    OldValue: z.string().nullish(),
    NewValue: z.string().nullish(),
  })
  .loose();
export type WireTransaction = z.infer<typeof WireTransaction>;
export const WireTransactionPage = envelope(WireTransaction);

export const WireAttachment = z
  .object({
    id: idish,
    TransactionId: z.union([WireRef, idish]).nullish(),
    ContentType: z.string().nullish(),
    Filename: z.string().nullish(),
    Subject: z.string().nullish(),
    Content: z.string().nullish(),
    ContentLength: idish.nullish(),
    Headers: z.string().nullish(),
    Created: z.string().nullish(),
  })
  .loose();
export type WireAttachment = z.infer<typeof WireAttachment>;
export const WireAttachmentPage = envelope(WireAttachment);

export const WireUser = WireRef;
export const WireUserPage = envelope(WireRef);

/** Writes answer with a list of messages: ["Correspondence added"], ["Ticket 3: Status changed …"]. */
export const WireMessages = z.array(z.string()).or(z.object({ message: z.string() }).loose()).or(z.unknown());
