import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { readIncidentTypes } from '../../config/rules.config';
import { suggestIncidentTypes } from './incident-type-matcher';

/**
 * The labelled corpus of duty-officer phrasings (test/fixtures/incident-type-corpus.yaml) against the
 * vocabulary of config/incident-types.yaml. Reports top-1 and top-3 accuracy and every miss.
 */
const config = readIncidentTypes(resolve(process.cwd(), 'config', 'incident-types.yaml'));
const codes = config.types.map((type) => type.code);
const corpus = z
  .strictObject({
    cases: z.array(
      z.strictObject({
        text: z.string().min(1),
        accept: z.array(z.enum(codes as [string, ...string[]])).min(1),
        hard: z.boolean().optional(),
      }),
    ),
  })
  .parse(parse(readFileSync(resolve(process.cwd(), 'test', 'fixtures', 'incident-type-corpus.yaml'), 'utf8')));

const TOP1_FLOOR = 0.95;
const TOP3_FLOOR = 1;

function evaluate() {
  const misses: string[] = [];
  let top1 = 0;
  let top3 = 0;
  for (const item of corpus.cases) {
    const suggestions = suggestIncidentTypes(config.types, item.text, 3, config.matching);
    const ranked = suggestions.map((s) => s.code);
    const first = ranked.length > 0 && item.accept.includes(ranked[0]);
    const inThree = ranked.some((code) => item.accept.includes(code));
    if (first) top1++;
    if (inThree) top3++;
    if (!first) {
      misses.push(
        `${inThree ? 'top-3' : 'MISS '} ${item.text}\n      accept ${item.accept.join('/')}; got ${suggestions.map((s) => `${s.code} [${s.explanation}]`).join(' | ') || 'nothing'}`,
      );
    }
  }
  return { total: corpus.cases.length, top1, top3, misses };
}

describe('incident-type corpus (test/fixtures/incident-type-corpus.yaml)', () => {
  const result = evaluate();

  it('has at least 300 phrasings covering all 17 types, several per type', () => {
    expect(result.total).toBeGreaterThanOrEqual(300);
    for (const code of codes) {
      expect([code, corpus.cases.filter((item) => item.accept[0] === code).length >= 10]).toEqual([code, true]);
    }
  });

  it(`puts an acceptable type first for at least ${TOP1_FLOOR * 100}% and within the first three for all`, () => {
    const line = `top-1 ${result.top1}/${result.total} = ${((100 * result.top1) / result.total).toFixed(1)}%, top-3 ${result.top3}/${result.total} = ${((100 * result.top3) / result.total).toFixed(1)}%`;
    // Printed so the figures are visible in every run.
    process.stdout.write(`\nincident-type corpus: ${line}\n${result.misses.map((miss) => `  ${miss}`).join('\n')}\n`);
    expect(result.top1 / result.total).toBeGreaterThanOrEqual(TOP1_FLOOR);
    expect(result.top3 / result.total).toBeGreaterThanOrEqual(TOP3_FLOOR);
  });
});
