import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { gradingIds, QUALITATIVE } from './grading-tables';
import { checkGrading, configDir, rawCopy, rawGrading, tables } from './grading.fixture';

describe('config/grading.yaml', () => {
  it('validates and holds the seven tables of domain.md, forest and grassland chosen by one selector', () => {
    expect(tables.tables.map((table) => table.id)).toEqual([
      'PRODUCTION_SAFETY',
      'SPECIAL_EQUIPMENT',
      'EARTHQUAKE',
      'GEOLOGICAL_DISASTER',
      'FOREST_FIRE',
      'ECO_ENVIRONMENT',
      'GRASSLAND_FIRE',
    ]);
    expect(tables.selectors).toEqual([
      expect.objectContaining({
        id: 'FOREST_GRASSLAND_FIRE',
        by: 'burnedLand',
        tables: { FOREST: 'FOREST_FIRE', GRASSLAND: 'GRASSLAND_FIRE' },
        default: 'FOREST',
      }),
    ]);
    for (const table of tables.tables) {
      expect(table.regulation).toMatch(/\S/);
      expect(table.decisions.length).toBeGreaterThan(0);
    }
  });

  it('says where the band texts count the missing, and only there', () => {
    for (const table of tables.tables) {
      for (const criterion of table.criteria) {
        const countsMissing = (criterion.add ?? []).includes('missing');
        for (const band of Object.values(criterion.bands)) {
          expect([table.id, band?.text, band?.text.includes('含失踪')]).toEqual([table.id, band?.text, countsMissing]);
        }
      }
    }
  });

  it('records the interpretations as decisions, not in the quoted texts', () => {
    const decisions = (id: string) => tables.tables.find((table) => table.id === id)?.decisions.join(' ') ?? '';
    expect(decisions('SPECIAL_EQUIPMENT')).toContain('1万元');
    expect(decisions('PRODUCTION_SAFETY')).toContain('校园');
    expect(decisions('ECO_ENVIRONMENT')).toContain('不计失踪');
  });

  it('is referenced by every incident type of config/incident-types.yaml (or QUALITATIVE)', () => {
    const raw = parse(readFileSync(resolve(configDir, 'incident-types.yaml'), 'utf8')) as {
      types: Array<{ code: string; grading: string }>;
    };
    const ids = new Set(gradingIds(tables));
    const grading = Object.fromEntries(raw.types.map((type) => [type.code, type.grading]));
    for (const type of raw.types) {
      expect(type.grading === QUALITATIVE || ids.has(type.grading)).toBe(true);
    }
    expect(grading).toMatchObject({
      COAL_MINE_SAFETY: 'PRODUCTION_SAFETY',
      TRAFFIC_ACCIDENT: 'PRODUCTION_SAFETY',
      URBAN_RURAL_CONSTRUCTION: 'PRODUCTION_SAFETY',
      CULTURE_TOURISM: 'PRODUCTION_SAFETY',
      SPECIAL_EQUIPMENT: 'SPECIAL_EQUIPMENT',
      EARTHQUAKE: 'EARTHQUAKE',
      GEOLOGICAL_DISASTER: 'GEOLOGICAL_DISASTER',
      FOREST_GRASSLAND_FIRE: 'FOREST_GRASSLAND_FIRE',
      ECO_ENVIRONMENT: 'ECO_ENVIRONMENT',
      PUBLIC_HEALTH: QUALITATIVE,
      MARKET_SUPERVISION: QUALITATIVE,
      ANIMAL_EPIDEMIC: QUALITATIVE,
      FLOOD_DROUGHT: QUALITATIVE,
      METEOROLOGICAL_DISASTER: QUALITATIVE,
      SOCIAL_SECURITY: QUALITATIVE,
    });
  });
});

describe('checkGrading', () => {
  it('names the path of a non-numeric bound', () => {
    const raw = rawCopy();
    const bands = raw.tables[2].criteria[1].bands as Record<string, Record<string, unknown>>;
    bands.II.min = 'x';
    expect(() => checkGrading(raw)).toThrow('tables[2].criteria[1].bands.II.min: must be a number, got "x"');
  });

  it('rejects an unknown figure', () => {
    const raw = rawCopy();
    raw.tables[0].criteria[0].figure = 'casualties';
    expect(() => checkGrading(raw)).toThrow(/tables\[0\]\.criteria\[0\]\.figure: must be one of/);
  });

  it('rejects bounds that do not decrease from I to IV', () => {
    const raw = rawCopy();
    const bands = raw.tables[0].criteria[0].bands as Record<string, Record<string, unknown>>;
    bands.III.min = 10;
    expect(() => checkGrading(raw)).toThrow(
      'tables[0].criteria[0].bands.III: lower bound 10 must be below the bound of II (10)',
    );
  });

  it('rejects a band with both or neither of min and above, and a missing text', () => {
    const both = rawCopy();
    (both.tables[0].criteria[0].bands as Record<string, Record<string, unknown>>).I.above = 29;
    expect(() => checkGrading(both)).toThrow(
      'tables[0].criteria[0].bands.I: must have exactly one of min (inclusive) or above (exclusive)',
    );
    const noText = rawCopy();
    delete (noText.tables[0].criteria[0].bands as Record<string, Record<string, unknown>>).I.text;
    expect(() => checkGrading(noText)).toThrow(
      'tables[0].criteria[0].bands.I.text: must be a non-empty string, got undefined',
    );
  });

  it('rejects unknown keys, unknown grades and bad when/add entries', () => {
    const typo = rawCopy();
    (typo.tables[0].criteria[0].bands as Record<string, Record<string, unknown>>).I.mni = 3;
    expect(() => checkGrading(typo)).toThrow(
      'tables[0].criteria[0].bands.I: unknown key "mni" (expected one of min, above, text)',
    );
    const grade = rawCopy();
    (grade.tables[0].criteria[0].bands as Record<string, unknown>).V = { min: 0, text: 'x' };
    expect(() => checkGrading(grade)).toThrow(
      'tables[0].criteria[0].bands: unknown key "V" (expected one of I, II, III, IV)',
    );
    const when = rawCopy();
    when.tables[2].criteria[1].when = { deaths: true };
    expect(() => checkGrading(when)).toThrow('tables[2].criteria[1].when: deaths is not a yes/no figure');
    const add = rawCopy();
    add.tables[0].criteria[0].add = ['denselyPopulated'];
    expect(() => checkGrading(add)).toThrow(
      'tables[0].criteria[0].add[0]: must be a numeric figure, got "denselyPopulated"',
    );
  });

  it('rejects a yes/no criterion with more than one grade or with a bound', () => {
    const two = rawCopy();
    const explosion = two.tables[1].criteria.find((c) => c.figure === 'boilerOrPressureVesselExplosion');
    if (!explosion) throw new Error('fixture: no explosion criterion');
    (explosion.bands as Record<string, unknown>).II = { text: 'x' };
    expect(() => checkGrading(two)).toThrow(/bands: must define exactly one grade for a yes\/no figure/);
    const bound = rawCopy();
    const explosion2 = bound.tables[1].criteria.find((c) => c.figure === 'boilerOrPressureVesselExplosion');
    if (!explosion2) throw new Error('fixture: no explosion criterion');
    (explosion2.bands as Record<string, Record<string, unknown>>).III.min = 1;
    expect(() => checkGrading(bound)).toThrow(/bands\.III\.min: is not allowed on a yes\/no figure/);
  });

  it('rejects duplicate, reserved and malformed table ids and empty lists', () => {
    const dup = rawCopy();
    dup.tables[1].id = 'PRODUCTION_SAFETY';
    expect(() => checkGrading(dup)).toThrow('tables[1].id: PRODUCTION_SAFETY must be unique');
    const reserved = rawCopy();
    reserved.tables[0].id = 'QUALITATIVE';
    expect(() => checkGrading(reserved)).toThrow(/tables\[0\]\.id: must not be QUALITATIVE/);
    const lower = rawCopy();
    lower.tables[0].id = 'production';
    expect(() => checkGrading(lower)).toThrow(/tables\[0\]\.id: must be an upper-case code/);
    const noCriteria = rawCopy();
    noCriteria.tables[3].criteria = [];
    expect(() => checkGrading(noCriteria)).toThrow('tables[3].criteria: must be a non-empty list, got []');
    expect(() => checkGrading({ tables: [] })).toThrow('tables: must be a non-empty list, got []');
    expect(() => checkGrading(null)).toThrow('(root): must be a mapping, got null');
    expect(() => checkGrading('tables')).toThrow('(root): must be a mapping, got "tables"');
  });
});

describe('checkGrading: selectors', () => {
  const withSelectors = (selectors: unknown) => ({ ...(rawGrading as Record<string, unknown>), selectors });

  it('names a bad selector entry', () => {
    const good = {
      id: 'X',
      name: 'x',
      by: 'burnedLand',
      tables: { FOREST: 'FOREST_FIRE', GRASSLAND: 'GRASSLAND_FIRE' },
      default: 'FOREST',
    };
    expect(() => checkGrading(withSelectors([good]))).not.toThrow();
    expect(() =>
      checkGrading(withSelectors([{ ...good, tables: { FOREST: 'NOPE', GRASSLAND: 'GRASSLAND_FIRE' } }])),
    ).toThrow('selectors[0].tables.FOREST: must name a table');
    expect(() => checkGrading(withSelectors([{ ...good, default: 'DESERT' }]))).toThrow(
      'selectors[0].default: must be one of FOREST, GRASSLAND, got "DESERT"',
    );
    expect(() => checkGrading(withSelectors([{ ...good, id: 'FOREST_FIRE' }]))).toThrow(
      'selectors[0].id: FOREST_FIRE must differ from every table and selector id',
    );
    expect(() => checkGrading(withSelectors([{ ...good, by: 'colour' }]))).toThrow(
      'selectors[0].by: must be burnedLand, got "colour"',
    );
  });
});
