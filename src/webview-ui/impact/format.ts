/** Number and date formatting for the dashboard: one locale, so figures match the exports. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export const formatCount = (n: number): string => integer.format(n);

export const formatHours = (h: number | undefined): string => (h === undefined ? 'no data' : `${oneDecimal.format(h)} h`);

/** ARR in whole currency units; the currency is the helpdesk's and is not known here. */
export function formatArr(known: number, unknownOrgs: number): string {
  const parts = [known > 0 ? integer.format(known) : known === 0 && unknownOrgs === 0 ? '0' : ''];
  if (unknownOrgs) parts.push(`${unknownOrgs} organisation${unknownOrgs === 1 ? '' : 's'} unknown`);
  return parts.filter(Boolean).join(' + ');
}

/** "Mar 3" for a bucket's ISO start date (UTC: buckets start at UTC midnight). */
export function weekLabel(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function dayLabel(iso: string | undefined): string {
  if (!iso) return 'unknown';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;
