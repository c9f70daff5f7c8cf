import { DomainException } from './domain.exception';
import { checkTextDeep, normalizePersonName, textProblem } from './text-policy.helper';

describe('text policy', () => {
  it.each([
    ['NUL', 'a\u0000b', /NUL/],
    ['a control character', 'a\u0007b', /U\+0007/],
    ['a C1 control', 'a\u0085b', /U\+0085/],
    ['a right-to-left override', '煤矿\u202e事故', /bidirectional/],
    ['an isolate', '\u2067x\u2069', /bidirectional/],
    ['a lone high surrogate', 'a\ud83db', /lone surrogate/],
    ['a lone low surrogate', '\ude00', /lone surrogate/],
    ['zero-width spaces only', '\u200b\u200b\u200b', /empty once/],
    ['ideographic spaces only', '\u3000\u3000', /empty once/],
    ['a BOM and spaces', '\ufeff  ', /empty once/],
  ])('refuses %s', (_what, value, problem) => {
    expect(textProblem(value)).toMatch(problem);
  });

  it.each(['李子荣', '某煤矿井下瓦斯爆炸\n伤亡待核实', 'Tab\tok', '😀 emoji', ''])('accepts %j', (value) => {
    expect(textProblem(value)).toBeNull();
  });

  it('names the path of the bad value inside an input', () => {
    try {
      checkTextDeep('input', { title: 'ok', facts: [{ note: 'x\u0000' }] });
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainException);
      expect((error as DomainException).message).toMatch(/^input\.facts\[0\]\.note: contains a NUL character/);
    }
  });

  it.each([
    ['\uf9e1子荣', '李子荣'],
    ['李\u200b子荣', '李子荣'],
    ['李\u3000子荣', '李子荣'],
    ['李 子 荣', '李子荣'],
    [' 李子荣\u00a0', '李子荣'],
    ['ＬＩ Ｚｉｒｏｎｇ', 'LI Zirong'],
    ['阿不都 · 热合曼', '阿不都·热合曼'],
  ])('normalises the name %j to %j', (input, expected) => {
    expect(normalizePersonName(input)).toBe(expected);
  });
});
