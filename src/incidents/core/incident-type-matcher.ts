/**
 * Proposes incident types for a free-text Chinese description written by a duty officer, from the
 * vocabulary of config/incident-types.yaml (see incident-type-vocabulary.ts). Pure: no Nest, no I/O.
 *
 * How a description is read
 *   1. Normalised: NFKC (full-width letters, digits, punctuation become half-width), lower case, no whitespace.
 *   2. Segmented against the whole vocabulary (every type's words, context words, negative and neutral words):
 *      the segmentation covers as many characters as possible with as few words as possible, so a word inside
 *      a longer word that matched is not a word of the text (非煤矿山 contains 煤矿, 铁矿井下 contains 矿井,
 *      山河镇 contains 山: none of them count).
 *   3. Per type, each word counts once, with its weight, if its context is right (near / unless). A word that
 *      occurs in the type's name counts most (10 + 2 x its length). A negative word excludes the type.
 *   4. Types are ranked by score; equal scores by the weight of the words no other type counted (what is
 *      specific to the type), then by the weight of the strongest word, then by code. Each suggestion's
 *      `explanation` says which rule ordered it before the next one; list order never decides.
 */
import { DEFAULT_WINDOW, IncidentTypeKeywords, KeywordEntry, MatchingOptions } from './incident-type-vocabulary';

export interface IncidentTypeSuggestion {
  code: string;
  name: string;
  score: number;
  /** The words that counted, in the order they first occur in the text. */
  matchedWords: string[];
  /** Why the type is proposed and why it ranks where it does (Chinese, for the duty officer). */
  explanation: string;
}

const NAME_BASE_WEIGHT = 10;
const NAME_LENGTH_FACTOR = 2;
const SENTENCE_END = new Set(['。', '!', '?', ';', '．']);

/** NFKC, lower case, no whitespace. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

function chars(text: string): string[] {
  return Array.from(text);
}

interface Rule {
  word: string;
  norm: string;
  weight: number;
  near: string[];
  unless: string[];
  within: number | 'text';
}

interface CompiledType {
  code: string;
  name: string;
  rules: Map<string, Rule[]>;
  negative: Map<string, string>;
}

interface Compiled {
  types: CompiledType[];
  dictionary: Set<string>;
  maxLength: number;
}

interface Token {
  norm: string;
  start: number;
  end: number;
  sentence: number;
}

const cache = new WeakMap<readonly IncidentTypeKeywords[], Map<string, Compiled>>();

function compile(types: readonly IncidentTypeKeywords[], options: MatchingOptions): Compiled {
  const window = options.window ?? DEFAULT_WINDOW;
  const key = `${window}|${(options.neutral ?? []).join(',')}`;
  const perTypes = cache.get(types) ?? new Map<string, Compiled>();
  cache.set(types, perTypes);
  const cached = perTypes.get(key);
  if (cached) return cached;

  const dictionary = new Set<string>();
  const add = (value: string): string => {
    const norm = normalizeText(value);
    if (norm !== '') dictionary.add(norm);
    return norm;
  };
  for (const neutral of options.neutral ?? []) add(neutral);

  const compiled = types.map((type): CompiledType => {
    const rules = new Map<string, Rule[]>();
    const push = (rule: Rule): void => {
      if (rule.norm === '') return;
      rules.set(rule.norm, [...(rules.get(rule.norm) ?? []), rule]);
    };
    const nameNorm = add(type.name);
    push({
      word: type.name,
      norm: nameNorm,
      weight: NAME_BASE_WEIGHT + NAME_LENGTH_FACTOR * chars(nameNorm).length,
      near: [],
      unless: [],
      within: window,
    });
    for (const entry of type.keywords as KeywordEntry[]) {
      const spec = typeof entry === 'string' ? { word: entry } : entry;
      const near = (spec.near ?? []).map(add);
      const unless = (spec.unless ?? []).map(add);
      for (const word of spec.words ?? (spec.word === undefined ? [] : [spec.word])) {
        const norm = add(word);
        const weight = spec.weight ?? chars(norm).length;
        push({ word, norm, weight, near, unless, within: spec.within ?? window });
      }
    }
    const negative = new Map<string, string>();
    for (const word of type.negative ?? []) negative.set(add(word), word);
    return { code: type.code, name: type.name, rules, negative };
  });

  const maxLength = Math.max(1, ...[...dictionary].map((word) => chars(word).length));
  const result = { types: compiled, dictionary, maxLength };
  perTypes.set(key, result);
  return result;
}

/**
 * Segments normalised text into vocabulary words: maximal coverage, then fewest words, then the longest
 * word first. Characters that start no word are skipped.
 */
export function segment(text: string, dictionary: ReadonlySet<string>, maxLength: number): Token[] {
  const cs = chars(text);
  const n = cs.length;
  // best[i]: the best segmentation of cs[i..]: [covered characters, words, length of the word taken at i or 0]
  const covered = new Array<number>(n + 1).fill(0);
  const count = new Array<number>(n + 1).fill(0);
  const take = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    covered[i] = covered[i + 1];
    count[i] = count[i + 1];
    take[i] = 0;
    for (let length = Math.min(maxLength, n - i); length >= 1; length--) {
      if (!dictionary.has(cs.slice(i, i + length).join(''))) continue;
      const c = length + covered[i + length];
      const k = 1 + count[i + length];
      if (
        c > covered[i] ||
        (c === covered[i] && k < count[i]) ||
        (c === covered[i] && k === count[i] && take[i] === 0)
      ) {
        covered[i] = c;
        count[i] = k;
        take[i] = length;
      }
    }
  }
  const sentenceOf = new Array<number>(n).fill(0);
  for (let i = 0, s = 0; i < n; i++) {
    sentenceOf[i] = s;
    if (SENTENCE_END.has(cs[i])) s++;
  }
  const tokens: Token[] = [];
  for (let i = 0; i < n;) {
    if (take[i] === 0) {
      i++;
      continue;
    }
    tokens.push({ norm: cs.slice(i, i + take[i]).join(''), start: i, end: i + take[i], sentence: sentenceOf[i] });
    i += take[i];
  }
  return tokens;
}

function isNear(token: Token, other: Token, within: number | 'text'): boolean {
  if (within === 'text') return true;
  if (token.sentence !== other.sentence) return false;
  const gap = other.start >= token.end ? other.start - token.end : token.start - other.end;
  return gap <= within;
}

interface Hit {
  word: string;
  norm: string;
  weight: number;
  position: number;
  context: string | null;
}

interface Scored {
  type: CompiledType;
  score: number;
  hits: Hit[];
  exclusive: number;
  strongest: number;
}

function scoreType(type: CompiledType, byNorm: Map<string, Token[]>): { hits: Hit[]; excludedBy: string | null } {
  for (const [norm, word] of type.negative) if (byNorm.has(norm)) return { hits: [], excludedBy: word };
  const hits: Hit[] = [];
  for (const [norm, rules] of type.rules) {
    const occurrences = byNorm.get(norm);
    if (!occurrences) continue;
    let best: Hit | null = null;
    for (const rule of rules) {
      for (const token of occurrences) {
        const context = rule.near.length === 0 ? null : findNear(token, rule.near, rule.within, byNorm);
        if (rule.near.length > 0 && context === null) continue;
        if (rule.unless.length > 0 && findNear(token, rule.unless, rule.within, byNorm) !== null) continue;
        if (!best || rule.weight > best.weight || (rule.weight === best.weight && token.start < best.position)) {
          best = { word: rule.word, norm, weight: rule.weight, position: token.start, context };
        }
      }
    }
    if (best) hits.push(best);
  }
  return { hits, excludedBy: null };
}

function findNear(token: Token, words: string[], within: number | 'text', byNorm: Map<string, Token[]>): string | null {
  for (const word of words) {
    for (const other of byNorm.get(word) ?? []) {
      if (other !== token && isNear(token, other, within)) return word;
    }
  }
  return null;
}

function compare(a: Scored, b: Scored): number {
  return (
    b.score - a.score ||
    b.exclusive - a.exclusive ||
    b.strongest - a.strongest ||
    (a.type.code < b.type.code ? -1 : a.type.code > b.type.code ? 1 : 0)
  );
}

function tieReason(a: Scored, b: Scored): string {
  if (a.score !== b.score) return '';
  if (a.exclusive !== b.exclusive) {
    return `; 与${b.type.name}同分, 因本类独有的词权重更高(${a.exclusive}对${b.exclusive})而排前`;
  }
  if (a.strongest !== b.strongest) {
    return `; 与${b.type.name}同分, 因最具体的词权重更高(${a.strongest}对${b.strongest})而排前`;
  }
  return `; 与${b.type.name}完全并列(按代码排序), 请值班员判断`;
}

function describeHit(hit: Hit): string {
  return hit.context === null ? `${hit.word}(${hit.weight})` : `${hit.word}(${hit.weight}, 因"${hit.context}")`;
}

/**
 * Ranks incident types for a free-text description.
 *
 * @param types   the types with their vocabulary (config/incident-types.yaml); their order never decides
 * @param text    the description, e.g. "某煤矿井下发生瓦斯爆炸, 3人被困"
 * @param limit   at most this many suggestions (default 5)
 * @param options matching.window and matching.neutral of config/incident-types.yaml
 */
export function suggestIncidentTypes(
  types: readonly IncidentTypeKeywords[],
  text: string,
  limit = 5,
  options: MatchingOptions = {},
): IncidentTypeSuggestion[] {
  const max = Number.isNaN(limit) ? 0 : Math.max(0, Math.floor(limit));
  const normalized = normalizeText(text);
  if (max === 0 || normalized === '') return [];

  const compiled = compile(types, options);
  const tokens = segment(normalized, compiled.dictionary, compiled.maxLength);
  const byNorm = new Map<string, Token[]>();
  for (const token of tokens) byNorm.set(token.norm, [...(byNorm.get(token.norm) ?? []), token]);

  const results = compiled.types.map((type) => ({ type, ...scoreType(type, byNorm) }));
  const countedBy = new Map<string, number>();
  for (const { hits } of results) for (const hit of hits) countedBy.set(hit.norm, (countedBy.get(hit.norm) ?? 0) + 1);

  const scored: Scored[] = results
    .filter((result) => result.hits.length > 0)
    .map(({ type, hits }) => ({
      type,
      hits: [...hits].sort((a, b) => a.position - b.position),
      score: hits.reduce((sum, hit) => sum + hit.weight, 0),
      exclusive: hits.filter((hit) => countedBy.get(hit.norm) === 1).reduce((sum, hit) => sum + hit.weight, 0),
      strongest: Math.max(...hits.map((hit) => hit.weight)),
    }))
    .sort(compare);

  return scored.slice(0, max).map((entry, index) => {
    const next = scored[index + 1];
    const words = entry.hits.map(describeHit).join(' + ');
    return {
      code: entry.type.code,
      name: entry.type.name,
      score: entry.score,
      matchedWords: entry.hits.map((hit) => hit.word),
      explanation: `${words} = ${entry.score}${next ? tieReason(entry, next) : ''}`,
    };
  });
}
