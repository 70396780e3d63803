import type { Defect, DefectLink } from '../../src/core/model/defect';
import type { AffectedCustomer, Evidence, EvidenceComment, FeedbackRecord, FeedbackTicketRef } from '../../src/core/model/feedback';
import type { Ticket } from '../../src/core/model/ticket';

/** A valid defect by default; override only what a test is about. */
export function aDefect(id: string, overrides: Partial<Defect> = {}): Defect {
  return {
    trackerId: 'tracker',
    id,
    key: `LUM-${id}`,
    title: `Defect ${id}`,
    status: 'Confirmed',
    stage: 'open',
    createdAt: '2026-11-01T12:00:00.000Z',
    updatedAt: '2026-11-05T12:00:00.000Z',
    url: `https://tracker.example/issues/${id}`,
    ...overrides,
  };
}

export function aLink(ticket: Pick<Ticket, 'connectionId' | 'id'>, defectId: string): DefectLink {
  return { ticketConnectionId: ticket.connectionId, ticketId: ticket.id, trackerId: 'tracker', defectId };
}

export function refOf(t: Pick<Ticket, 'connectionId' | 'id' | 'key'>): FeedbackTicketRef {
  return { connectionId: t.connectionId, ticketId: t.id, key: t.key };
}

export function aQuote(t: Pick<Ticket, 'connectionId' | 'id' | 'key'>, at: string, quote: string): Evidence {
  return { ticket: refOf(t), eventId: `${t.id}-${at}`, at, quote };
}

/** A filed feedback record as its machine block carries it. */
export function aRecord(overrides: Partial<FeedbackRecord> & Pick<FeedbackRecord, 'sources'>): FeedbackRecord {
  return {
    title: 'Login fails after the SSO change',
    productArea: 'SSO & login',
    kind: 'defect',
    problem: 'Users cannot sign in since the identity provider was changed.',
    steps: '',
    expected: '',
    actual: '',
    environment: '',
    workaround: '',
    severity: 'major',
    customerImpact: '',
    tags: [],
    evidence: [],
    customers: [],
    schemaVersion: 1,
    idempotencyKey: 'record-key-0001',
    createdAt: '2026-11-20T12:00:00.000Z',
    frequency: { firstSeen: '2026-11-18T12:00:00.000Z', lastSeen: '2026-11-21T12:00:00.000Z', linkedCases: overrides.sources.length },
    supportCost: { cases: overrides.sources.length, replies: 3, hoursOpen: 20 },
    ...overrides,
  };
}

export function anEvidenceComment(t: Pick<Ticket, 'connectionId' | 'id' | 'key'>, customers: AffectedCustomer[], evidence: Evidence[]): EvidenceComment {
  return { schemaVersion: 1, idempotencyKey: `evidence-${t.id}-key`, ticket: refOf(t), customers, evidence, note: '', addedAt: '2026-11-21T08:00:00.000Z' };
}

/**
 * RFC 4180 CSV into rows of fields (quoted fields, doubled quotes, CR/LF inside quotes). Test-only:
 * Caselink writes CSV and never reads it.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      // CRLF ends the record; the \n is skipped on the next turn.
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The cells of a Markdown table row, unescaped (`\|` and other backslash escapes, `<br>` as a line break). */
export function parseMarkdownRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\' && i + 1 < inner.length) {
      cell += inner[i] + inner[i + 1];
      i++;
    } else if (inner[i] === '|') {
      cells.push(cell);
      cell = '';
    } else cell += inner[i];
  }
  cells.push(cell);
  return cells.map((c) => c.trim().replace(/<br>/g, '\n').replace(/\\([!-/:-@[-`{-~])/g, '$1'));
}

/** The body rows of the Markdown table that follows `## heading`. */
export function markdownTable(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (line.startsWith('|') && !/^\|(-{3}:?\|)+$/.test(line)) rows.push(parseMarkdownRow(line));
  }
  return rows.slice(1); // without the header
}
