import type { ConnectionKind } from '../../model/connection';

/*
 * Finds defect references in a line of any text (code, a comment, a commit message): the active
 * tracker's keys (demo "LUM-12", Redmine "#12"), full tracker URLs (".../issues/12") and the
 * workspace's own patterns (caselink.defectReferencePatterns, e.g. "\\b(PROJ-\\d+)\\b").
 *
 * Only one line is ever scanned, and at most MAX_SCANNED_CHARS of it around the cursor: a user
 * pattern with catastrophic backtracking, or a minified file's 400 KB line, then costs a bounded
 * amount of time instead of freezing the extension host.
 *
 * Redmine "#123": a `#` followed by digits only, not preceded by a letter, digit, `&`, `#` or `/`
 * and not followed by a letter, digit, `_` or `-`. So "#123abc", "#fff", "&#123;" (an HTML entity),
 * "page#12" and "/#12" (URL fragments) are not references. An all-digit colour such as "#123456"
 * cannot be told apart from an issue number by its text alone: it matches, and a hover appears only
 * if the report really has a defect with that id (lookups of unknown ids show nothing).
 */

/** How much of a line is scanned at most, centred on the cursor. */
export const MAX_SCANNED_CHARS = 2000;
/** Longest user pattern accepted: patterns are settings, not programs. */
export const MAX_PATTERN_LENGTH = 500;

export interface DefectReference {
  /** What to look the defect up by: "LUM-12", "#12", an id from a user pattern, or a URL. */
  readonly reference: string;
  /** The matched text and its columns in the line (end exclusive). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly source: 'key' | 'url' | 'pattern';
}

export interface MatcherOptions {
  /** The active defect tracker's kind: it decides the built-in key pattern. */
  readonly trackerKind: ConnectionKind;
  /** Base URLs of the tracker's web UI ("https://redmine.example.com"); their /issues/<id> links match. */
  readonly trackerBaseUrls?: readonly string[];
  /** Validated user patterns (see referencePatternProblem); invalid ones are skipped and reported. */
  readonly userPatterns?: readonly string[];
}

interface CompiledPattern {
  readonly regex: RegExp;
  readonly source: DefectReference['source'];
  /** Turns the match into the lookup reference. */
  readonly reference: (m: RegExpExecArray) => string | undefined;
}

/** Why a user pattern cannot be used, or undefined when it can. Phrased for the settings warning. */
export function referencePatternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string' || !pattern) return 'must be a non-empty regular expression string';
  if (pattern.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'g');
  } catch (err) {
    return `is not a valid regular expression (${err instanceof Error ? err.message : String(err)})`;
  }
  // `(?:pattern)|` always matches the empty string, so exec() reports how many groups the pattern has.
  const groups = (new RegExp(`(?:${pattern})|`).exec('')?.length ?? 1) - 1;
  if (groups !== 1) return `must have exactly one capture group for the defect id or key (it has ${groups})`;
  if (regex.test('')) return 'matches empty text, so it would match everywhere';
  return undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The built-in key pattern of each tracker kind. */
function keyPattern(kind: ConnectionKind): CompiledPattern | undefined {
  switch (kind) {
    case 'demo':
      return { regex: /\b(LUM-\d{1,9})\b/g, source: 'key', reference: (m) => m[1] };
    case 'redmine':
      return { regex: /(?<![\w&#/])#(\d{1,9})(?![\w-])/g, source: 'key', reference: (m) => `#${m[1]}` };
    default:
      return undefined;
  }
}

export class DefectReferenceMatcher {
  readonly #patterns: CompiledPattern[] = [];
  /** User patterns that were skipped, with why; the settings layer reports them too. */
  readonly problems: string[] = [];

  constructor(options: MatcherOptions) {
    const key = keyPattern(options.trackerKind);
    if (key) this.#patterns.push(key);
    for (const base of options.trackerBaseUrls ?? []) {
      const trimmed = base.replace(/\/+$/, '');
      if (!/^https?:\/\/[^\s/]+/i.test(trimmed)) continue;
      // Same host whichever scheme the text uses; the whole URL is the reference.
      const host = escapeRegExp(trimmed.replace(/^https?:\/\//i, ''));
      this.#patterns.push({ regex: new RegExp(`https?://${host}/issues/(\\d{1,9})(?![\\w-])`, 'gi'), source: 'url', reference: (m) => m[0] });
    }
    (options.userPatterns ?? []).forEach((pattern, index) => {
      const problem = referencePatternProblem(pattern);
      if (problem) return void this.problems.push(`pattern ${index + 1} ${JSON.stringify(pattern)} ${problem}; it is skipped.`);
      this.#patterns.push({ regex: new RegExp(pattern, 'g'), source: 'pattern', reference: (m) => m[1] || undefined });
    });
  }

  get patternCount(): number {
    return this.#patterns.length;
  }

  /** Every reference in `line` (or in its first MAX_SCANNED_CHARS), left to right, without overlaps. */
  findAll(line: string): DefectReference[] {
    return this.#scan(line, 0, Math.min(line.length, MAX_SCANNED_CHARS));
  }

  /** The reference under the cursor (`character` is a column of `line`), if any. */
  findReferenceAt(line: string, character: number): DefectReference | undefined {
    if (character < 0 || character > line.length) return undefined;
    // A window around the cursor, so a very long line costs as much as a short one.
    const from = Math.max(0, Math.min(character - MAX_SCANNED_CHARS / 2, line.length - MAX_SCANNED_CHARS));
    const to = Math.min(line.length, from + MAX_SCANNED_CHARS);
    return this.#scan(line, from, to).find((r) => r.start <= character && character <= r.end);
  }

  #scan(line: string, from: number, to: number): DefectReference[] {
    if (!this.#patterns.length || to <= from) return [];
    const text = from === 0 && to === line.length ? line : line.slice(from, to);
    const found: DefectReference[] = [];
    for (const p of this.#patterns) {
      p.regex.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = p.regex.exec(text)) !== null) {
        if (m[0].length === 0) {
          p.regex.lastIndex++;
          continue;
        }
        const reference = p.reference(m);
        if (reference) found.push({ reference, text: m[0], start: from + m.index, end: from + m.index + m[0].length, source: p.source });
      }
    }
    // URLs first, then keys, then user patterns at the same place; drop matches inside an earlier one
    // ("#12" inside ".../issues/12#note-3" is the URL's, not a second reference).
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: DefectReference[] = [];
    for (const r of found) if (!out.length || r.start >= out[out.length - 1].end) out.push(r);
    return out;
  }
}
