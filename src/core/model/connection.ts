import type * as z from 'zod';
import type * as S from '../schemas/connection';

/** Kinds of backends. `demo`, `rt` and `redmine` exist; the others arrive backend by backend. */
export const CONNECTION_KINDS = ['demo', 'rt', 'redmine', 'zendesk', 'jira', 'github'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** Which kinds can be a ticket source and which a defect tracker, in this build. */
export const TICKET_SOURCE_KINDS: readonly ConnectionKind[] = ['demo', 'rt'];
export const DEFECT_TRACKER_KINDS: readonly ConnectionKind[] = ['demo', 'redmine'];

export interface ConnectionInfo {
  readonly id: string;
  readonly kind: ConnectionKind;
  /** Shown in the UI; demo connections say "Demo" so nobody mistakes them for real data. */
  readonly label: string;
}

/** One entry of the `caselink.connections` setting, validated. */
export type ConnectionConfig = z.infer<typeof S.ConnectionConfig>;
export type RtConnectionConfig = Extract<ConnectionConfig, { kind: 'rt' }>;
export type RedmineConnectionConfig = Extract<ConnectionConfig, { kind: 'redmine' }>;

/** The environment variable that may hold a connection's secret, for headless use: CASELINK_SECRET_WORK_RT. */
export function secretEnvVar(connectionId: string): string {
  return `CASELINK_SECRET_${connectionId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
