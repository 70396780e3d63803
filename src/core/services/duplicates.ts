import MiniSearch, { type SearchOptions } from 'minisearch';
import type { Defect } from '../model/defect';

/** A feedback draft, as far as finding its duplicates goes. */
export interface DuplicateQuery {
  title: string;
  /** The problem in more words (the draft's description, the customer's first message). */
  problem?: string;
  productArea?: string;
  tags?: readonly string[];
}

export interface DuplicateMatch {
  defect: Defect;
  /** Relative similarity (BM25 with boosts): higher is closer; only comparable within one ranking. */
  score: number;
  /** Why it matched, short and human-readable: "same product area", "title shares: export, csv". */
  reasons: string[];
}

export interface DuplicateFinderOptions {
  /** How many defects the local index keeps; the least recently seen go first. */
  maxDefects?: number;
}

const STOPWORDS = new Set(
  ('a an the and or but if then else of to in on at for with without by from into onto over under about as via per ' +
    'is are was were be been being am do does did doing has have had having get gets got getting ' +
    'doesn don didn isn aren wasn weren won wont cant couldn shouldn wouldn t s d ll ve re m ' +
    'it its this that these those there here what which who whom whose where why how ' +
    'i we you he she they me my our your his her their them us ' +
    'not no can cannot could would should will shall may might must just only also very too so than ' +
    'when while during after before some any all each every more most other such own same again still even ' +
    'e g eg ie etc').split(' '),
);

/** Words that say something is wrong without saying what: fine for ranking (BM25 weighs them down), useless to a tracker's search. */
const VAGUE = new Set('issue issues problem problems bug bugs customer customers client clients please help unable broken seems anymore'.split(' '));

const TITLE_WEIGHT = 1;
const PROBLEM_WEIGHT = 0.5;
const SAME_AREA_BOOST = 1.3;
const DONE_PENALTY = 0.8;
const MAX_PROBLEM_TERMS = 30;
const MAX_TEXT = 4000;

/** The words of a text as written: letters and digits, thousands separators dropped ("10,000" → "10000"). */
function rawWords(text: string): string[] {
  return text.replace(/(\d)[,.](?=\d{3}(?!\d))/g, '$1').split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
}

/** Lower case, no diacritics: "Müller" → "muller". */
function fold(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[æœ]/g, (c) => (c === 'æ' ? 'ae' : 'oe'))
    .replace(/ø/g, 'o')
    .replace(/ł/g, 'l');
}

const meaningful = (w: string): boolean => w.length > 1 || /\d/.test(w);

/** The index's tokenizer: folded words. */
function words(text: string): string[] {
  return rawWords(text).map(fold).filter(meaningful);
}

const hasVowel = (s: string): boolean => /[aeiouy]/.test(s);
const undouble = (s: string): string => (/([b-df-hj-km-rtv-xz])\1$/.test(s) ? s.slice(0, -1) : s);

/** Stemming-lite: enough that "exports", "exporting" and "exported" meet "export", "crashes" meets "crash". */
function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let s = word;
  if (s.length > 4 && s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (/(ss|x|z|ch|sh)es$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith('s') && !/(ss|us|is)$/.test(s)) s = s.slice(0, -1);
  if (s.length > 4 && s.endsWith('ied')) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('ing') && s.length >= 6 && hasVowel(s.slice(0, -3))) s = undouble(s.slice(0, -3));
  else if (s.endsWith('ed') && s.length >= 5 && hasVowel(s.slice(0, -2))) s = undouble(s.slice(0, -2));
  if (s.length > 3 && s.endsWith('e')) s = s.slice(0, -1);
  return s;
}

interface Term {
  /** The word as written (lower case), for reasons and tracker searches. */
  word: string;
  stem: string;
}

/** The text's informative words, each once, in order: folded, without stopwords, stemmed. */
function terms(text: string): Term[] {
  const seen = new Set<string>();
  const out: Term[] = [];
  for (const raw of rawWords(text)) {
    const w = fold(raw);
    if (!meaningful(w) || STOPWORDS.has(w)) continue;
    const s = stem(w);
    if (seen.has(s)) continue;
    seen.add(s);
    out.push({ word: raw.toLowerCase(), stem: s });
  }
  return out;
}

/** Normalised search terms of a text: what the index stores and queries look up. */
export function searchTerms(text: string): string[] {
  return terms(text).map((t) => t.stem);
}

/**
 * The few most informative words of a draft's title, for a tracker's own search (which often wants
 * every word to match): no stopwords or vague words; acronyms and numbers first, then names (capitalised
 * after the first word), then longer words; in the title's order.
 */
export function buildSearchText(query: Pick<DuplicateQuery, 'title'>, maxWords = 4): string {
  const candidates = terms(query.title).filter((t) => !VAGUE.has(t.word));
  const raw = rawWords(query.title);
  const acronyms = new Set(raw.filter((w) => /^[\p{Lu}\d]{2,}$/u.test(w)).map((w) => w.toLowerCase()));
  const names = new Set(raw.slice(1).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w.toLowerCase()));
  const rankOf = (t: Term): number => (acronyms.has(t.word) || /\d/.test(t.word) ? 100 : names.has(t.word) ? 50 : 0) + t.word.length;
  const keep = new Set([...candidates].sort((a, b) => rankOf(b) - rankOf(a)).slice(0, maxWords));
  return candidates.filter((t) => keep.has(t)).map((t) => t.word).join(' ');
}

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** Typos: two edits for long words (a swap of two letters is two), one for middling ones, none for short ones. */
const fuzziness = (term: string): number | false => (term.length >= 6 ? 2 : term.length >= 4 ? 1 : false);
const prefixOk = (term: string): boolean => term.length >= 4 && !/\d/.test(term);

/** A product area as compared: "API & Webhooks" and "api/webhooks" are the same. */
const areaKey = (area: string | undefined): string => (area ? words(area).join(' ') : '');

interface Entry {
  defect: Defect;
  text: string;
  area: string;
}

interface IndexDoc {
  id: string;
  title: string;
  productArea: string;
  text: string;
}

/**
 * Finds defects that a new piece of feedback may duplicate, so an engineer can "+1" one instead of
 * filing another. Keeps a local full-text index (MiniSearch, BM25) of the defects it has seen and
 * merges it with what the tracker's own search returned. One finder per tracker: ids are the tracker's.
 */
export class DuplicateFinder {
  readonly #entries = new Map<string, Entry>();
  readonly #maxDefects: number;
  readonly #index = new MiniSearch<IndexDoc>({
    fields: ['title', 'productArea', 'text'],
    tokenize: words,
    processTerm: (w) => (STOPWORDS.has(w) ? null : stem(w)),
  });

  constructor(options: DuplicateFinderOptions = {}) {
    this.#maxDefects = Math.max(1, options.maxDefects ?? 5000);
  }

  get size(): number {
    return this.#entries.size;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /**
   * Remembers defects (a newer copy replaces an older one). `extraText` may give a longer text per
   * defect (its description, a customer's quote); a defect added again without one keeps its text.
   */
  add(defects: readonly Defect[], extraText?: (defect: Defect) => string | undefined): void {
    for (const defect of defects) this.#put(defect, extraText?.(defect));
  }

  remove(id: string): boolean {
    if (!this.#entries.delete(id)) return false;
    this.#index.discard(id);
    return true;
  }

  /**
   * The `limit` defects most similar to the draft: hits of the local index and `remoteCandidates`
   * (which are remembered too; a remote copy wins over the local one), one entry per id. Done
   * defects rank a little lower but stay listed: a fix that shipped is an answer too.
   */
  rank(query: DuplicateQuery, remoteCandidates: readonly Defect[], limit = 5): DuplicateMatch[] {
    const titleTerms = terms(query.title);
    const titleStems = new Set(titleTerms.map((t) => t.stem));
    const problemTerms = terms([query.problem ?? '', ...(query.tags ?? [])].join(' '))
      .filter((t) => !titleStems.has(t.stem))
      .slice(0, MAX_PROBLEM_TERMS);
    if (!titleTerms.length && !problemTerms.length) return [];

    this.add(remoteCandidates);
    const remote = new Set(remoteCandidates.map((d) => d.id));
    const queryArea = areaKey(query.productArea);
    const scores = new Map<string, number>([...remote].map((id) => [id, 0]));
    this.#search(titleTerms, TITLE_WEIGHT, scores, true);
    this.#search(problemTerms, PROBLEM_WEIGHT, scores, false);

    const ranked = [...scores]
      .flatMap(([id, bm25]) => {
        const entry = this.#entries.get(id);
        if (!entry) return [];
        const area = queryArea !== '' && queryArea === entry.area;
        const score = bm25 * (area ? SAME_AREA_BOOST : 1) * (entry.defect.stage === 'done' ? DONE_PENALTY : 1);
        return [{ entry, score, area }];
      })
      .sort((a, b) => b.score - a.score || byStage(a.entry.defect) - byStage(b.entry.defect) || b.entry.defect.updatedAt.localeCompare(a.entry.defect.updatedAt))
      .slice(0, Math.max(0, limit));

    return ranked.map(({ entry, score, area }) => ({
      defect: entry.defect,
      score: Math.round(score * 1000) / 1000,
      reasons: reasonsFor(entry, [...titleTerms, ...problemTerms], area, remote.has(entry.defect.id)),
    }));
  }

  #search(queryTerms: readonly Term[], weight: number, scores: Map<string, number>, typos: boolean): void {
    if (!queryTerms.length) return;
    const options: SearchOptions = {
      boost: { title: 3, productArea: 1.5, text: 1 },
      combineWith: 'OR',
      tokenize: (s) => s.split(' '),
      processTerm: (t) => t,
      prefix: prefixOk,
      fuzzy: (t) => (typos ? fuzziness(t) : t.length >= 6 ? 1 : false),
      weights: { fuzzy: 0.4, prefix: 0.5 },
    };
    for (const hit of this.#index.search(queryTerms.map((t) => t.stem).join(' '), options)) {
      scores.set(hit.id as string, (scores.get(hit.id as string) ?? 0) + weight * hit.score);
    }
  }

  #put(defect: Defect, extraText: string | undefined): void {
    const previous = this.#entries.get(defect.id);
    const text = (extraText ?? previous?.text ?? '').slice(0, MAX_TEXT);
    const doc: IndexDoc = { id: defect.id, title: defect.title, productArea: defect.productArea ?? '', text };
    if (previous) {
      this.#entries.delete(defect.id); // re-inserted below: the map's order is recency
      const unchanged = previous.defect.title === doc.title && (previous.defect.productArea ?? '') === doc.productArea && previous.text === text;
      if (!unchanged) this.#index.replace(doc);
    } else {
      this.#index.add(doc);
    }
    this.#entries.set(defect.id, { defect, text, area: areaKey(defect.productArea) });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxDefects) break;
      this.remove(oldest);
    }
  }
}

const byStage = (d: Defect): number => (d.stage === 'done' ? 1 : 0);

function reasonsFor(entry: Entry, queryTerms: readonly Term[], area: boolean, fromTracker: boolean): string[] {
  const title = new Set(searchTerms(entry.defect.title));
  const text = new Set(searchTerms(entry.text));
  const shared = queryTerms.filter((t) => title.has(t.stem));
  const similar = queryTerms.flatMap((t) => {
    if (title.has(t.stem)) return [];
    const max = fuzziness(t.stem);
    const near = [...title].find((w) => (prefixOk(t.stem) && w.startsWith(t.stem)) || (max !== false && editDistance(t.stem, w, max) <= max));
    return near ? [`${t.word} ≈ ${wordOf(entry.defect.title, near) ?? near}`] : [];
  });
  const mentioned = queryTerms.filter((t) => !title.has(t.stem) && text.has(t.stem));
  const reasons: string[] = [];
  if (area) reasons.push('same product area');
  if (shared.length) reasons.push(`title shares: ${shared.slice(0, 5).map((t) => t.word).join(', ')}`);
  if (similar.length) reasons.push(`title has similar words: ${similar.slice(0, 3).join(', ')}`);
  if (mentioned.length) reasons.push(`description mentions: ${mentioned.slice(0, 5).map((t) => t.word).join(', ')}`);
  if (fromTracker) reasons.push('found by the tracker search');
  return reasons;
}

/** The word of a text (as written, lower case) whose stem is `stemmed`. */
function wordOf(text: string, stemmed: string): string | undefined {
  return terms(text).find((t) => t.stem === stemmed)?.word;
}
