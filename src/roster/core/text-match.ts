/** Fuzzy matching of Chinese titles and names, for "did you mean" hints in error messages. */

function bigrams(text: string): string[] {
  const chars = [...text.replace(/\s+/g, '')];
  if (chars.length < 2) return chars;
  const result: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) result.push(chars[i] + chars[i + 1]);
  return result;
}

/** Similarity 0…1: Dice coefficient of character bigrams, with a bonus when one text contains the other. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.length === 0 || y.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const g of x) counts.set(g, (counts.get(g) ?? 0) + 1);
  let common = 0;
  for (const g of y) {
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      common++;
      counts.set(g, n - 1);
    }
  }
  const dice = (2 * common) / (x.length + y.length);
  const contained = a.includes(b) || b.includes(a) ? 0.3 : 0;
  return Math.min(1, dice + contained);
}

/** The candidates most like `text`, best first (at most `limit`, each at least `threshold` alike). */
export function closest(text: string, candidates: Iterable<string>, limit = 5, threshold = 0.25): string[] {
  return [...new Set(candidates)]
    .map((c) => ({ c, score: similarity(text, c) }))
    .filter((x) => x.score >= threshold)
    .sort((a, b) => b.score - a.score || a.c.localeCompare(b.c, 'zh-Hans-CN'))
    .slice(0, limit)
    .map((x) => x.c);
}

/** An instant as a reader expects it: the date alone when it is midnight in China (UTC+8), else ISO-8601. */
export function formatInstant(date: Date): string {
  const local = new Date(date.getTime() + 8 * 3600_000);
  const iso = local.toISOString();
  return iso.slice(11, 23) === '00:00:00.000' ? iso.slice(0, 10) : date.toISOString();
}
