import * as z from 'zod';
import { GroupBy, SortOrder } from './schemas/queue';

export { SavedView } from './schemas/queue';
export { ConnectionConfig } from './schemas/connection';
export { referencePatternProblem } from './services/impact/defectReferences';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** One schema per setting, so one bad setting never takes the others down with it. */
export const SCALAR_SCHEMAS = {
  'queue.defaultGroupBy': GroupBy,
  'queue.sort': SortOrder,
  'queue.pageSize': int(10, 500),
  'queue.loadBatch': int(100, 100_000),
  'queue.groupPageSize': int(20, 5000),
  'refresh.intervalSeconds': z.union([z.literal(0), int(15, 86_400)]),
  'statusBar.enabled': z.boolean(),
  'demo.ticketCount': int(10, 100_000),
  'impact.maxTickets': int(100, 1_000_000),
  'hovers.enabled': z.boolean(),
  'codeLens.enabled': z.boolean(),
} as const;
