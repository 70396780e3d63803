import * as z from 'zod';

/*
 * Redmine's REST answers as Caselink reads them: tolerant (unknown fields pass, optional fields may
 * be absent or null), so a newer or customised Redmine still works. Mapped to the domain in mapper.ts.
 */

const named = z.object({ id: z.number(), name: z.string().optional() }).loose();

export const WireCustomField = z
  .object({
    id: z.number(),
    name: z.string(),
    multiple: z.boolean().optional(),
    value: z.union([z.string(), z.array(z.string()), z.null()]).optional(),
  })
  .loose();

export const WireIssue = z
  .object({
    id: z.number(),
    project: named,
    tracker: named,
    status: named.extend({ is_closed: z.boolean().optional() }),
    priority: named,
    author: named.optional(),
    assigned_to: named.nullish(),
    category: named.nullish(),
    subject: z.string(),
    description: z.string().nullish(),
    custom_fields: z.array(WireCustomField).optional(),
    created_on: z.string(),
    updated_on: z.string(),
    closed_on: z.string().nullish(),
  })
  .loose();
export type WireIssue = z.infer<typeof WireIssue>;

export const WireIssueList = z
  .object({
    issues: z.array(WireIssue),
    total_count: z.number().optional(),
    offset: z.number().optional(),
    limit: z.number().optional(),
  })
  .loose();

export const WireIssueOne = z.object({ issue: WireIssue }).loose();

export const WireProject = z
  .object({
    project: z
      .object({
        id: z.number(),
        identifier: z.string(),
        name: z.string(),
        trackers: z.array(named).optional(),
        issue_categories: z.array(named).optional(),
        issue_custom_fields: z.array(named).optional(),
      })
      .loose(),
  })
  .loose();

export const WireStatuses = z.object({ issue_statuses: z.array(named.extend({ is_closed: z.boolean().optional() })) }).loose();

export const WireCurrentUser = z.object({ user: z.object({ id: z.number(), login: z.string().optional(), firstname: z.string().optional(), lastname: z.string().optional() }).loose() }).loose();

/** PUT answers 204 with no body (undefined), some proxies answer 200 with one. */
export const WireNoContent = z.unknown();
