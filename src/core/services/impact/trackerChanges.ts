import type { DefectTracker } from '../../ports/defectTracker';

/**
 * The tracker calls that change what an impact report counts (links, records, evidence comments),
 * each with where its defect id is: an argument's index, or the result (a new defect).
 */
const CHANGING_CALLS: ReadonlyMap<PropertyKey, number | 'result'> = new Map<PropertyKey, number | 'result'>([
  ['link', 1], ['unlink', 1], ['createDefect', 'result'], ['addComment', 0], ['updateDescription', 0],
]);

/**
 * The same tracker, calling `onChange` with the defect's id after each successful call that
 * changes links or feedback text, so whoever caches a report (ImpactStore) hears of changes made anywhere in Caselink
 * without every caller having to remember to say so.
 */
export function notifyingTracker(tracker: DefectTracker, onChange: (defectId: string | undefined) => void): DefectTracker {
  return new Proxy(tracker, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const where = CHANGING_CALLS.get(prop);
      if (where === undefined) return value.bind(target);
      return async (...args: unknown[]) => {
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        const id = where === 'result' ? (result as { id?: unknown } | undefined)?.id : args[where];
        onChange(typeof id === 'string' ? id : undefined);
        return result;
      };
    },
  });
}
