import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * Every quote of the founding document in config/ is found verbatim in it: the sentences activation rules
 * quote (source, officeSource), the roster's transcribed duties, and the quotes its inferences cite.
 *
 * "Verbatim" compares the characters as printed; layout is not text: whitespace (hard line wraps, page
 * breaks, the typographic spaces in names, table tabs) and the ** bold markers of the transcription are
 * ignored on both sides. A duties paragraph the gazette prints across a table (the headquarters office's
 * "…建设工" / "作,指导…") may be found as two consecutive fragments; nothing else may.
 *
 * The document is the repository's copy (docs/reference), so a clone with nothing beside it passes; where
 * ../shared exists, the copy must equal the shared original.
 */
const root = process.cwd();
const copy = resolve(root, 'docs', 'reference', 'jincheng-gazette-2019.md');
const shared = resolve(root, '..', 'shared', 'reference', 'jincheng-gazette-2019.md');

const QUOTE_KEYS = new Set(['source', 'officeSource', 'quote', 'conflictQuote']);
const TRANSCRIPTION_KEYS = new Set(['duties']);

function layoutFree(text: string): string {
  return text.replace(/\*\*/g, '').replace(/\s+/gu, '');
}

interface Quote {
  file: string;
  path: string;
  text: string;
  transcription: boolean;
}

function collect(file: string, value: unknown, path: string, out: Quote[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collect(file, item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (typeof child === 'string' && (QUOTE_KEYS.has(key) || TRANSCRIPTION_KEYS.has(key))) {
        out.push({ file, path: here, text: child, transcription: TRANSCRIPTION_KEYS.has(key) });
      } else {
        collect(file, child, here, out);
      }
    }
  }
}

/** The files of config/ that quote the founding document. */
function quoteFiles(): string[] {
  const roster = readdirSync(join(root, 'config', 'roster')).filter((name) => name.endsWith('.yaml'));
  return ['activation-rules.yaml', ...roster.map((name) => join('roster', name))];
}

/** Splits `quote` into at most `max` consecutive pieces found in order in `document`, or returns null. */
function findInPieces(document: string, quote: string, max: number): string[] | null {
  if (document.includes(quote)) return [quote];
  if (max <= 1) return null;
  for (let cut = quote.length - 1; cut > 0; cut--) {
    const at = document.indexOf(quote.slice(0, cut));
    if (at === -1) continue;
    const rest = document.indexOf(quote.slice(cut), at + cut);
    return rest === -1 ? null : [quote.slice(0, cut), quote.slice(cut)];
  }
  return null;
}

describe('quotes in config/ are verbatim in the founding document', () => {
  const document = layoutFree(readFileSync(copy, 'utf8'));
  const quotes: Quote[] = [];
  for (const file of quoteFiles()) collect(file, parse(readFileSync(join(root, 'config', file), 'utf8')), '', quotes);

  it('finds the quotes to check', () => {
    expect(quotes.filter((q) => q.file === 'activation-rules.yaml' && q.path.endsWith('.officeSource'))).toHaveLength(
      17,
    );
    expect(quotes.some((q) => q.text.includes('秘书长焦新文'))).toBe(true);
    expect(quotes.length).toBeGreaterThan(50);
  });

  it('finds every quote, each a piece of the document as printed', () => {
    const missing = quotes
      .filter((q) => findInPieces(document, layoutFree(q.text), q.transcription ? 2 : 1) === null)
      .map((q) => `${q.file} ${q.path}: ${q.text}`);
    expect(missing).toEqual([]);
  });

  it('needs two pieces only for the duties the gazette prints across the headquarters table', () => {
    const split = quotes
      .filter((q) => (findInPieces(document, layoutFree(q.text), 2) ?? []).length === 2)
      .map((q) => `${q.file} ${q.path}`);
    expect(split).toEqual([join('roster', 'jincheng-2019.yaml') + ' headquarters.office.duties']);
  });

  it('quotes no ellipsis: a quote is one continuous piece of text', () => {
    expect(quotes.filter((q) => /…|\.\.\./u.test(q.text)).map((q) => `${q.file} ${q.path}`)).toEqual([]);
  });

  it('has a copy of the document equal to ../shared where that exists', () => {
    if (!existsSync(shared)) return;
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });

  it('fails on a quote that is not in the document', () => {
    expect(findInPieces(document, layoutFree('指导各县(市、区)…应对等工作'), 1)).toBeNull();
    expect(findInPieces(document, layoutFree('市政府党组成员、副市长焦新文'), 2)).toBeNull();
  });
});
