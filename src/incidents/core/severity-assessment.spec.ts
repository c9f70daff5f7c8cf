import { QUALITATIVE } from './grading-tables';
import { grade, Grade, gradeIn, itGradesBands, tables } from './grading.fixture';
import { assessSeverity } from './severity-assessment';
import { SeverityFigures } from './severity-figures';

describe('assessSeverity: production safety (493号令 第三条)', () => {
  const production = gradeIn('PRODUCTION_SAFETY');

  itGradesBands(production, 'deaths', { IV: [1, 2], III: [3, 9], II: [10, 29], I: [30] }, 0);

  itGradesBands(production, 'seriouslyInjured', { IV: [1, 9], III: [10, 49], II: [50, 99], I: [100] });

  it('counts acute industrial poisoning with serious injuries', () => {
    expect(grade('PRODUCTION_SAFETY', { seriouslyInjured: 6, poisoned: 4 })).toBe('III');
  });

  itGradesBands(production, 'directLossYuan', {
    IV: [1, 9_999_999],
    III: [10_000_000, 49_999_999],
    II: [50_000_000, 99_999_999],
    I: [100_000_000],
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
  const special = gradeIn('SPECIAL_EQUIPMENT');

  itGradesBands(special, 'deaths', { IV: [2], III: [3, 9], II: [10, 29], I: [30] });
  itGradesBands(special, 'seriouslyInjured', { III: [10] });
  // The casualty and loss bands of 493号令, but grade IV direct loss begins at 10,000 yuan.
  itGradesBands(special, 'directLossYuan', { IV: [10_000, 9_999_999], III: [10_000_000], I: [100_000_000] }, 9_999);

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

  itGradesBands(
    special,
    'evacuated',
    { IV: [500, 9_999], III: [10_000, 49_999], II: [50_000, 149_999], I: [150_000] },
    499,
  );

  it('does not count the missing as deaths (the regulation says 死亡 only)', () => {
    expect(grade('SPECIAL_EQUIPMENT', { deaths: 2, missing: 1 })).toBe('IV');
  });
});

describe('assessSeverity: earthquake (国家地震应急预案)', () => {
  itGradesBands(gradeIn('EARTHQUAKE'), 'deaths', { IV: [1, 9], III: [10, 49], II: [50, 299], I: [300] }, 0);

  it('counts the missing as deaths', () => {
    expect(grade('EARTHQUAKE', { deaths: 250, missing: 50 })).toBe('I');
    expect(grade('EARTHQUAKE', { deaths: 5, missing: 5 })).toBe('III');
    const result = assessSeverity(tables, 'EARTHQUAKE', { deaths: 40, missing: 10 });
    expect(result.suggested).toBe('II');
    expect(result.criterion).toBe('造成死亡(含失踪)50人以上300人以下');
  });

  it.each<[number, boolean, Grade | null]>([
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
  const geological = gradeIn('GEOLOGICAL_DISASTER');

  itGradesBands(geological, 'deaths', { IV: [1, 2], III: [3, 9], II: [10, 29], I: [30] });

  itGradesBands(geological, 'directLossYuan', {
    IV: [999_999],
    III: [1_000_000, 4_999_999],
    II: [5_000_000, 9_999_999],
    I: [10_000_000],
  });

  itGradesBands(geological, 'relocated', { IV: [1, 99], III: [100, 499], II: [500, 999], I: [1000] }, 0);

  itGradesBands(geological, 'potentialLossYuan', {
    IV: [4_999_999],
    III: [5_000_000],
    II: [50_000_000, 99_999_999],
    I: [100_000_000],
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

describe('assessSeverity: eco-environment (国家突发环境事件应急预案)', () => {
  itGradesBands(gradeIn('ECO_ENVIRONMENT'), 'evacuated', {
    IV: [1, 4_999],
    III: [5_000, 9_999],
    II: [10_000, 49_999],
    I: [50_000],
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
