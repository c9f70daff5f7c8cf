import { closest, formatInstant, similarity } from './text-match';

describe('closest', () => {
  const titles = ['市应急管理局局长', '市水务局局长', '市气象局局长', '副市长', '市政府副秘书长', '市公安局常务副局长'];

  it('suggests the titles most like a misspelt one, best first', () => {
    expect(closest('应急管理局局长', titles)[0]).toBe('市应急管理局局长');
    expect(closest('市应急局局长', titles)[0]).toBe('市应急管理局局长');
    expect(closest('副秘书长', titles)).toContain('市政府副秘书长');
  });

  it('suggests nothing for an unrelated text', () => {
    expect(closest('董事长', ['市应急管理局局长'])).toEqual([]);
  });

  it('scores identical texts 1 and disjoint texts 0', () => {
    expect(similarity('副市长', '副市长')).toBe(1);
    expect(similarity('甲乙', '丙丁')).toBe(0);
  });
});

describe('formatInstant', () => {
  it('writes a China midnight as a date, anything else as ISO-8601', () => {
    expect(formatInstant(new Date('2019-09-11T00:00:00+08:00'))).toBe('2019-09-11');
    expect(formatInstant(new Date('2020-07-15T08:30:00Z'))).toBe('2020-07-15T08:30:00.000Z');
  });
});
