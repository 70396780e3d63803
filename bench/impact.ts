// Impact aggregation benchmark worker, started by bench/run.js in a fresh process:
//   node --expose-gc out/bench/impact.js [ticketCount] [defectCount] [runs]
// The demo generator's tickets, links and defects, plus Caselink feedback records and "+1"
// comments on ~10% of the defects, aggregated by the real aggregateImpact (out/src/), then the
// report exported as Markdown and CSV. A fixed clock so every run sees the same data.
import { generateDemoData } from '../src/backends/demo/generator';
import type { ImpactInput } from '../src/core/model/impact';
import type { Ticket } from '../src/core/model/ticket';
import { renderEvidenceComment, renderFeedbackBody } from '../src/core/services/feedbackFormat';
import { aggregateImpact } from '../src/core/services/impact/aggregate';
import { toCsv, toMarkdown } from '../src/core/services/impact/reportExport';
import { heapUsed, report, summarize, time, type Summary } from './stats';

const NOW = new Date('2026-11-22T12:00:00.000Z');

export interface ImpactBenchResult {
  readonly tickets: number;
  readonly defects: number;
  readonly links: number;
  readonly feedbackTexts: number;
  readonly runs: number;
  /** A freshly loaded ticket list: the first report after a load parses every ticket. */
  readonly aggregate30d: Summary;
  readonly aggregateAll: Summary;
  /** The same list again with other filters (a range change in the dashboard or a tree). */
  readonly refilter30d: Summary;
  readonly refilterAll: Summary;
  readonly reportHeapBytes: number;
  readonly markdown: Summary;
  readonly markdownBytes: number;
  readonly csv: Summary;
  readonly csvBytes: number;
  readonly reportDefects: number;
  readonly unparsed: number;
}

const ref = (t: Ticket) => ({ connectionId: t.connectionId, ticketId: t.id, key: t.key });

async function main(): Promise<void> {
  const ticketCount = Number(process.argv[2]) || 50_000;
  const defectCount = Number(process.argv[3]) || 2_000;
  const runs = Number(process.argv[4]) || 7;
  const data = generateDemoData({ now: NOW, ticketCount, defectCount });
  const byId = new Map(data.tickets.map((t) => [t.id, t]));
  const linkedTo = new Map<string, Ticket[]>();
  for (const l of data.links) linkedTo.set(l.defectId, [...(linkedTo.get(l.defectId) ?? []), byId.get(l.ticketId)!]);

  // A feedback record and two "+1" comments on every tenth linked defect; one in fifty corrupt.
  const feedbackTexts = new Map<string, { description: string; comments: string[] }>();
  let n = 0;
  for (const [defectId, tickets] of linkedTo) {
    if (n++ % 10) continue;
    const [first, ...others] = tickets;
    const customers = tickets.filter((t) => t.organization).slice(0, 5).map((t) => ({ organization: t.organization!.name, ...(t.organization!.arr !== undefined ? { arr: t.organization!.arr } : {}) }));
    const quote = (t: Ticket, i: number) => ({ ticket: ref(t), eventId: `${t.id}-${i}`, at: t.createdAt, quote: `It fails again for ${t.organization?.name ?? 'us'}, "every time", | since the update` });
    const description = renderFeedbackBody({
      title: `Feedback ${defectId}`, productArea: 'Performance', kind: 'defect', problem: 'Reports time out when filtering a large date range.', steps: '', expected: '', actual: '',
      environment: '', workaround: '', severity: 'major', customerImpact: '', tags: [], evidence: [quote(first, 1)], customers, sources: tickets.slice(0, 3).map(ref),
      schemaVersion: 1, idempotencyKey: `bench-${defectId}-key`, createdAt: first.createdAt, frequency: { firstSeen: first.createdAt, lastSeen: first.updatedAt, linkedCases: tickets.length },
      supportCost: { cases: tickets.length, replies: 4, hoursOpen: 30 },
    });
    const comments = others.slice(0, 2).map((t, i) => renderEvidenceComment({
      schemaVersion: 1, idempotencyKey: `bench-${defectId}-${i}-key`, ticket: ref(t), customers: customers.slice(0, 1), evidence: [quote(t, 2)], note: '', addedAt: t.updatedAt,
    }));
    if (n % 50 === 1) comments.push('```caselink-evidence\n{ "schemaVersion": 1, broken\n```');
    feedbackTexts.set(defectId, { description, comments });
  }
  const input = (range: ImpactInput['filters']['range']): ImpactInput => ({ now: NOW, filters: { range }, tickets: data.tickets, links: data.links, defects: data.defects, feedbackTexts });
  // Copies are a new load to aggregateImpact, which parses each ticket list and each text once.
  const freshLoad = (range: ImpactInput['filters']['range']): ImpactInput => ({
    ...input(range),
    tickets: [...data.tickets],
    feedbackTexts: new Map([...feedbackTexts].map(([id, text]) => [id, { description: text.description, comments: [...text.comments] }])),
  });

  aggregateImpact(freshLoad('30d')); // warm-up: the first call also compiles the code
  const aggregate30d = summarize(await time(runs, () => aggregateImpact(freshLoad('30d'))));
  const aggregateAll = summarize(await time(runs, () => aggregateImpact(freshLoad('all'))));
  aggregateImpact(input('7d'));
  const refilter30d = summarize(await time(runs, () => aggregateImpact(input('30d'))));
  const refilterAll = summarize(await time(runs, () => aggregateImpact(input('all'))));
  const heap0 = heapUsed();
  const kept = aggregateImpact(input('all'));
  const reportHeapBytes = heapUsed() - heap0;
  const markdown = summarize(await time(runs, () => toMarkdown(kept)));
  const csv = summarize(await time(runs, () => toCsv(kept)));
  const result: ImpactBenchResult = {
    tickets: data.tickets.length, defects: data.defects.length, links: data.links.length, feedbackTexts: feedbackTexts.size, runs,
    aggregate30d, aggregateAll, refilter30d, refilterAll, reportHeapBytes, markdown, markdownBytes: Buffer.byteLength(toMarkdown(kept)), csv, csvBytes: Buffer.byteLength(toCsv(kept)),
    reportDefects: kept.defects.length, unparsed: kept.feedback.unparsed,
  };
  report(result);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
