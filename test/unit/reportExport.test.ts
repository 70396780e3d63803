import * as assert from 'assert';
import { aggregateImpact } from '../../src/core/services/impact/aggregate';
import { csvCell, markdownCell, toCsv, toJsonReport, toMarkdown } from '../../src/core/services/impact/reportExport';
import { renderEvidenceComment } from '../../src/core/services/feedbackFormat';
import { aDefect, aLink, aQuote, anEvidenceComment, markdownTable, parseCsv, parseMarkdownRow } from '../builders/impact';
import { aTicket } from '../builders/ticket';

const NOW = new Date('2026-11-22T12:00:00.000Z');
/** Customer text with everything that could break a table, a CSV file or a spreadsheet. */
const HOSTILE_SUBJECT = '=HYPERLINK("http://evil.example","click") | "quoted", a\\b\r\nsecond line <img src=x onerror=alert(1)> *bold* [link](javascript:x) &lt;';
const HOSTILE_QUOTE = '+1, "it breaks" | every\ntime\\';

function hostileReport() {
  const ticket = aTicket({
    connectionId: 'c1', id: '1', key: '#1', status: 'open', subject: HOSTILE_SUBJECT, tags: ['-rm -rf', '@import'], customFields: { 'Product area': 'Billing | Invoices' },
    organization: { id: 'o', name: 'Smith, Jones & "Partners"', arr: 10_000 },
    createdAt: '2026-11-20T12:00:00.000Z', updatedAt: '2026-11-21T12:00:00.000Z', dueAt: '2026-11-21T08:00:00.000Z',
  });
  return aggregateImpact({
    now: NOW,
    filters: { range: '30d' },
    tickets: [ticket],
    links: [aLink(ticket, '7')],
    defects: [aDefect('7', { title: '@SUM(A1:A9) | totals, "wrong"\nafter import' })],
    feedbackTexts: new Map([['7', { description: '', comments: [renderEvidenceComment(anEvidenceComment(ticket, [], [aQuote(ticket, '2026-11-20T13:00:00.000Z', HOSTILE_QUOTE)]))] }]]),
  });
}

describe('impact report export', () => {
  const report = hostileReport();

  it('Markdown: states the scope first, and table cells with | \\ and newlines read back exactly', () => {
    const md = toMarkdown(report);
    const lines = md.split('\n');
    assert.strictEqual(lines[0], '# Customer impact report');
    assert.match(lines[2], /^Tickets created in the last 30 days \(2026-10-23 – 2026-11-22\), all connections; 1 ticket\.$/);
    const [defect] = markdownTable(md, 'Top defects');
    assert.deepStrictEqual(defect.slice(0, 8), ['LUM-7', '@SUM(A1:A9) | totals, "wrong"\nafter import', 'Confirmed', '1', '1', '1', '10,000', '21']);
    assert.strictEqual(defect[8], `“${HOSTILE_QUOTE}” (#1)`);
    const [overdue] = markdownTable(md, 'Overdue follow-ups');
    assert.deepStrictEqual(overdue, ['#1', HOSTILE_SUBJECT.replace(/\r\n/g, '\n'), 'Smith, Jones & "Partners"', '2026-11-21 08:00']);
    assert.deepStrictEqual(markdownTable(md, 'Product areas')[0].slice(0, 6), ['Billing | Invoices', '1', '1', '1', '0', '↑ up']);
    // Nothing of the customer's text is left to be taken for HTML or a link by a Markdown renderer.
    assert.ok(md.includes('\\<img') && !/(^|[^\\])<img/.test(md), 'no raw HTML: the < is escaped');
    assert.ok(!/[^\\]\[link\]/.test(md), 'no live link syntax');
    for (const line of lines.filter((l) => l.startsWith('|'))) assert.ok(!line.includes('\n') && !line.includes('\r'));
  });

  it('Markdown: every section is there, with trend arrows and "… and N more" beyond maxRows', () => {
    const md = toMarkdown(report, { maxRows: 1 });
    for (const heading of ['Top defects', 'Tags', 'Product areas', 'Response times (median hours)', 'Overdue follow-ups', 'Feedback parsing']) assert.ok(md.includes(`\n## ${heading}\n`), heading);
    assert.match(md, /… and 1 more \(the CSV export has every row\)\./);
    assert.match(md, /1 evidence comments read; 0 unreadable Caselink blocks\./);
  });

  it('CSV: RFC 4180 quoting round-trips commas, quotes and line breaks; the first row states the scope', () => {
    const csv = toCsv(report);
    assert.ok(csv.endsWith('\r\n'));
    const rows = parseCsv(csv);
    assert.deepStrictEqual(rows[0], [`# ${report.scope}`]);
    const header = rows.findIndex((r) => r[0] === 'Defect');
    assert.strictEqual(rows[header - 1][0], '# Defects');
    assert.strictEqual(rows[header - 2].join(''), '', 'a blank line between sections');
    const defect = Object.fromEntries(rows[header].map((name, i) => [name, rows[header + 1][i]]));
    assert.strictEqual(defect.Title, "'@SUM(A1:A9) | totals, \"wrong\"\nafter import", 'formula-like text gets an apostrophe');
    assert.strictEqual(defect['Organisation names'], 'Smith, Jones & "Partners"');
    assert.strictEqual(defect['Latest quote'], `'${HOSTILE_QUOTE}`);
    assert.strictEqual(defect['ARR known'], '10000');
    const overdueHeader = rows.findIndex((r) => r[0] === 'Ticket');
    assert.strictEqual(rows[overdueHeader + 1][1], `'${HOSTILE_SUBJECT}`);
    const tags = rows.slice(rows.findIndex((r) => r[0] === 'Tag') + 1).slice(0, 2).map((r) => r[0]).sort();
    assert.deepStrictEqual(tags, ["'-rm -rf", "'@import"]);
    const width = (i: number) => rows[i].length;
    assert.strictEqual(width(header + 1), width(header), 'the multi-line cells did not split the row');
  });

  it('guards exactly the cells a spreadsheet would run, and leaves numbers alone', () => {
    assert.deepStrictEqual(['=1+1', '+1', '-2', '@A1', '\tx', 'a=b', 'ok'].map(csvCell), ["'=1+1", "'+1", "'-2", "'@A1", "'\tx", 'a=b', 'ok']);
    assert.strictEqual(csvCell(-5), '-5');
    assert.strictEqual(csvCell(undefined), '');
    assert.strictEqual(csvCell('say "hi", then\r\nleave'), '"say ""hi"", then\r\nleave"');
  });

  it('Markdown cells escape what would change the table or render as markup, reversibly', () => {
    for (const text of ['a | b', 'back\\slash', 'x\ny\r\nz', '<b>bold</b> & &amp; *a* _b_ `c` ~d~ [e](f)']) {
      const cell = markdownCell(text);
      assert.ok(!/(^|[^\\])\|/.test(cell), cell);
      assert.deepStrictEqual(parseMarkdownRow(`| ${cell} |`), [text.replace(/\r\n/g, '\n')]);
    }
  });

  it('JSON: a plain copy with the ticket index as a list', () => {
    const json = toJsonReport(report);
    assert.ok(Array.isArray(json.ticketIndex));
    assert.deepStrictEqual(json.ticketIndex.map((t) => t.ref), ['c1:1']);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(json)), json);
    assert.notStrictEqual(json.defects[0], report.defects[0]);
  });
});
