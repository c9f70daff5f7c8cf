import { chineseMessage } from '../error-messages.catalog';
import { BadInputException } from '../domain.exception';
import { checkInstantRange, checkText } from '../text-policy.helper';
import { fieldLabelZh, problemInChinese } from './problem-zh';

/** The Chinese reason a thrower's exception carries (what messageZh appends). */
function reasonZh(thrower: () => void): unknown {
  try {
    thrower();
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputException);
    return (error as BadInputException).details.problemZh;
  }
  throw new Error('accepted');
}

describe('problemInChinese', () => {
  it.each([
    ['must not be empty', '不能为空'],
    ['must be 1 to 128 characters', '长度须为 1 至 128 个字符'],
    ['must be at most 64 characters', '不能超过 64 个字符'],
    ['is longer than 200 characters (305)', '超过 200 个字符（当前 305 个），请删减'],
    ['is 612 characters long; at most 500', '共 612 个字符，不能超过 500 个'],
    ['must be an instant (ISO-8601)', '不是有效的时间，应为如 2026-06-01T10:42:00+08:00 的格式'],
    ['must be after effectiveFrom (2024-01-01 08:00)', '须晚于生效时间'],
    ['must not be before from (2024-01-01T00:00:00.000Z)', '不能早于开始时间'],
    ['must be one of INITIAL, FOLLOW_UP, FINAL', '须为以下之一：INITIAL, FOLLOW_UP, FINAL'],
    ['must be between 1 and 200', '须在 1 至 200 之间'],
    ['is not a county or district of 晋城市; expected one of 城区, 泽州县', '不是晋城市的县市区，应为：城区、泽州县'],
    ['is not an ISO-8601 date-time; use e.g. 2020-07-15', '不是有效的时间，应为如 2026-06-01T10:42:00+08:00 的格式'],
    ['Value "V" does not exist in "Severity" enum', '不是 Severity 的有效取值'],
    [
      'no position has this title; close titles: 市水务局局长、市林业局局长',
      '没有此职务（相近的职务：市水务局局长、市林业局局长）',
    ],
    ['no position has this title', '没有此职务'],
    ['names several holders of 局长; pass personId', '对应多人，请同时指定人员编号（personId）'],
    ['is already the grade of incident 0190abcd', '与事件当前级别相同，无需调整'],
    ['already holds 市水务局局长 on 2021-06-01', '2021-06-01 时已担任市水务局局长'],
    ['市生态环境局局长 is already vacant on 2021-06-01', '市生态环境局局长在 2021-06-01 时已空缺'],
    [
      'does not hold 副市长 on 2021-06-01; holders then: 甲、乙; appoint them first',
      '在 2021-06-01 时未担任副市长（当时为：甲、乙），请先任命',
    ],
    [
      'does not hold 市审计局局长 on 2021-06-01 (it is vacant); appoint them first',
      '在 2021-06-01 时未担任市审计局局长，请先任命',
    ],
    ['王丽 does not hold 市文旅局局长 on 2021-06-01', '王丽在 2021-06-01 时未担任市文旅局局长'],
    [
      'is not a holder of 副市长 on 2021-06-01; holders then: 甲、乙',
      '不是 2021-06-01 时的副市长任职者（当时为：甲、乙）',
    ],
  ])('%s → %s', (english, chinese) => {
    expect(problemInChinese(english)).toBe(chinese);
  });

  it('leaves a reason it does not know to the code sentence', () => {
    expect(problemInChinese('is not something this codebase says')).toBeUndefined();
  });

  it("puts the text policy's and the date checks' reasons into Chinese, as they are thrown", () => {
    expect(reasonZh(() => checkText('input.title', ' \u200b '))).toBe('去掉空格和不可见字符后为空，请填写内容');
    expect(reasonZh(() => checkText('input.description', '矿井\u0007透水'))).toMatch(/^含有不可见的控制字符/);
    expect(reasonZh(() => checkText('input.title', 'a\u202eb'))).toMatch(/^含有不可见的控制字符/);
    expect(reasonZh(() => checkInstantRange('occurredAt', '0201-01-01', new Date('0201-01-01')))).toBe(
      '年份须在 1900 至 2200 之间',
    );
  });

  it('counts the years 1900 to 2200 in China time, as a bare date is read', () => {
    expect(() => checkInstantRange('from', '1900-01-01', new Date('1900-01-01T00:00:00+08:00'))).not.toThrow();
    expect(() => checkInstantRange('from', 'x', new Date('1899-12-31T23:59:59+08:00'))).toThrow(/1900 and 2200/);
    expect(() => checkInstantRange('to', 'x', new Date('2200-12-31T23:59:59+08:00'))).not.toThrow();
    expect(() => checkInstantRange('to', 'x', new Date('2201-01-01T05:00:00+08:00'))).toThrow(/1900 and 2200/);
  });

  it('keeps a Chinese reason the thrower gave', () => {
    expect(new BadInputException('title', '', 'must not be empty', '请填写标题').details.problemZh).toBe('请填写标题');
  });
});

describe('fieldLabelZh', () => {
  it('names a field, or the last step of a path, in Chinese', () => {
    expect(fieldLabelZh('title')).toBe('标题');
    expect(fieldLabelZh('input.title')).toBe('标题');
    expect(fieldLabelZh('input.contacts[2].value')).toBe('联系方式');
    expect(fieldLabelZh('input.somethingElse')).toBeUndefined();
  });

  it('makes the whole Chinese message of a bad field inside an input', () => {
    const error = new BadInputException(
      'input.title',
      '   ',
      'is empty once spaces and invisible (zero-width) characters are removed',
    );
    expect(chineseMessage(error.code, error.details)).toBe(
      '输入有误：标题（input.title，当前值 "   "），去掉空格和不可见字符后为空，请填写内容',
    );
  });
});
