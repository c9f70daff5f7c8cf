import { newReplyCode, parseReply } from './reply-code';

describe('reading a reply (上行短信)', () => {
  it.each([
    ['1 4721', '4721'],
    ['14721', '4721'],
    ['4721', '4721'],
    ['确认4721', '4721'],
    ['确认 4721', '4721'],
    ['确认收到4721', '4721'],
    ['收到，4721', '4721'],
    ['4721收到', '4721'],
    ['１　４７２１', '4721'],
    ['1#4721。', '4721'],
    ['OK 4721', '4721'],
    [' 1-4721 ', '4721'],
  ])('%j confirms code %s', (text, code) => {
    expect(parseReply(text)).toEqual({ kind: 'CODE', code });
  });

  it.each(['', '1', '收到', '好的谢谢', '472', '47211', '1 47', '2 4721', 'TD', '退订', '1 4721 4722', 'abc4721'])(
    '%j is not a confirmation',
    (text) => {
      expect(parseReply(text)).toEqual({ kind: 'NOT_A_CONFIRMATION' });
    },
  );
});

describe('new reply codes', () => {
  it('gives 4 digits not yet taken by the person', () => {
    expect(newReplyCode(new Set(), () => 3721)).toBe('4721');
    expect(newReplyCode(new Set(['4721', '4722']), () => 3721)).toBe('4723');
    expect(newReplyCode(new Set(['9999']), () => 8999)).toBe('1000');
    expect(() => newReplyCode(new Set(Array.from({ length: 9000 }, (_, i) => String(1000 + i))), () => 0)).toThrow(
      /taken/,
    );
  });
});
