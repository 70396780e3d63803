import { describeError, isCancelled, throwIfAborted } from '../../errors';
import type { Defect, DefectLink } from '../../model/defect';
import type { ImpactData } from '../../model/impact';
import type { Ticket } from '../../model/ticket';
import type { DefectTracker, TicketRef } from '../../ports/defectTracker';
import type { Logger } from '../../ports/logger';
import type { TicketSource } from '../../ports/ticketSource';
import { redact } from '../../redact';

/*
 * Gathers what the impact report aggregates: every ticket of the source (all statuses, up to a
 * cap), their links, the linked defects and the text of each (for Caselink's feedback blocks).
 * The ports validate what they return, so nothing is validated again here.
 */

export const DEFAULT_MAX_TICKETS = 20_000;
const PAGE_SIZE = 500;
/**
 * Tickets per linksForTickets call. Big enough that a tracker which answers by scanning its linked
 * issues (Redmine) does not repeat the scan often, small enough to keep one request's work bounded.
 */
const LINK_BATCH = 1_000;
const DEFECT_BATCH = 100;
/** Defect texts read at once: one request each, so a handful in parallel, not hundreds. */
const TEXT_CONCURRENCY = 4;

export type DefectText = { readonly description: string; readonly comments: readonly string[] };

/**
 * Defect texts by tracker and defect id, each valid for the defect's `updatedAt`: a reload reads
 * again only the defects that changed (a comment changes updatedAt in every tracker Caselink knows).
 */
export class DefectTextCache {
  readonly #entries = new Map<string, { readonly updatedAt: string; readonly text: DefectText }>();

  get(trackerId: string, defect: Defect): DefectText | undefined {
    const entry = this.#entries.get(`${trackerId}\u0000${defect.id}`);
    return entry && entry.updatedAt === defect.updatedAt ? entry.text : undefined;
  }

  set(trackerId: string, defect: Defect, text: DefectText): void {
    this.#entries.set(`${trackerId}\u0000${defect.id}`, { updatedAt: defect.updatedAt, text });
  }

  /** Forgets a defect's text: Caselink changed it, and not every tracker moves updatedAt for a comment (the demo's doesn't). */
  forget(defectId: string): void {
    for (const key of this.#entries.keys()) if (key.endsWith(`\u0000${defectId}`)) this.#entries.delete(key);
  }

  /** Drops what the last load no longer needed, so the cache never outgrows one report. */
  retainOnly(trackerId: string, ids: ReadonlySet<string>): void {
    for (const key of this.#entries.keys()) {
      const [tracker, id] = key.split('\u0000');
      if (tracker !== trackerId || !ids.has(id)) this.#entries.delete(key);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}

export interface ImpactLoadOptions {
  readonly source: TicketSource;
  readonly tracker: DefectTracker;
  readonly log: Logger;
  /** Stop after this many tickets; the data is then `partial`. */
  readonly maxTickets?: number;
  readonly cache?: DefectTextCache;
  readonly signal?: AbortSignal;
  /** Progress for a long load: what is being read now. */
  readonly onProgress?: (message: string) => void;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `work` over `items`, at most `limit` at a time, stopping early when the signal aborts. */
async function eachLimited<T>(items: readonly T[], limit: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      throwIfAborted(signal);
      await work(items[next++]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Throws CaselinkError `cancelled` when aborted; other port failures except per-defect reads propagate. */
export async function loadImpactData(options: ImpactLoadOptions): Promise<ImpactData> {
  const { source, tracker, signal, log } = options;
  const maxTickets = Math.max(1, options.maxTickets ?? DEFAULT_MAX_TICKETS);
  const started = Date.now();

  // Every ticket, whatever its status: impact counts solved cases too.
  const tickets: Ticket[] = [];
  const refs = new Set<string>();
  let cursor: string | undefined;
  let partial = false;
  do {
    throwIfAborted(signal);
    // The same page size throughout: some cursors are page numbers (RT) that assume it.
    const page = await source.listTickets({}, { ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }, signal);
    for (const t of page.items) {
      const ref = `${t.connectionId}:${t.id}`;
      // Offset paging can return a ticket twice when the queue changes between pages.
      if (refs.has(ref)) continue;
      refs.add(ref);
      tickets.push(t);
    }
    cursor = page.nextCursor;
    options.onProgress?.(`Read ${tickets.length.toLocaleString('en-US')}${page.total !== undefined ? ` of ${page.total.toLocaleString('en-US')}` : ''} tickets…`);
    if (tickets.length >= maxTickets && (cursor || tickets.length > maxTickets)) {
      partial = true;
      break;
    }
  } while (cursor);
  if (tickets.length > maxTickets) tickets.length = maxTickets;

  const ticketRefs: TicketRef[] = tickets.map((t) => ({ connectionId: t.connectionId, ticketId: t.id, ...(t.url ? { url: t.url } : {}) }));
  const links: DefectLink[] = [];
  for (const batch of chunks(ticketRefs, LINK_BATCH)) {
    throwIfAborted(signal);
    links.push(...(await tracker.linksForTickets(batch, signal)));
  }
  options.onProgress?.(`Read ${links.length.toLocaleString('en-US')} links; reading the linked defects…`);

  const linkedIds = [...new Set(links.map((l) => l.defectId))];
  const defects: Defect[] = [];
  for (const batch of chunks(linkedIds, DEFECT_BATCH)) {
    throwIfAborted(signal);
    defects.push(...(await tracker.getDefects(batch, signal)));
  }

  const feedbackTexts = new Map<string, DefectText>();
  const problems: string[] = [];
  const cache = options.cache;
  const trackerId = tracker.info.id;
  const toRead: Defect[] = [];
  for (const d of defects) {
    const cached = cache?.get(trackerId, d);
    if (cached) feedbackTexts.set(d.id, cached);
    else toRead.push(d);
  }
  await eachLimited(toRead, TEXT_CONCURRENCY, signal, async (d) => {
    try {
      const text = await tracker.getDefectText(d.id, signal);
      feedbackTexts.set(d.id, text);
      cache?.set(trackerId, d, text);
    } catch (err) {
      if (isCancelled(err) || signal?.aborted) throw err;
      // One unreadable defect must not cost the whole report: it is listed, without its blocks.
      const message = `${d.key}: its text could not be read, so its feedback blocks are not counted (${redact(describeError(err))}).`;
      problems.push(message);
      log.warn(message);
    }
  });
  throwIfAborted(signal);
  cache?.retainOnly(trackerId, new Set(defects.map((d) => d.id)));
  log.info(
    `loaded ${tickets.length} tickets${partial ? ` (stopped at the cap of ${maxTickets})` : ''}, ${links.length} links, ${defects.length} of ${linkedIds.length} linked defects, ` +
      `${toRead.length} defect texts read (${defects.length - toRead.length} cached), ${problems.length} problems, in ${Date.now() - started} ms`,
  );
  return { tickets, links, defects, feedbackTexts, problems, partial };
}
