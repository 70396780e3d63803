import type * as z from 'zod';
import type { GroupBy, SavedView, SortOrder } from './model/queue';

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
} as const satisfies Record<string, { fallback: unknown; field: keyof Settings }>;

type Schemas = typeof import('./settingsSchemas');
/** zod is loaded only when the user has set something: the common case activates without it. */
const schemas = (): Schemas => require('./settingsSchemas') as Schemas;

export const SETTING_KEYS = ['views', ...Object.keys(SCALARS)] as const;

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
  return { settings: out as unknown as Settings, issues };
}

/** Views every user has, before their own. */
export const BUILT_IN_VIEWS: readonly SavedView[] = [
  { name: 'All tickets', filter: {} },
  { name: 'My open tickets', filter: { assignee: 'me', status: ['new', 'open', 'pending', 'hold'] }, group: 'due', sort: 'due' },
  { name: 'Unassigned', filter: { assignee: 'unassigned', status: ['new', 'open'] }, group: 'priority', sort: 'priority' },
  { name: 'Overdue', filter: { due: ['overdue'] }, group: 'priority', sort: 'due' },
];
