import { resolve } from 'node:path';
import { BadInputException, DomainException } from '../../common/domain.exception';
import { Severity } from '../../common/core/severity';
import { readJurisdiction } from '../../config/incident.config';
import {
  CLOCK_SKEW_MS,
  CountyIndex,
  normalizeReport,
  preview,
  reportHash,
  ReportFields,
  ValidationContext,
} from './incident-validation';

const counties = new CountyIndex(readJurisdiction(resolve(__dirname, '..', '..', '..', 'config', 'jurisdiction.yaml')));
const NOW = new Date('2024-06-01T00:00:00Z');
const context: ValidationContext = {
  now: NOW,
  checkType: (code) => {
    if (code !== 'COAL_MINE_SAFETY') throw new BadInputException('incidentType', code, 'is not a known incident type');
  },
  counties,
};
const base: ReportFields = { incidentType: 'COAL_MINE_SAFETY', severity: Severity.III, title: '瓦斯爆炸' };
const problem = (overrides: Partial<ReportFields>): string => {
  try {
    normalizeReport({ ...base, ...overrides }, context);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainException);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('normalizeReport', () => {
  it('trims texts, reads empty optional texts as null and counties by alias', () => {
    expect(
      normalizeReport(
        { ...base, title: ' 瓦斯爆炸 ', description: '  ', location: ' 某矿 ', county: '泽州', idempotencyKey: ' k1 ' },
        context,
      ),
    ).toEqual({
      incidentType: 'COAL_MINE_SAFETY',
      severity: 'III',
      title: '瓦斯爆炸',
      description: null,
      location: '某矿',
      county: '泽州县',
      occurredAt: null,
      reporter: null,
      idempotencyKey: 'k1',
      exercise: false,
    });
  });

  it('counts characters, not UTF-16 units, against the limits', () => {
    expect(normalizeReport({ ...base, title: '𠮷'.repeat(200) }, context).title).toHaveLength(400);
    expect(problem({ title: '𠮷'.repeat(201) })).toMatch(/^title: is longer than 200 characters \(201\)/);
  });

  it.each([
    [{ title: '' }, 'title: must not be empty (got "")'],
    [
      { title: 'a'.repeat(201) },
      `title: is longer than 200 characters (201) (got "${'a'.repeat(40)}… (201 characters)")`,
    ],
    [{ description: 'd'.repeat(5001) }, /^description: is longer than 5000 characters \(5001\)/],
    [{ location: 'l'.repeat(101) }, /^location: is longer than 100 characters \(101\)/],
    [
      { county: '长治市' },
      /^county: is not a county or district of 晋城市; expected one of 城区, 泽州县, 高平市, 阳城县, 陵川县, 沁水县, 开发区 \(got "长治市"\)$/,
    ],
    [{ incidentType: 'X' }, 'incidentType: is not a known incident type (got "X")'],
    [{ idempotencyKey: '' }, /^idempotencyKey: must not be empty when given/],
  ])('refuses %j', (overrides, message) => {
    expect(problem(overrides as Partial<ReportFields>)).toMatch(
      message instanceof RegExp ? message : new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    );
  });

  it('allows occurredAt up to 5 minutes ahead of the server clock, not more', () => {
    expect(
      normalizeReport({ ...base, occurredAt: new Date(NOW.getTime() + CLOCK_SKEW_MS) }, context).occurredAt,
    ).toEqual(new Date(NOW.getTime() + CLOCK_SKEW_MS));
    expect(problem({ occurredAt: new Date(NOW.getTime() + CLOCK_SKEW_MS + 1) })).toBe(
      'occurredAt: is in the future (server time is 2024-06-01T00:00:00.000Z; up to 5 minutes of clock skew are allowed) (got "2024-06-01T00:05:00.001Z")',
    );
  });

  it('says in Chinese why a report is refused, for the duty officer', () => {
    const reasonZh = (overrides: Partial<ReportFields>): unknown => {
      try {
        normalizeReport({ ...base, ...overrides }, context);
      } catch (error) {
        return (error as BadInputException).details.problemZh;
      }
      throw new Error('accepted');
    };
    expect(reasonZh({ title: '  ' })).toBe('不能为空');
    expect(reasonZh({ title: '透'.repeat(201) })).toMatch(/^超过 \d+ 个字符（当前 201 个）/);
    expect(reasonZh({ incidentType: 'VOLCANO' })).toBe('不是已知的事件类型，请从列表中选择');
    expect(reasonZh({ county: '太原' })).toMatch(/^不是晋城市的县市区，应为：城区、泽州县、/);
    expect(reasonZh({ occurredAt: new Date(NOW.getTime() + 3600_000) })).toBe(
      '晚于当前时间（发生或确认的时间不能是将来）',
    );
  });
});

describe('reportHash', () => {
  const hash = (overrides: Partial<ReportFields>) => reportHash(normalizeReport({ ...base, ...overrides }, context));
  it('is the same for the same content however it is spaced, and ignores the key', () => {
    expect(hash({ title: ' 瓦斯爆炸', idempotencyKey: 'a' })).toBe(hash({ title: '瓦斯爆炸 ', idempotencyKey: 'b' }));
    expect(hash({ county: '泽州' })).toBe(hash({ county: '泽州县' }));
  });
  it('differs when any fact differs', () => {
    const first = hash({});
    for (const overrides of [
      { severity: Severity.II },
      { title: '透水' },
      { description: 'x' },
      { location: 'y' },
      { county: '城区' },
      { reporter: 'z' },
      { occurredAt: NOW },
    ]) {
      expect(hash(overrides)).not.toBe(first);
    }
  });
});

describe('preview', () => {
  it('quotes long values by their beginning and length', () => {
    expect(preview('short')).toBe('short');
    expect(preview('x'.repeat(100))).toBe(`${'x'.repeat(40)}… (100 characters)`);
  });
});
