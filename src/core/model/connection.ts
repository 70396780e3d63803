import * as z from 'zod';

/** Kinds of backends. Only `demo` exists in this build; the others arrive backend by backend. */
export const ConnectionKind = z.enum(['demo', 'rt', 'redmine', 'zendesk', 'jira', 'github']);
export type ConnectionKind = z.infer<typeof ConnectionKind>;

export interface ConnectionInfo {
  readonly id: string;
  readonly kind: ConnectionKind;
  /** Shown in the UI; demo connections say "Demo" so nobody mistakes them for real data. */
  readonly label: string;
}
