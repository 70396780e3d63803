import * as z from 'zod';

const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'must be 1-40 letters, digits, dashes or underscores, starting with a letter or digit');
const httpUrl = z
  .string()
  .url('must be a full URL such as https://helpdesk.example.com')
  .refine((u) => /^https?:\/\//i.test(u), 'must start with https:// (or http:// for a server on this machine)')
  .refine((u) => !/\/\/[^/]*@/.test(u), 'must not contain a user name or password: Caselink keeps secrets in VS Code\'s secret storage');
const label = z.string().trim().min(1).max(60).optional();

export const ConnectionConfig = z.discriminatedUnion('kind', [
  z.object({ id, kind: z.literal('demo'), label }).strict(),
  z
    .object({
      id,
      kind: z.literal('rt'),
      label,
      url: httpUrl,
      /** `token`: an RT auth token (Settings > Auth Tokens). `basic`: user name + password. */
      auth: z.enum(['token', 'basic']).default('token'),
      user: z.string().min(1).optional(),
      queues: z.array(z.string().min(1)).min(1).default(['General']),
      /** TicketSQL of the default queue view; the queues above are ANDed in. */
      query: z.string().max(2000).optional(),
      tagsField: z.string().min(1).default('Tags'),
      /** The ticket custom field that holds linked defect ids. */
      defectField: z.string().min(1).default('Redmine Issue'),
    })
    .strict()
    .refine((c) => c.auth !== 'basic' || !!c.user, { message: 'needs "user" when auth is "basic"', path: ['user'] }),
  z
    .object({
      id,
      kind: z.literal('redmine'),
      label,
      url: httpUrl,
      /** The project identifier (as in /projects/<identifier>). */
      project: z.string().min(1),
      /** Tracker names defects may be in; all when absent. */
      trackers: z.array(z.string().min(1)).optional(),
      /** The issue custom field (string, multiple values) that lists linked ticket references. */
      ticketField: z.string().min(1).default('Support Tickets'),
      /**
       * How a ticket is written in that field: its web address (unambiguous across helpdesks), or
       * its bare number, for fields that only accept numbers. Both are always read.
       */
      ticketLinkFormat: z.enum(['url', 'id']).default('url'),
    })
    .strict(),
  z.object({ id, kind: z.enum(['zendesk', 'jira', 'github']), label, url: httpUrl.optional() }).loose(),
]);
