/**
 * The vocabulary config/incident-types.yaml gives each incident type, and its zod schema. Pure: no Nest, no I/O.
 *
 * A keyword is a plain word, or an entry that says when the word counts:
 *   - word     the word as a duty officer writes it (or `words`: several words sharing the same rule)
 *   - weight   its specificity (default: its length in characters, so longer words weigh more)
 *   - near     it counts only when one of these words stands within `within` characters of it in the same sentence
 *              (起火 counts toward forest fire next to 山, 林, 草; toward production safety next to 厂, 车间, 仓库)
 *   - unless   it does not count when one of these words stands within `within` characters of it
 *   - within   a number of characters (default: matching.window), or `text` for anywhere in the description
 * A type's `negative` words exclude the type wherever they occur (非煤 excludes the coal-mine post).
 * `matching.neutral` words belong to no type: they exist so that a word inside them does not count
 * (山 inside 山西 or 山河镇 is not a mountain).
 */
import { z } from 'zod';

const word = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .refine((value) => !/\s/u.test(value), 'must not contain whitespace');
const words = z.array(word).min(1, 'must list at least one word');

export const keywordEntrySchema = z.union([
  word,
  z
    .strictObject({
      word: word.optional(),
      words: words.optional(),
      weight: z
        .number()
        .int('must be a whole number')
        .min(1, 'must be at least 1')
        .max(50, 'must be at most 50')
        .optional(),
      near: words.optional(),
      unless: words.optional(),
      within: z
        .union([z.number().int().min(1).max(500), z.literal('text')], {
          error: (issue) => `must be a number of characters (1-500) or "text", got ${JSON.stringify(issue.input)}`,
        })
        .optional(),
    })
    .refine(
      (entry) => (entry.word === undefined) !== (entry.words === undefined),
      'must have exactly one of word or words',
    ),
]);

export const DEFAULT_WINDOW = 10;

export const matchingSchema = z.strictObject({
  window: z.number().int().min(1).max(500).default(DEFAULT_WINDOW),
  neutral: z.array(word).default([]),
});

/** The fields a type of incident-types.yaml carries for matching. */
export const typeVocabularyShape = {
  keywords: z.array(keywordEntrySchema).default([]),
  negative: z.array(word).default([]),
};

export type KeywordEntry = z.infer<typeof keywordEntrySchema>;
export type MatchingOptions = Partial<z.infer<typeof matchingSchema>>;

export interface IncidentTypeKeywords {
  code: string;
  name: string;
  keywords: readonly KeywordEntry[];
  negative?: readonly string[];
}

/** Every word of a type's keywords, in order, once each (what IncidentType.keywords lists). */
export function keywordWords(keywords: readonly KeywordEntry[]): string[] {
  const all = keywords.flatMap((entry) =>
    typeof entry === 'string' ? [entry] : (entry.words ?? (entry.word === undefined ? [] : [entry.word])),
  );
  return [...new Set(all)];
}
