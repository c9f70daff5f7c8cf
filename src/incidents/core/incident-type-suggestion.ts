/**
 * Proposes incident types for a free-text Chinese description written by a duty officer, by
 * matching the keywords of config/incident-types.yaml. Pure function: no Nest, no I/O.
 *
 * Scoring
 *   - Text and words are normalised: NFKC (full-width letters, digits and punctuation become
 *     half-width, the ideographic space becomes a space), lower case, whitespace removed.
 *   - A keyword found in the text (substring) scores its length in characters, so longer,
 *     more specific words weigh more. The type's own name scores 10 + 2 x its length, more
 *     than any keyword.
 *   - Per type, words are tried longest first (in list order among equal lengths), and an
 *     occurrence overlapping text already matched by another word of the same type does not
 *     count: 瓦斯爆炸 is not also counted as 瓦斯, and in 煤矿井下 the words 煤矿 and 井下 match
 *     but the straddling 矿井 does not. Each word counts once, however often it occurs.
 *   - Types are ranked by score, ties broken by their order in the list; types without a
 *     match are omitted.
 */

export interface IncidentTypeKeywords {
  code: string;
  name: string;
  keywords: string[];
}

export interface IncidentTypeSuggestion {
  code: string;
  name: string;
  score: number;
  /** The words found (keywords, and the name if it occurs), in order of first occurrence in the text. */
  matchedWords: string[];
}

const NAME_BASE_WEIGHT = 10;
const NAME_LENGTH_FACTOR = 2;

/** NFKC, lower case, no whitespace. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

/** Length in characters (code points), not UTF-16 units. */
function charLength(text: string): number {
  return Array.from(text).length;
}

interface Candidate {
  word: string;
  normalized: string;
  weight: number;
}

function candidatesOf(type: IncidentTypeKeywords): Candidate[] {
  const byNormalized = new Map<string, Candidate>();
  const add = (word: string, isName: boolean): void => {
    const normalized = normalizeText(word);
    if (normalized === '' || byNormalized.has(normalized)) return;
    const length = charLength(normalized);
    const weight = isName ? NAME_BASE_WEIGHT + NAME_LENGTH_FACTOR * length : length;
    byNormalized.set(normalized, { word, normalized, weight });
  };
  add(type.name, true);
  for (const keyword of type.keywords) add(keyword, false);
  // Longest first; Array.prototype.sort is stable, so the name stays ahead of an equal keyword.
  return [...byNormalized.values()].sort((a, b) => b.normalized.length - a.normalized.length);
}

function scoreType(type: IncidentTypeKeywords, text: string): { score: number; matchedWords: string[] } {
  const covered = new Array<boolean>(text.length).fill(false);
  const found: Array<{ word: string; position: number }> = [];
  let score = 0;
  for (const candidate of candidatesOf(type)) {
    const length = candidate.normalized.length;
    let firstNew = -1;
    for (let at = text.indexOf(candidate.normalized); at !== -1; at = text.indexOf(candidate.normalized, at + 1)) {
      let overlaps = false;
      for (let i = at; i < at + length; i++) {
        if (covered[i]) {
          overlaps = true;
          break;
        }
      }
      if (overlaps) continue;
      if (firstNew === -1) firstNew = at;
      for (let i = at; i < at + length; i++) covered[i] = true;
    }
    if (firstNew !== -1) {
      score += candidate.weight;
      found.push({ word: candidate.word, position: firstNew });
    }
  }
  found.sort((a, b) => a.position - b.position);
  return { score, matchedWords: found.map((entry) => entry.word) };
}

/**
 * Ranks incident types for a free-text description.
 *
 * @param types types with their keywords, in configuration order (the tie-breaker)
 * @param text  the description, e.g. "某煤矿井下发生瓦斯爆炸, 3人被困"
 * @param limit at most this many suggestions (default 5)
 */
export function suggestIncidentTypes(types: IncidentTypeKeywords[], text: string, limit = 5): IncidentTypeSuggestion[] {
  const max = Number.isNaN(limit) ? 0 : Math.max(0, Math.floor(limit));
  const normalized = normalizeText(text);
  if (max === 0 || normalized === '') return [];

  return types
    .map((type, index) => ({ type, index, ...scoreType(type, normalized) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, max)
    .map(({ type, score, matchedWords }) => ({ code: type.code, name: type.name, score, matchedWords }));
}
