import type * as z from 'zod';
import { FEEDBACK_BLOCK_VERSION, type AffectedCustomer, type Evidence, type EvidenceComment, type FeedbackRecord, type FeedbackTicketRef } from '../model/feedback';
import { EvidenceComment as EvidenceCommentSchema, FeedbackRecord as FeedbackRecordSchema } from '../schemas/feedback';

/*
 * A feedback record as the tracker stores it: a readable body for engineers, then a fenced JSON
 * block that Caselink reads back to aggregate. Customer text appears verbatim but can never forge
 * the block: fences inside it are broken up, and the reader takes only the last block.
 */

const RECORD_FENCE = 'caselink-feedback';
const EVIDENCE_FENCE = 'caselink-evidence';
const KIND_LABELS: Record<string, string> = { defect: 'Defect', missingCapability: 'Missing capability', usability: 'Usability', performance: 'Performance', documentation: 'Documentation' };

/** Customer text inside a quote: no line can open or close a fence. */
function neutralise(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/```/g, '`\u200b`\u200b`').replace(/~~~/g, '~\u200b~\u200b~');
}

function quoteBlock(text: string): string {
  return neutralise(text).split('\n').map((line) => `> ${line}`).join('\n');
}

function section(title: string, body: string | undefined): string {
  return body && body.trim() ? `### ${title}\n\n${neutralise(body.trim())}\n\n` : '';
}

function money(n: number | undefined): string {
  return n === undefined ? 'unknown' : n.toLocaleString('en-US');
}

function customerTable(customers: readonly AffectedCustomer[]): string {
  if (!customers.length) return '';
  const cell = (s: string) => neutralise(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = customers.map((c) => `| ${cell(c.organization)} | ${c.tier ?? 'unknown'} | ${money(c.arr)} |`);
  const totalArr = customers.reduce((sum, c) => sum + (c.arr ?? 0), 0);
  const unknown = customers.filter((c) => c.arr === undefined).length;
  return `### Customers affected (${customers.length})\n\n| Organisation | Tier | ARR |\n|---|---|---|\n${rows.join('\n')}\n\nKnown ARR: ${money(totalArr)}${unknown ? ` (${unknown} without ARR)` : ''}\n\n`;
}

function evidenceList(evidence: readonly Evidence[]): string {
  if (!evidence.length) return '';
  const items = evidence.map((e) => `${quoteBlock(e.quote)}\n\n— ${e.author ? `${neutralise(e.author)}, ` : ''}${e.ticket.key}${e.ticket.url ? ` (${e.ticket.url})` : ''}, ${e.at.slice(0, 10)}`);
  return `### Evidence from cases\n\n${items.join('\n\n')}\n\n`;
}

/** The full description: readable sections, a customer table, quotes, and the machine block last. */
export function renderFeedbackBody(record: FeedbackRecord): string {
  const header = `**${KIND_LABELS[record.kind] ?? record.kind}** · severity **${record.severity}** · area **${neutralise(record.productArea)}** · ` +
    `${record.frequency.linkedCases} linked case${record.frequency.linkedCases === 1 ? '' : 's'} · first seen ${record.frequency.firstSeen.slice(0, 10)}, last seen ${record.frequency.lastSeen.slice(0, 10)}\n\n`;
  const workaround = record.workaround ? `${record.workaround}${record.workaroundAccepted === undefined ? '' : record.workaroundAccepted ? '\n\n(The customer accepted this workaround.)' : '\n\n(The customer did not accept this workaround.)'}` : '';
  const cost = `### Support cost\n\n${record.supportCost.cases} case${record.supportCost.cases === 1 ? '' : 's'}, ${record.supportCost.replies} replies, ${Math.round(record.supportCost.hoursOpen)} hours open in all.\n\n`;
  const sources = `### Source tickets\n\n${record.sources.map((s) => `- ${s.key}${s.url ? `: ${s.url}` : ''}`).join('\n')}\n\n`;
  return (
    header +
    section('Problem', record.problem) +
    section('Customer impact', record.customerImpact) +
    section('Steps to reproduce', record.steps) +
    section('Expected', record.expected) +
    section('Actual', record.actual) +
    section('Environment', record.environment) +
    section('Workaround', workaround) +
    customerTable(record.customers) +
    evidenceList(record.evidence) +
    cost +
    sources +
    machineBlock(RECORD_FENCE, record)
  );
}

function machineBlock(fence: string, data: unknown): string {
  return `---\n_Filed with Caselink. The block below is read by Caselink to aggregate feedback; please leave it as it is._\n\n\`\`\`${fence}\n${JSON.stringify(data, null, 2)}\n\`\`\`\n`;
}

export type Parsed<T> = { status: 'ok'; value: T } | { status: 'absent' } | { status: 'unparsed'; reason: string };

function parseBlock<T>(text: string | null | undefined, fence: string, schema: z.ZodType<T>): Parsed<T> {
  if (!text) return { status: 'absent' };
  const normalised = text.replace(/\r\n?/g, '\n');
  const matches = [...normalised.matchAll(new RegExp('```' + fence + '\\n([\\s\\S]*?)\\n```', 'g'))];
  const last = matches[matches.length - 1];
  if (!last) return normalised.includes(fence) ? { status: 'unparsed', reason: `the ${fence} block is not closed` } : { status: 'absent' };
  let json: unknown;
  try {
    json = JSON.parse(last[1]);
  } catch {
    return { status: 'unparsed', reason: `the ${fence} block is not valid JSON (it may have been edited by hand)` };
  }
  const version = (json as { schemaVersion?: unknown })?.schemaVersion;
  if (typeof version === 'number' && version > FEEDBACK_BLOCK_VERSION) return { status: 'unparsed', reason: `the block is version ${version}; this Caselink reads up to ${FEEDBACK_BLOCK_VERSION}` };
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: 'unparsed', reason: `the ${fence} block has ${issue?.path.join('.') || 'data'} that is not valid: ${issue?.message}` };
  }
  return { status: 'ok', value: parsed.data };
}

/** Reads a record back from a tracker description (the last caselink-feedback block). */
export function parseFeedbackBody(text: string | null | undefined): Parsed<FeedbackRecord> {
  return parseBlock(text, RECORD_FENCE, FeedbackRecordSchema);
}

export function renderEvidenceComment(comment: EvidenceComment): string {
  const who = comment.customers.map((c) => `${neutralise(c.organization)}${c.tier ? ` (${c.tier}${c.arr !== undefined ? `, ARR ${money(c.arr)}` : ''})` : ''}`).join(', ');
  return (
    `**+1 from support:** ${comment.ticket.key}${comment.ticket.url ? ` (${comment.ticket.url})` : ''}${who ? ` · ${who}` : ''}\n\n` +
    (comment.note ? `${neutralise(comment.note)}\n\n` : '') +
    evidenceList(comment.evidence) +
    machineBlock(EVIDENCE_FENCE, comment)
  );
}

export function parseEvidenceComment(text: string | null | undefined): Parsed<EvidenceComment> {
  return parseBlock(text, EVIDENCE_FENCE, EvidenceCommentSchema);
}

export type { FeedbackTicketRef };
