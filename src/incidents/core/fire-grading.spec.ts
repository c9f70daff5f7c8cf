import { grade, gradeIn, itGradesBands, tables } from './grading.fixture';
import { assessSeverity } from './severity-assessment';
import { SeverityFigures } from './severity-figures';

describe('assessSeverity: forest fire (森林防火条例 第四十条)', () => {
  const forest = gradeIn('FOREST_GRASSLAND_FIRE');

  itGradesBands(forest, 'burnedHectares', { IV: [0.5], III: [1, 99.9], II: [100, 999], I: [1000] }, 0);

  itGradesBands(forest, 'deaths', { IV: [1, 2], III: [3], II: [10], I: [30] });
  itGradesBands(forest, 'seriouslyInjured', { IV: [1, 9], III: [10], II: [50], I: [100] });

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

  itGradesBands(grassland, 'burnedHectares', { IV: [10, 999.9], III: [1000, 4999], II: [5000, 7999], I: [8000] }, 9.9);

  itGradesBands(grassland, 'deaths', { III: [1, 2], II: [3, 9], I: [10] }, 0);

  // Dead and seriously injured together from 10.
  itGradesBands(grassland, 'seriouslyInjured', { IV: [1, 2], III: [3, 9], II: [10, 19], I: [20] }, 0);

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

  itGradesBands(
    grassland,
    'directLossYuan',
    { IV: [5_000, 499_999], III: [500_000, 2_999_999], II: [3_000_000, 4_999_999], I: [5_000_000] },
    4_999,
  );

  it('grades differently from the forest table for the same figures', () => {
    expect(grade('FOREST_GRASSLAND_FIRE', { burnedHectares: 500, deaths: 5 })).toBe('II');
    expect(grassland({ burnedHectares: 500, deaths: 5 })).toBe('II');
    expect(grade('FOREST_GRASSLAND_FIRE', { burnedHectares: 5 })).toBe('III');
    expect(grassland({ burnedHectares: 5 })).toBeNull();
    expect(grade('FOREST_GRASSLAND_FIRE', { deaths: 1 })).toBe('IV');
    expect(grassland({ deaths: 1 })).toBe('III');
  });
});
