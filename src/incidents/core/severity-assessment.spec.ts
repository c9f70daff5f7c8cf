import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import {
  assessSeverity,
  gradingIds,
  GradingTables,
  QUALITATIVE,
  Severity,
  SeverityFigures,
  validateGradingTables,
} from './severity-assessment';

const configDir = resolve(process.cwd(), 'config');
const rawGrading: unknown = parse(readFileSync(resolve(configDir, 'grading.yaml'), 'utf8'));
const tables: GradingTables = validateGradingTables(rawGrading);

function grade(table: string, figures: SeverityFigures): Severity | null {
  return assessSeverity(tables, table, figures).suggested;
}

/** A deep copy of the real grading.yaml, to break in validation tests. */
function rawCopy(): { tables: Array<Record<string, unknown> & { criteria: Array<Record<string, unknown>> }> } {
  return JSON.parse(JSON.stringify(rawGrading)) as ReturnType<typeof rawCopy>;
}

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

describe('assessSeverity: production safety (493号令 第三条)', () => {
  it.each<[number, Severity | null]>([
    [0, null],
    [1, 'IV'],
    [2, 'IV'],
    [3, 'III'],
    [9, 'III'],
    [10, 'II'],
    [29, 'II'],
    [30, 'I'],
  ])('%i deaths -> %s', (deaths, expected) => {
    expect(grade('PRODUCTION_SAFETY', { deaths })).toBe(expected);
  });

  it.each<[number, Severity]>([
    [1, 'IV'],
    [9, 'IV'],
    [10, 'III'],
    [49, 'III'],
    [50, 'II'],
    [99, 'II'],
    [100, 'I'],
  ])('%i seriously injured -> %s', (seriouslyInjured, expected) => {
    expect(grade('PRODUCTION_SAFETY', { seriouslyInjured })).toBe(expected);
  });

  it('counts acute industrial poisoning with serious injuries', () => {
    expect(grade('PRODUCTION_SAFETY', { seriouslyInjured: 6, poisoned: 4 })).toBe('III');
  });

  it.each<[number, Severity]>([
    [1, 'IV'],
    [9_999_999, 'IV'],
    [10_000_000, 'III'],
    [49_999_999, 'III'],
    [50_000_000, 'II'],
    [99_999_999, 'II'],
    [100_000_000, 'I'],
  ])('%i yuan direct loss -> %s', (directLossYuan, expected) => {
    expect(grade('PRODUCTION_SAFETY', { directLossYuan })).toBe(expected);
  });

  it('quotes the deciding criterion and the regulation', () => {
    const result = assessSeverity(tables, 'PRODUCTION_SAFETY', { deaths: 3 });
    expect(result).toMatchObject({
      qualitative: false,
      suggested: 'III',
      criterion: '死亡(含失踪)3人以上10人以下',
      regulation: '生产安全事故报告和调查处理条例 (国务院令第493号) 第三条',
      table: 'PRODUCTION_SAFETY',
    });
    expect(result.message).toBe(
      '建议定为III级(较大): 死亡(含失踪)3人以上10人以下 (生产安全事故报告和调查处理条例 (国务院令第493号) 第三条)',
    );
  });

  it('counts the missing as deaths', () => {
    const result = assessSeverity(tables, 'PRODUCTION_SAFETY', { deaths: 2, missing: 1 });
    expect(result.suggested).toBe('III');
    expect(result.matched[0]).toEqual({
      figure: 'deaths+missing',
      value: 3,
      severity: 'III',
      criterion: '死亡(含失踪)3人以上10人以下',
    });
    expect(grade('PRODUCTION_SAFETY', { missing: 30 })).toBe('I');
  });

  it('takes the highest grade any figure reaches, and lists every criterion reached', () => {
    const result = assessSeverity(tables, 'PRODUCTION_SAFETY', {
      deaths: 2,
      seriouslyInjured: 12,
      directLossYuan: 60_000_000,
    });
    expect(result.suggested).toBe('II');
    expect(result.criterion).toBe('直接经济损失5000万元以上1亿元以下');
    expect(result.matched.map((match) => match.severity)).toEqual(['II', 'III', 'IV']);
  });

  it('joins the criteria that reach the same grade', () => {
    const result = assessSeverity(tables, 'PRODUCTION_SAFETY', { deaths: 31, directLossYuan: 200_000_000 });
    expect(result.suggested).toBe('I');
    expect(result.criterion).toBe('死亡(含失踪)30人以上; 直接经济损失1亿元以上');
  });

  it('suggests nothing when figures are all zero or absent', () => {
    const zero = assessSeverity(tables, 'PRODUCTION_SAFETY', { deaths: 0, seriouslyInjured: 0, directLossYuan: 0 });
    expect(zero).toMatchObject({ suggested: null, criterion: null, matched: [], table: 'PRODUCTION_SAFETY' });
    expect(zero.message).toContain('未达到');
    const none = assessSeverity(tables, 'PRODUCTION_SAFETY', {});
    expect(none.suggested).toBeNull();
    expect(none.message).toContain('未提供');
    expect(none.message).toContain('死亡人数');
  });

  it('ignores figures the table does not use', () => {
    expect(grade('PRODUCTION_SAFETY', { magnitude: 8, relocated: 5000 })).toBeNull();
  });
});

describe('assessSeverity: special equipment (特种设备安全监察条例 第六十一至六十四条)', () => {
  it('uses the same casualty and loss bands', () => {
    expect(grade('SPECIAL_EQUIPMENT', { deaths: 2 })).toBe('IV');
    expect(grade('SPECIAL_EQUIPMENT', { deaths: 3 })).toBe('III');
    expect(grade('SPECIAL_EQUIPMENT', { deaths: 9 })).toBe('III');
    expect(grade('SPECIAL_EQUIPMENT', { deaths: 10 })).toBe('II');
    expect(grade('SPECIAL_EQUIPMENT', { deaths: 29 })).toBe('II');
    expect(grade('SPECIAL_EQUIPMENT', { deaths: 30 })).toBe('I');
    expect(grade('SPECIAL_EQUIPMENT', { seriouslyInjured: 10 })).toBe('III');
    expect(grade('SPECIAL_EQUIPMENT', { directLossYuan: 9_999_999 })).toBe('IV');
    expect(grade('SPECIAL_EQUIPMENT', { directLossYuan: 10_000_000 })).toBe('III');
    expect(grade('SPECIAL_EQUIPMENT', { directLossYuan: 100_000_000 })).toBe('I');
  });

  it('starts grade IV direct loss at 10,000 yuan', () => {
    expect(grade('SPECIAL_EQUIPMENT', { directLossYuan: 9_999 })).toBeNull();
    expect(grade('SPECIAL_EQUIPMENT', { directLossYuan: 10_000 })).toBe('IV');
  });

  it('grades elevator entrapment of 2 hours or more as IV', () => {
    expect(grade('SPECIAL_EQUIPMENT', { elevatorEntrapmentHours: 1.9 })).toBeNull();
    const result = assessSeverity(tables, 'SPECIAL_EQUIPMENT', { elevatorEntrapmentHours: 2 });
    expect(result.suggested).toBe('IV');
    expect(result.criterion).toBe('电梯轿厢滞留人员2小时以上');
    expect(grade('SPECIAL_EQUIPMENT', { elevatorEntrapmentHours: 30 })).toBe('IV');
  });

  it('grades a boiler or pressure-vessel explosion at least III', () => {
    const result = assessSeverity(tables, 'SPECIAL_EQUIPMENT', { boilerOrPressureVesselExplosion: true });
    expect(result.suggested).toBe('III');
    expect(result.criterion).toBe('锅炉、压力容器、压力管道爆炸');
    expect(result.matched).toEqual([
      {
        figure: 'boilerOrPressureVesselExplosion',
        value: true,
        severity: 'III',
        criterion: '锅炉、压力容器、压力管道爆炸',
      },
    ]);
    expect(grade('SPECIAL_EQUIPMENT', { boilerOrPressureVesselExplosion: true, deaths: 12 })).toBe('II');
    expect(grade('SPECIAL_EQUIPMENT', { boilerOrPressureVesselExplosion: true, deaths: 1 })).toBe('III');
    expect(grade('SPECIAL_EQUIPMENT', { boilerOrPressureVesselExplosion: false })).toBeNull();
  });

  it.each<[number, Severity | null]>([
    [499, null],
    [500, 'IV'],
    [9_999, 'IV'],
    [10_000, 'III'],
    [49_999, 'III'],
    [50_000, 'II'],
    [149_999, 'II'],
    [150_000, 'I'],
  ])('%i people evacuated -> %s', (evacuated, expected) => {
    expect(grade('SPECIAL_EQUIPMENT', { evacuated })).toBe(expected);
  });

  it('does not count the missing as deaths (the regulation says 死亡 only)', () => {
    expect(grade('SPECIAL_EQUIPMENT', { deaths: 2, missing: 1 })).toBe('IV');
  });
});

describe('assessSeverity: earthquake (国家地震应急预案)', () => {
  it.each<[number, Severity | null]>([
    [0, null],
    [1, 'IV'],
    [9, 'IV'],
    [10, 'III'],
    [49, 'III'],
    [50, 'II'],
    [299, 'II'],
    [300, 'I'],
  ])('%i deaths -> %s', (deaths, expected) => {
    expect(grade('EARTHQUAKE', { deaths })).toBe(expected);
  });

  it('counts the missing as deaths', () => {
    expect(grade('EARTHQUAKE', { deaths: 250, missing: 50 })).toBe('I');
    expect(grade('EARTHQUAKE', { deaths: 5, missing: 5 })).toBe('III');
    const result = assessSeverity(tables, 'EARTHQUAKE', { deaths: 40, missing: 10 });
    expect(result.suggested).toBe('II');
    expect(result.criterion).toBe('造成死亡(含失踪)50人以上300人以下');
  });

  it.each<[number, boolean, Severity | null]>([
    [7.0, false, 'I'],
    [6.9, false, 'II'],
    [6.0, true, 'I'],
    [6.0, false, 'II'],
    [5.9, true, 'II'],
    [5.0, true, 'II'],
    [5.0, false, 'III'],
    [4.9, true, 'III'],
    [4.0, true, 'III'],
    [4.9, false, 'IV'],
    [4.0, false, 'IV'],
    [3.9, false, null],
    [3.9, true, null],
  ])('M%s, densely populated %s -> %s', (magnitude, denselyPopulated, expected) => {
    expect(grade('EARTHQUAKE', { magnitude, denselyPopulated })).toBe(expected);
  });

  it('uses the not-dense bands when density is not reported, and says so', () => {
    const result = assessSeverity(tables, 'EARTHQUAKE', { magnitude: 6.0 });
    expect(result.suggested).toBe('II');
    expect(result.notes).toEqual(['未说明是否人口密集地区, 按"否"评估']);
    expect(result.message).toContain('未说明是否人口密集地区');
    expect(assessSeverity(tables, 'EARTHQUAKE', { magnitude: 6.0, denselyPopulated: false }).notes).toEqual([]);
  });

  it('takes the higher of magnitude and casualties', () => {
    expect(grade('EARTHQUAKE', { magnitude: 4.5, deaths: 60 })).toBe('II');
    expect(grade('EARTHQUAKE', { magnitude: 6.5, deaths: 2, denselyPopulated: true })).toBe('I');
  });
});

describe('assessSeverity: geological disaster (国家突发地质灾害应急预案)', () => {
  it.each<[number, Severity]>([
    [1, 'IV'],
    [2, 'IV'],
    [3, 'III'],
    [9, 'III'],
    [10, 'II'],
    [29, 'II'],
    [30, 'I'],
  ])('disaster: %i deaths -> %s', (deaths, expected) => {
    expect(grade('GEOLOGICAL_DISASTER', { deaths })).toBe(expected);
  });

  it.each<[number, Severity]>([
    [999_999, 'IV'],
    [1_000_000, 'III'],
    [4_999_999, 'III'],
    [5_000_000, 'II'],
    [9_999_999, 'II'],
    [10_000_000, 'I'],
  ])('disaster: %i yuan direct loss -> %s', (directLossYuan, expected) => {
    expect(grade('GEOLOGICAL_DISASTER', { directLossYuan })).toBe(expected);
  });

  it.each<[number, Severity | null]>([
    [0, null],
    [1, 'IV'],
    [99, 'IV'],
    [100, 'III'],
    [499, 'III'],
    [500, 'II'],
    [999, 'II'],
    [1000, 'I'],
  ])('threat: %i people to relocate -> %s', (relocated, expected) => {
    expect(grade('GEOLOGICAL_DISASTER', { relocated })).toBe(expected);
  });

  it.each<[number, Severity]>([
    [4_999_999, 'IV'],
    [5_000_000, 'III'],
    [50_000_000, 'II'],
    [99_999_999, 'II'],
    [100_000_000, 'I'],
  ])('threat: %i yuan potential loss -> %s', (potentialLossYuan, expected) => {
    expect(grade('GEOLOGICAL_DISASTER', { potentialLossYuan })).toBe(expected);
  });

  it('quotes the threat criterion when the threat decides', () => {
    const result = assessSeverity(tables, 'GEOLOGICAL_DISASTER', { deaths: 0, relocated: 600 });
    expect(result.suggested).toBe('II');
    expect(result.criterion).toBe('大型地质灾害险情: 受威胁需搬迁转移人数500人以上1000人以下');
  });

  it('does not count the missing as deaths', () => {
    expect(grade('GEOLOGICAL_DISASTER', { deaths: 2, missing: 5 })).toBe('IV');
  });
});

describe('assessSeverity: forest fire (森林防火条例 第四十条)', () => {
  it.each<[number, Severity | null]>([
    [0, null],
    [0.5, 'IV'],
    [1, 'III'],
    [99.9, 'III'],
    [100, 'II'],
    [999, 'II'],
    [1000, 'I'],
  ])('%s hectares burned -> %s', (burnedHectares, expected) => {
    expect(grade('FOREST_GRASSLAND_FIRE', { burnedHectares })).toBe(expected);
  });

  it('grades deaths and serious injuries', () => {
    expect(grade('FOREST_GRASSLAND_FIRE', { deaths: 1 })).toBe('IV');
    expect(grade('FOREST_GRASSLAND_FIRE', { deaths: 2 })).toBe('IV');
    expect(grade('FOREST_GRASSLAND_FIRE', { deaths: 3 })).toBe('III');
    expect(grade('FOREST_GRASSLAND_FIRE', { deaths: 10 })).toBe('II');
    expect(grade('FOREST_GRASSLAND_FIRE', { deaths: 30 })).toBe('I');
    expect(grade('FOREST_GRASSLAND_FIRE', { seriouslyInjured: 1 })).toBe('IV');
    expect(grade('FOREST_GRASSLAND_FIRE', { seriouslyInjured: 9 })).toBe('IV');
    expect(grade('FOREST_GRASSLAND_FIRE', { seriouslyInjured: 10 })).toBe('III');
    expect(grade('FOREST_GRASSLAND_FIRE', { seriouslyInjured: 50 })).toBe('II');
    expect(grade('FOREST_GRASSLAND_FIRE', { seriouslyInjured: 100 })).toBe('I');
  });

  it('quotes the area criterion', () => {
    expect(assessSeverity(tables, 'FOREST_GRASSLAND_FIRE', { burnedHectares: 0.5 }).criterion).toBe(
      '受害森林面积在1公顷以下或者其他林地起火',
    );
  });
});

describe('assessSeverity: forest or grassland, chosen by the report', () => {
  it('applies the forest table when the report says 森林 or does not say, and notes the assumption', () => {
    const forest = assessSeverity(tables, 'FOREST_GRASSLAND_FIRE', { burnedHectares: 100 }, { burnedLand: 'FOREST' });
    expect(forest).toMatchObject({ table: 'FOREST_FIRE', suggested: 'II', notes: [] });
    const unsaid = assessSeverity(tables, 'FOREST_GRASSLAND_FIRE', { burnedHectares: 100 });
    expect(unsaid).toMatchObject({ table: 'FOREST_FIRE', suggested: 'II', notes: ['未说明森林或草原, 按森林评估'] });
    expect(unsaid.message).toContain('未说明森林或草原');
    expect(unsaid.decisions[0]).toContain('草原火灾按全国草原火灾应急预案分级');
  });

  it('applies the grassland table when the report says 草原', () => {
    const result = assessSeverity(
      tables,
      'FOREST_GRASSLAND_FIRE',
      { burnedHectares: 100 },
      { burnedLand: 'GRASSLAND' },
    );
    expect(result).toMatchObject({
      table: 'GRASSLAND_FIRE',
      suggested: 'IV',
      criterion: '受害草原面积10公顷以上1000公顷以下',
      notes: [],
    });
    expect(result.regulation).toContain('全国草原火灾应急预案');
  });

  it('rejects an unknown land', () => {
    expect(() =>
      assessSeverity(tables, 'FOREST_GRASSLAND_FIRE', {}, { burnedLand: 'DESERT' as unknown as 'FOREST' }),
    ).toThrow('burnedLand must be one of FOREST, GRASSLAND, got "DESERT"');
  });
});

describe('assessSeverity: grassland fire (全国草原火灾应急预案 / 草原火灾级别划分规定 第四条)', () => {
  const grassland = (figures: SeverityFigures) =>
    assessSeverity(tables, 'FOREST_GRASSLAND_FIRE', figures, { burnedLand: 'GRASSLAND' }).suggested;

  it.each<[number, Severity | null]>([
    [0, null],
    [9.9, null],
    [10, 'IV'],
    [999.9, 'IV'],
    [1000, 'III'],
    [4999, 'III'],
    [5000, 'II'],
    [7999, 'II'],
    [8000, 'I'],
  ])('%s hectares of grassland burned -> %s', (burnedHectares, expected) => {
    expect(grassland({ burnedHectares })).toBe(expected);
  });

  it.each<[number, Severity | null]>([
    [0, null],
    [1, 'III'],
    [2, 'III'],
    [3, 'II'],
    [9, 'II'],
    [10, 'I'],
  ])('%i deaths -> %s', (deaths, expected) => {
    expect(grassland({ deaths })).toBe(expected);
  });

  it.each<[number, Severity | null]>([
    [0, null],
    [1, 'IV'],
    [2, 'IV'],
    [3, 'III'],
    [9, 'III'],
    [10, 'II'],
    [19, 'II'],
    [20, 'I'],
  ])('%i seriously injured -> %s (dead and seriously injured together from 10)', (seriouslyInjured, expected) => {
    expect(grassland({ seriouslyInjured })).toBe(expected);
  });

  it('adds deaths and serious injuries for the combined criterion', () => {
    expect(grassland({ deaths: 2, seriouslyInjured: 7 })).toBe('III');
    expect(grassland({ deaths: 2, seriouslyInjured: 8 })).toBe('II');
    expect(grassland({ deaths: 2, seriouslyInjured: 18 })).toBe('I');
    const result = assessSeverity(
      tables,
      'FOREST_GRASSLAND_FIRE',
      { deaths: 2, seriouslyInjured: 18 },
      { burnedLand: 'GRASSLAND' },
    );
    expect(result.matched[0]).toEqual({
      figure: 'deaths+seriouslyInjured',
      value: 20,
      severity: 'I',
      criterion: '造成死亡和重伤合计20人以上',
    });
  });

  it('does not count the missing', () => {
    expect(grassland({ missing: 12 })).toBeNull();
  });

  it.each<[number, Severity | null]>([
    [4_999, null],
    [5_000, 'IV'],
    [499_999, 'IV'],
    [500_000, 'III'],
    [2_999_999, 'III'],
    [3_000_000, 'II'],
    [4_999_999, 'II'],
    [5_000_000, 'I'],
  ])('%i yuan direct loss -> %s', (directLossYuan, expected) => {
    expect(grassland({ directLossYuan })).toBe(expected);
  });

  it('grades differently from the forest table for the same figures', () => {
    expect(grade('FOREST_GRASSLAND_FIRE', { burnedHectares: 500, deaths: 5 })).toBe('II');
    expect(grassland({ burnedHectares: 500, deaths: 5 })).toBe('II');
    expect(grade('FOREST_GRASSLAND_FIRE', { burnedHectares: 5 })).toBe('III');
    expect(grassland({ burnedHectares: 5 })).toBeNull();
    expect(grade('FOREST_GRASSLAND_FIRE', { deaths: 1 })).toBe('IV');
    expect(grassland({ deaths: 1 })).toBe('III');
  });
});

describe('assessSeverity: eco-environment (国家突发环境事件应急预案)', () => {
  it.each<[number, Severity]>([
    [1, 'IV'],
    [4_999, 'IV'],
    [5_000, 'III'],
    [9_999, 'III'],
    [10_000, 'II'],
    [49_999, 'II'],
    [50_000, 'I'],
  ])('%i people evacuated -> %s', (evacuated, expected) => {
    expect(grade('ECO_ENVIRONMENT', { evacuated })).toBe(expected);
  });

  it('grades deaths (the missing not counted: the 2014 plan says 死亡), poisoning or injuries and loss', () => {
    expect(grade('ECO_ENVIRONMENT', { deaths: 2 })).toBe('IV');
    expect(grade('ECO_ENVIRONMENT', { deaths: 3 })).toBe('III');
    expect(grade('ECO_ENVIRONMENT', { deaths: 9, missing: 1 })).toBe('III');
    expect(grade('ECO_ENVIRONMENT', { deaths: 10 })).toBe('II');
    expect(grade('ECO_ENVIRONMENT', { deaths: 29, missing: 1 })).toBe('II');
    expect(grade('ECO_ENVIRONMENT', { deaths: 30 })).toBe('I');
    expect(grade('ECO_ENVIRONMENT', { missing: 5 })).toBeNull();
    expect(grade('ECO_ENVIRONMENT', { poisoned: 60 })).toBe('II');
    expect(grade('ECO_ENVIRONMENT', { poisoned: 60, seriouslyInjured: 40 })).toBe('I');
    expect(grade('ECO_ENVIRONMENT', { directLossYuan: 4_999_999 })).toBe('IV');
    expect(grade('ECO_ENVIRONMENT', { directLossYuan: 5_000_000 })).toBe('III');
    expect(grade('ECO_ENVIRONMENT', { directLossYuan: 20_000_000 })).toBe('II');
    expect(grade('ECO_ENVIRONMENT', { directLossYuan: 100_000_000 })).toBe('I');
  });
});

describe('assessSeverity: qualitative types', () => {
  it('suggests no grade and asks the officer to decide', () => {
    const result = assessSeverity(tables, QUALITATIVE, { deaths: 100 });
    expect(result).toEqual({
      qualitative: true,
      suggested: null,
      criterion: null,
      regulation: null,
      table: null,
      matched: [],
      notes: [],
      decisions: [],
      message: '该类事件分级标准为定性标准, 请值班员根据实际情况确定级别',
    });
  });

  it('rejects an unknown table id', () => {
    expect(() => assessSeverity(tables, 'NO_SUCH_TABLE', {})).toThrow('unknown grading table "NO_SUCH_TABLE"');
  });
});

describe('assessSeverity: invalid figures', () => {
  it.each<[SeverityFigures, string]>([
    [{ deaths: -1 }, 'deaths must be a non-negative number, got -1'],
    [{ directLossYuan: Number.NaN }, 'directLossYuan must be a non-negative number, got NaN'],
    [{ magnitude: Number.POSITIVE_INFINITY }, 'magnitude must be a non-negative number, got Infinity'],
    [{ missing: -0.5 }, 'missing must be a non-negative number, got -0.5'],
  ])('%j is rejected', (figures, message) => {
    expect(() => assessSeverity(tables, 'PRODUCTION_SAFETY', figures)).toThrow(message);
  });

  it('rejects invalid figures for qualitative types too', () => {
    expect(() => assessSeverity(tables, QUALITATIVE, { seriouslyInjured: -3 })).toThrow(
      'seriouslyInjured must be a non-negative number, got -3',
    );
  });

  it('rejects wrongly typed and unknown figures, and treats null as not reported', () => {
    const untyped = (value: unknown): SeverityFigures => value as SeverityFigures;
    expect(() => assessSeverity(tables, 'EARTHQUAKE', untyped({ deaths: '3' }))).toThrow(
      'deaths must be a non-negative number, got "3"',
    );
    expect(() => assessSeverity(tables, 'EARTHQUAKE', untyped({ denselyPopulated: 'yes' }))).toThrow(
      'denselyPopulated must be true or false, got "yes"',
    );
    expect(() => assessSeverity(tables, 'EARTHQUAKE', untyped({ death: 3 }))).toThrow(
      'unknown severity figure "death"',
    );
    expect(grade('EARTHQUAKE', untyped({ deaths: null, magnitude: 7.1 }))).toBe('I');
  });
});

describe('validateGradingTables', () => {
  it('names the path of a non-numeric bound', () => {
    const raw = rawCopy();
    const bands = raw.tables[2].criteria[1].bands as Record<string, Record<string, unknown>>;
    bands.II.min = 'x';
    expect(() => validateGradingTables(raw)).toThrow(
      'grading.yaml: tables[2].criteria[1].bands.II.min must be a number, got "x"',
    );
  });

  it('rejects an unknown figure', () => {
    const raw = rawCopy();
    raw.tables[0].criteria[0].figure = 'casualties';
    expect(() => validateGradingTables(raw)).toThrow(
      /^grading\.yaml: tables\[0\]\.criteria\[0\]\.figure must be one of/,
    );
  });

  it('rejects bounds that do not decrease from I to IV', () => {
    const raw = rawCopy();
    const bands = raw.tables[0].criteria[0].bands as Record<string, Record<string, unknown>>;
    bands.III.min = 10;
    expect(() => validateGradingTables(raw)).toThrow(
      'grading.yaml: tables[0].criteria[0].bands.III lower bound 10 must be below the bound of II (10)',
    );
  });

  it('rejects a band with both or neither of min and above, and a missing text', () => {
    const both = rawCopy();
    (both.tables[0].criteria[0].bands as Record<string, Record<string, unknown>>).I.above = 29;
    expect(() => validateGradingTables(both)).toThrow(
      'grading.yaml: tables[0].criteria[0].bands.I must have exactly one of min (inclusive) or above (exclusive)',
    );
    const noText = rawCopy();
    delete (noText.tables[0].criteria[0].bands as Record<string, Record<string, unknown>>).I.text;
    expect(() => validateGradingTables(noText)).toThrow(
      'grading.yaml: tables[0].criteria[0].bands.I.text must be a non-empty string, got undefined',
    );
  });

  it('rejects unknown keys, unknown grades and bad when/add entries', () => {
    const typo = rawCopy();
    (typo.tables[0].criteria[0].bands as Record<string, Record<string, unknown>>).I.mni = 3;
    expect(() => validateGradingTables(typo)).toThrow(
      'grading.yaml: tables[0].criteria[0].bands.I.mni is not a known key',
    );
    const grade = rawCopy();
    (grade.tables[0].criteria[0].bands as Record<string, unknown>).V = { min: 0, text: 'x' };
    expect(() => validateGradingTables(grade)).toThrow(
      'grading.yaml: tables[0].criteria[0].bands.V is not a known key',
    );
    const when = rawCopy();
    when.tables[2].criteria[1].when = { deaths: true };
    expect(() => validateGradingTables(when)).toThrow(
      'grading.yaml: tables[2].criteria[1].when.deaths is not a yes/no figure',
    );
    const add = rawCopy();
    add.tables[0].criteria[0].add = ['denselyPopulated'];
    expect(() => validateGradingTables(add)).toThrow(
      'grading.yaml: tables[0].criteria[0].add[0] must be a numeric figure other than the criterion figure, got "denselyPopulated"',
    );
  });

  it('rejects a yes/no criterion with more than one grade or with a bound', () => {
    const two = rawCopy();
    const explosion = two.tables[1].criteria.find((c) => c.figure === 'boilerOrPressureVesselExplosion');
    if (!explosion) throw new Error('fixture: no explosion criterion');
    (explosion.bands as Record<string, unknown>).II = { text: 'x' };
    expect(() => validateGradingTables(two)).toThrow(/bands must define exactly one grade for a yes\/no figure/);
    const bound = rawCopy();
    const explosion2 = bound.tables[1].criteria.find((c) => c.figure === 'boilerOrPressureVesselExplosion');
    if (!explosion2) throw new Error('fixture: no explosion criterion');
    (explosion2.bands as Record<string, Record<string, unknown>>).III.min = 1;
    expect(() => validateGradingTables(bound)).toThrow(/bands\.III\.min is not a known key/);
  });

  it('rejects duplicate, reserved and malformed table ids and empty lists', () => {
    const dup = rawCopy();
    dup.tables[1].id = 'PRODUCTION_SAFETY';
    expect(() => validateGradingTables(dup)).toThrow(
      'grading.yaml: tables[1].id must be unique, got "PRODUCTION_SAFETY"',
    );
    const reserved = rawCopy();
    reserved.tables[0].id = 'QUALITATIVE';
    expect(() => validateGradingTables(reserved)).toThrow(/tables\[0\]\.id must not be QUALITATIVE/);
    const lower = rawCopy();
    lower.tables[0].id = 'production';
    expect(() => validateGradingTables(lower)).toThrow(/tables\[0\]\.id must be an upper-case code/);
    const noCriteria = rawCopy();
    noCriteria.tables[3].criteria = [];
    expect(() => validateGradingTables(noCriteria)).toThrow(
      'grading.yaml: tables[3].criteria must be a non-empty list, got []',
    );
    expect(() => validateGradingTables({ tables: [] })).toThrow(
      'grading.yaml: tables must be a non-empty list, got []',
    );
    expect(() => validateGradingTables(null)).toThrow('grading.yaml: root must be a mapping, got null');
    expect(() => validateGradingTables('tables')).toThrow('grading.yaml: root must be a mapping, got "tables"');
  });
});

describe('validateGradingTables: selectors', () => {
  const withSelectors = (selectors: unknown) => ({ ...(rawGrading as Record<string, unknown>), selectors });

  it('names a bad selector entry', () => {
    const good = {
      id: 'X',
      name: 'x',
      by: 'burnedLand',
      tables: { FOREST: 'FOREST_FIRE', GRASSLAND: 'GRASSLAND_FIRE' },
      default: 'FOREST',
    };
    expect(() => validateGradingTables(withSelectors([good]))).not.toThrow();
    expect(() =>
      validateGradingTables(withSelectors([{ ...good, tables: { FOREST: 'NOPE', GRASSLAND: 'GRASSLAND_FIRE' } }])),
    ).toThrow('grading.yaml: selectors[0].tables.FOREST must name a table');
    expect(() => validateGradingTables(withSelectors([{ ...good, default: 'DESERT' }]))).toThrow(
      'grading.yaml: selectors[0].default must be one of FOREST, GRASSLAND, got "DESERT"',
    );
    expect(() => validateGradingTables(withSelectors([{ ...good, id: 'FOREST_FIRE' }]))).toThrow(
      'grading.yaml: selectors[0].id must differ from every table and selector id',
    );
    expect(() => validateGradingTables(withSelectors([{ ...good, by: 'colour' }]))).toThrow(
      'selectors[0].by must be burnedLand',
    );
  });
});
