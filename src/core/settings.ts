import type * as z from 'zod';
import type { GroupBy, SavedView, SortOrder } from './model/queue';
import { DEFECT_TRACKER_KINDS, TICKET_SOURCE_KINDS, type ConnectionConfig } from './model/connection';

/** The validated settings Caselink runs on. Every field has a safe default. */
export interface Settings {
  readonly views: readonly SavedView[];
  readonly defaultGroupBy: GroupBy;
  readonly sort: SortOrder;
  readonly pageSize: number;
  readonly loadBatch: number;
  readonly groupPageSize: number;
  readonly refreshIntervalSeconds: number;
  readonly statusBarEnabled: boolean;
  readonly demoTicketCount: number;
  /** Tickets the impact report reads at most; beyond it the report says its data is partial. */
  readonly impactMaxTickets: number;
  /** Valid connections only; the demo is implicit and always available as "demo". */
  readonly connections: readonly ConnectionConfig[];
  /** Connection ids in use; "demo" when none is configured. */
  readonly ticketSource: string;
  readonly defectTracker: string;
  /** Workspace regexes (one capture group each) for defect references in hovers and CodeLens; invalid ones skipped. */
  readonly defectReferencePatterns: readonly string[];
  readonly hoversEnabled: boolean;
  readonly codeLensEnabled: boolean;
}

/** A problem with one setting, phrased for the user: which setting, what is wrong, what Caselink does instead. */
export interface SettingIssue {
  readonly setting: string;
  readonly message: string;
}

/** Each setting's default and field; the schemas are in settingsSchemas.ts, loaded only when a setting is set. */
const SCALARS = {
  'queue.defaultGroupBy': { fallback: 'status', field: 'defaultGroupBy' },
  'queue.sort': { fallback: 'updated', field: 'sort' },
  'queue.pageSize': { fallback: 100, field: 'pageSize' },
  'queue.loadBatch': { fallback: 1000, field: 'loadBatch' },
  'queue.groupPageSize': { fallback: 200, field: 'groupPageSize' },
  'refresh.intervalSeconds': { fallback: 120, field: 'refreshIntervalSeconds' },
  'statusBar.enabled': { fallback: true, field: 'statusBarEnabled' },
  'demo.ticketCount': { fallback: 300, field: 'demoTicketCount' },
  'impact.maxTickets': { fallback: 20_000, field: 'impactMaxTickets' },
  'hovers.enabled': { fallback: true, field: 'hoversEnabled' },
  'codeLens.enabled': { fallback: false, field: 'codeLensEnabled' },
} as const satisfies Record<string, { fallback: unknown; field: keyof Settings }>;

type Schemas = typeof import('./settingsSchemas');
/** zod is loaded only when the user has set something: the common case activates without it. */
const schemas = (): Schemas => require('./settingsSchemas') as Schemas;

export const SETTING_KEYS = ['views', 'connections', 'ticketSource', 'defectTracker', 'defectReferencePatterns', ...Object.keys(SCALARS)] as const;

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ` : '';
  return `${where}${issue.message}`.replace(/^\./, '');
}

/**
 * Validates raw settings, as the host reads them from VS Code's configuration.
 * `read(key)` returns undefined for settings the user did not set.
 */
export function parseSettings(read: (key: string) => unknown): { settings: Settings; issues: SettingIssue[] } {
  const issues: SettingIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SCALARS)) {
    const raw = read(key);
    if (raw === undefined || raw === null) {
      out[spec.field] = spec.fallback;
      continue;
    }
    const parsed = (schemas().SCALAR_SCHEMAS[key as keyof typeof SCALARS] as z.ZodType).safeParse(raw);
    if (parsed.success) out[spec.field] = parsed.data;
    else {
      out[spec.field] = spec.fallback;
      issues.push({ setting: `caselink.${key}`, message: `${JSON.stringify(raw)} is not valid (${describeIssue(parsed.error.issues[0])}); using ${JSON.stringify(spec.fallback)}.` });
    }
  }
  const views: SavedView[] = [];
  const rawViews = read('views');
  if (rawViews !== undefined && rawViews !== null) {
    if (!Array.isArray(rawViews)) {
      issues.push({ setting: 'caselink.views', message: 'must be a list of saved views; ignoring it.' });
    } else {
      const names = new Set<string>();
      rawViews.forEach((raw, index) => {
        const parsed = schemas().SavedView.safeParse(raw);
        const label = raw && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string' ? ` ("${(raw as { name: string }).name}")` : '';
        if (!parsed.success) {
          issues.push({ setting: `caselink.views[${index}]${label}`, message: `${describeIssue(parsed.error.issues[0])}; this view is skipped.` });
        } else if (names.has(parsed.data.name.toLowerCase())) {
          issues.push({ setting: `caselink.views[${index}]${label}`, message: 'another view has the same name; this one is skipped.' });
        } else {
          names.add(parsed.data.name.toLowerCase());
          views.push(parsed.data);
        }
      });
    }
  }
  out.views = views;
  out.defectReferencePatterns = parseReferencePatterns(read('defectReferencePatterns'), issues);
  Object.assign(out, parseConnections(read, issues));
  return { settings: out as unknown as Settings, issues };
}

/** Each bad pattern is reported by its index and skipped; the regex checks live with the matcher. */
function parseReferencePatterns(raw: unknown, issues: SettingIssue[]): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    issues.push({ setting: 'caselink.defectReferencePatterns', message: 'must be a list of regular expression strings; ignoring it.' });
    return [];
  }
  const valid: string[] = [];
  raw.forEach((pattern, index) => {
    const problem = schemas().referencePatternProblem(pattern);
    if (problem) issues.push({ setting: `caselink.defectReferencePatterns[${index}]`, message: `${JSON.stringify(pattern)} ${problem}; this pattern is skipped.` });
    else valid.push(pattern as string);
  });
  return valid;
}

const DEMO_ID = 'demo';

function parseConnections(read: (key: string) => unknown, issues: SettingIssue[]): Pick<Settings, 'connections' | 'ticketSource' | 'defectTracker'> {
  const connections: ConnectionConfig[] = [];
  const raw = read('connections');
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) issues.push({ setting: 'caselink.connections', message: 'must be a list of connections; ignoring it.' });
    else {
      const ids = new Set<string>([DEMO_ID]);
      raw.forEach((entry, index) => {
        const name = entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string' ? ` ("${(entry as { id: string }).id}")` : '';
        const where = `caselink.connections[${index}]${name}`;
        const parsed = schemas().ConnectionConfig.safeParse(entry);
        if (!parsed.success) return void issues.push({ setting: where, message: `${describeIssue(parsed.error.issues[0])}; this connection is not used.` });
        const c = parsed.data;
        if (ids.has(c.id.toLowerCase())) return void issues.push({ setting: where, message: `another connection already has the id "${c.id}"${c.id === DEMO_ID ? ' (reserved for the demo)' : ''}; this one is not used.` });
        if (!TICKET_SOURCE_KINDS.includes(c.kind) && !DEFECT_TRACKER_KINDS.includes(c.kind)) {
          return void issues.push({ setting: where, message: `connections of kind "${c.kind}" are not available in this version of Caselink yet; this one is not used.` });
        }
        ids.add(c.id.toLowerCase());
        connections.push(c);
      });
    }
  }
  const pick = (key: 'ticketSource' | 'defectTracker', kinds: readonly string[], what: string): string => {
    const wanted = read(key);
    const usable = connections.filter((c) => kinds.includes(c.kind));
    if (wanted === undefined || wanted === null || wanted === '') return usable[0]?.id ?? DEMO_ID;
    if (typeof wanted === 'string' && (wanted === DEMO_ID || usable.some((c) => c.id === wanted))) return wanted;
    const fallback = usable[0]?.id ?? DEMO_ID;
    issues.push({ setting: `caselink.${key}`, message: `${JSON.stringify(wanted)} is not a connection that can be the ${what} (${['demo', ...usable.map((c) => c.id)].join(', ')}); using "${fallback}".` });
    return fallback;
  };
  return {
    connections,
    ticketSource: pick('ticketSource', TICKET_SOURCE_KINDS, 'ticket source'),
    defectTracker: pick('defectTracker', DEFECT_TRACKER_KINDS, 'defect tracker'),
  };
}

/** Views every user has, before their own. */
export const BUILT_IN_VIEWS: readonly SavedView[] = [
  { name: 'All tickets', filter: {} },
  { name: 'My open tickets', filter: { assignee: 'me', status: ['new', 'open', 'pending', 'hold'] }, group: 'due', sort: 'due' },
  { name: 'Unassigned', filter: { assignee: 'unassigned', status: ['new', 'open'] }, group: 'priority', sort: 'priority' },
  { name: 'Overdue', filter: { due: ['overdue'] }, group: 'priority', sort: 'due' },
];
