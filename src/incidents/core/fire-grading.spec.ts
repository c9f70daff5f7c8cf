import type { Severity } from '../../common/core/severity';
import { grade, tables } from './grading.fixture';
import { assessSeverity } from './severity-assessment';
import { SeverityFigures } from './severity-figures';

/** A grade as the tables below write it. */
type Grade = `${Severity}`;

describe('assessSeverity: forest fire (森林防火条例 第四十条)', () => {
  it.each<[number, Grade | null]>([
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

  it.each<[number, Grade | null]>([
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

  it.each<[number, Grade | null]>([
    [0, null],
    [1, 'III'],
    [2, 'III'],
    [3, 'II'],
    [9, 'II'],
    [10, 'I'],
  ])('%i deaths -> %s', (deaths, expected) => {
    expect(grassland({ deaths })).toBe(expected);
  });

  it.each<[number, Grade | null]>([
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

  it.each<[number, Grade | null]>([
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
