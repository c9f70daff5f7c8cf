import { quotedValue } from './quoted-value';

describe('quotedValue', () => {
  it('quotes as JSON', () => {
    expect(quotedValue('瓦斯爆炸')).toBe('"瓦斯爆炸"');
    expect(quotedValue(null)).toBe('null');
    expect(quotedValue(['a', 1])).toBe('["a",1]');
    expect(quotedValue(undefined)).toBe('undefined');
  });

  it('writes out what would turn the message around or hide itself', () => {
    expect(quotedValue('某煤矿\u202e透水事故')).toBe('"某煤矿\\u202e透水事故"');
    expect(quotedValue('a\u2066b\u200bc\u0085d\u2028e\ufeff')).toBe('"a\\u2066b\\u200bc\\u0085d\\u2028e\\ufeff"');
    expect(quotedValue('x\u0007')).toBe('"x\\u0007"'); // JSON's own escape
  });
});
