import { atLeast, parseSeverity, Severity } from './severity';

describe('parseSeverity', () => {
  it.each([
    ['I', Severity.I],
    ['ii', Severity.II],
    ['Ⅲ', Severity.III],
    ['Ⅳ级', Severity.IV],
    ['一级', Severity.I],
    ['二级', Severity.II],
    ['三级', Severity.III],
    ['四级', Severity.IV],
    ['特别重大', Severity.I],
    ['较大', Severity.III],
    [' IV ', Severity.IV],
  ])('reads %j as %s', (text, grade) => expect(parseSeverity(text)).toBe(grade));

  it.each(['V', '五级', '', 'high'])('rejects %j', (text) => expect(parseSeverity(text)).toBeNull());
});

describe('atLeast', () => {
  it('orders grades with I the most severe', () => {
    expect(atLeast(Severity.II, Severity.III)).toBe(true);
    expect(atLeast(Severity.III, Severity.III)).toBe(true);
    expect(atLeast(Severity.IV, Severity.III)).toBe(false);
    expect(atLeast(Severity.I, Severity.IV)).toBe(true);
  });
});
