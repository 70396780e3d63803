import * as assert from 'assert';
import { generateDemoData } from '../../src/backends/demo/generator';
import type { FeedbackRecord } from '../../src/core/model/feedback';
import { FeedbackDraft, FeedbackRecord as FeedbackRecordSchema } from '../../src/core/schemas/feedback';
import { parseEvidenceComment, parseFeedbackBody, renderEvidenceComment, renderFeedbackBody } from '../../src/core/services/feedbackFormat';
import { completeDraft, DRAFT_FIELDS, prefillFromCase, selectionQuote, withQuote } from '../../src/core/services/feedbackPrefill';

const now = new Date('2026-11-22T12:00:00.000Z');
const data = generateDemoData({ now });

function recordFrom(ticketId: string, overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  const ticket = data.tickets.find((t) => t.id === ticketId)!;
  const { draft } = prefillFromCase({ ticket, history: data.history(ticketId) });
  const parsed = FeedbackDraft.parse({ ...draft, problem: draft.problem || 'The customer cannot finish their work because of this.' });
  return FeedbackRecordSchema.parse({
    ...parsed,
    schemaVersion: 1,
    idempotencyKey: 'a1b2c3d4-0000-4000-8000-000000000001',
    createdAt: now.toISOString(),
    frequency: { firstSeen: ticket.createdAt, lastSeen: ticket.updatedAt, linkedCases: 1 },
    supportCost: { cases: 1, replies: 3, hoursOpen: 52.5 },
    ...overrides,
  });
}

describe('feedback prefill from a case', () => {
  it('fills title, area, environment, severity, problem, quotes, customer and source from a demo case', () => {
    const ticket = data.tickets.find((t) => t.organization && t.priority === 'urgent')!;
    const { draft, prefilled } = prefillFromCase({ ticket, history: data.history(ticket.id) });
    assert.strictEqual(draft.title, ticket.subject);
    assert.strictEqual(draft.productArea, ticket.customFields['Product area']);
    assert.strictEqual(draft.severity, 'critical');
    assert.match(draft.environment ?? '', /Product version: \d/);
    assert.ok(draft.problem && draft.problem.length > 20);
    assert.ok(draft.evidence && draft.evidence.length >= 1 && draft.evidence.every((e) => e.ticket.key === ticket.key && e.quote.length > 0));
    assert.deepStrictEqual(draft.customers?.map((c) => c.organization), [ticket.organization!.name]);
    assert.deepStrictEqual(draft.sources, [{ connectionId: 'demo', ticketId: ticket.id, key: ticket.key }]);
    for (const f of ['title', 'productArea', 'problem', 'environment', 'severity', 'evidence', 'customers', 'sources'] as const) assert.ok(prefilled.includes(f), f);
  });

  it('uses the chosen entries and the selected text as quotes', () => {
    const ticket = data.tickets[5];
    const history = data.history(ticket.id);
    const agentReply = history.find((e) => e.kind === 'message' && e.authorRole === 'agent')!;
    const { draft } = prefillFromCase({ ticket, history, selectedEventIds: [agentReply.id], selectedText: 'exactly these words', selectedTextEventId: history[0].id });
    assert.deepStrictEqual(draft.evidence!.map((e) => [e.eventId, e.quote === 'exactly these words']), [[history[0].id, true], [agentReply.id, false]]);
  });

  it('keeps a long selection whole up to the quote limit (a picked entry is cut at 600)', () => {
    const ticket = data.tickets[5];
    const history = data.history(ticket.id);
    const long = 'The nightly sync skips every third record. '.repeat(50).trim();
    const { draft } = prefillFromCase({ ticket, history, selectedText: long, selectedTextEventId: history[0].id });
    assert.strictEqual(draft.evidence![0].quote, long);
    const huge = prefillFromCase({ ticket, history, selectedText: 'x '.repeat(3_000), selectedTextEventId: history[0].id }).draft;
    assert.ok(huge.evidence![0].quote.length <= 4_000);
  });

  it('turns a selection into a quote of its message, added to a draft once', () => {
    const ticket = data.tickets[5];
    const history = data.history(ticket.id);
    const msg = history.find((e) => e.kind === 'message')!;
    const quote = selectionQuote(ticket, history, { eventId: msg.id, text: '  these words  ' })!;
    assert.deepStrictEqual({ eventId: quote.eventId, at: quote.at, quote: quote.quote, key: quote.ticket.key }, { eventId: msg.id, at: msg.at, quote: 'these words', key: ticket.key });
    assert.strictEqual(selectionQuote(ticket, history, { eventId: 'not-in-this-case', text: 'x' }), undefined, 'never attributed to another entry');
    const { draft } = prefillFromCase({ ticket, history });
    const once = withQuote(draft.evidence!, quote);
    assert.strictEqual(once.length, draft.evidence!.length + 1);
    assert.deepStrictEqual(once[once.length - 1], quote);
    assert.strictEqual(withQuote(once, { ...quote, quote: 'these words ' }), once, 'the same words from the same entry are not added twice');
    assert.strictEqual(withQuote(once, { ...quote, quote: 'other words' }).length, once.length + 1);
  });

  it('completes a prefilled draft with every field the form edits', () => {
    const ticket = data.tickets[5];
    const full = completeDraft(prefillFromCase({ ticket, history: data.history(ticket.id) }).draft);
    for (const f of DRAFT_FIELDS) assert.notStrictEqual(full[f], undefined, f);
    assert.strictEqual(FeedbackDraft.safeParse({ ...full, problem: full.problem || 'A problem the customer described at length.' }).success, true);
  });

  it('takes the problem from the first message when an agent opened the ticket for the customer', () => {
    const ticket = data.tickets[7];
    const history = data.history(ticket.id).map((e) => (e.kind === 'message' ? { ...e, authorRole: 'agent' as const } : e));
    const { draft } = prefillFromCase({ ticket, history });
    const first = history.find((e) => e.kind === 'message' && e.visibility === 'public') as { body: string };
    assert.strictEqual(draft.problem, first.body.trim().slice(0, draft.problem!.length));
    assert.ok(draft.problem!.length > 20);
  });

  it('prefills most of the form on the demo data (the share is printed)', () => {
    let filled = 0;
    let needsOnlyReview = 0;
    for (const t of data.tickets) {
      const { draft, prefilled } = prefillFromCase({ ticket: t, history: data.history(t.id) });
      filled += prefilled.length;
      if (FeedbackDraft.safeParse(draft).success) needsOnlyReview++;
    }
    const share = filled / (data.tickets.length * DRAFT_FIELDS.length);
    console.log(`      prefilled: ${(share * 100).toFixed(1)}% of fields; ${needsOnlyReview}/${data.tickets.length} drafts valid without typing`);
    assert.ok(share > 0.6, `share ${share}`);
    assert.ok(needsOnlyReview / data.tickets.length > 0.9);
  });
});

describe('feedback validation messages', () => {
  const base = recordFrom('1000');
  it('names the field and says what is missing', () => {
    const result = FeedbackDraft.safeParse({ ...base, title: 'Bug', problem: '', productArea: '  ', sources: [] });
    assert.ok(!result.success);
    const byField = Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]));
    assert.match(byField.title, /at least 8 characters/);
    assert.match(byField.problem, /what goes wrong/);
    assert.match(byField.productArea, /right team/);
    assert.match(byField.sources, /the case it comes from/);
  });
  it('refuses huge fields with a clear limit', () => {
    const result = FeedbackDraft.safeParse({ ...base, problem: 'x'.repeat(9000) });
    assert.ok(!result.success && /at most 8000 characters/.test(result.error.issues[0].message));
  });
});

describe('feedback body and machine-readable block', () => {
  it('round-trips: what is written reads back equal', () => {
    const record = recordFrom('1003');
    const body = renderFeedbackBody(record);
    const back = parseFeedbackBody(body);
    assert.strictEqual(back.status, 'ok');
    assert.deepStrictEqual((back as { value: FeedbackRecord }).value, record);
    assert.match(body, /### Problem/);
    assert.match(body, /\| Organisation \| Tier \| ARR \|/);
  });

  it('survives a tracker that stores line breaks as CRLF', () => {
    const record = recordFrom('1004');
    const back = parseFeedbackBody(renderFeedbackBody(record).replace(/\n/g, '\r\n'));
    assert.deepStrictEqual((back as { value: FeedbackRecord }).value, record);
  });

  it('cannot be forged by customer text, and shows markup and script as text', () => {
    const hostile = '```caselink-feedback\n{"schemaVersion":1,"title":"forged"}\n```\n<script>alert(1)</script> | pipes | in table';
    const record = recordFrom('1005');
    record.evidence[0] = { ...record.evidence[0], quote: hostile };
    record.customers = [{ organization: 'Evil | Corp\nnewline' }];
    const body = renderFeedbackBody(record);
    const back = parseFeedbackBody(body);
    assert.strictEqual(back.status, 'ok');
    assert.strictEqual((back as { value: FeedbackRecord }).value.evidence[0].quote, hostile, 'the quote is kept verbatim in the block');
    assert.strictEqual((body.match(/^```caselink-feedback$/gm) ?? []).length, 1, 'only the real block opens a fence');
    assert.match(body, /\| Evil \\\| Corp newline \|/);
  });

  it('reports a missing, corrupt or newer block instead of failing', () => {
    assert.deepStrictEqual(parseFeedbackBody('Filed by hand, no block.'), { status: 'absent' });
    assert.deepStrictEqual(parseFeedbackBody(undefined), { status: 'absent' });
    const body = renderFeedbackBody(recordFrom('1006'));
    const corrupt = parseFeedbackBody(body.replace('"schemaVersion": 1', '"schemaVersion": 1,,'));
    assert.strictEqual(corrupt.status, 'unparsed');
    assert.match((corrupt as { reason: string }).reason, /not valid JSON/);
    const newer = parseFeedbackBody(body.replace('"schemaVersion": 1', '"schemaVersion": 9'));
    assert.match((newer as { reason: string }).reason, /version 9/);
    const unclosed = parseFeedbackBody('```caselink-feedback\n{');
    assert.strictEqual(unclosed.status, 'unparsed');
  });

  it('round-trips a +1 evidence comment', () => {
    const record = recordFrom('1007');
    const comment = { schemaVersion: 1, idempotencyKey: 'b1b2c3d4-0000-4000-8000-000000000002', ticket: record.sources[0], customers: record.customers, evidence: record.evidence, note: 'Same crash, other customer.', addedAt: now.toISOString() };
    const back = parseEvidenceComment(renderEvidenceComment(comment));
    assert.deepStrictEqual((back as { value: unknown }).value, comment);
  });
});
