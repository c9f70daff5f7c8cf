import { maskArguments, MASKED } from './mask';

describe('maskArguments', () => {
  it('masks contact values and secrets wherever they are nested, and keeps the rest', () => {
    const at = new Date('2020-03-01T00:00:00Z');
    expect(
      maskArguments({
        input: { personId: 'p1', kind: 'MOBILE', value: '13800000000', label: '值班', priority: 1, at },
        secret: 'ek_abc',
        list: [{ Email: 'a@b.cn' }, { webhook: 'https://hook' }],
        nothing: null,
        skipped: undefined,
      }),
    ).toEqual({
      input: {
        personId: 'p1',
        kind: 'MOBILE',
        value: MASKED,
        label: '值班',
        priority: 1,
        at: '2020-03-01T00:00:00.000Z',
      },
      secret: MASKED,
      list: [{ Email: MASKED }, { webhook: MASKED }],
      nothing: null,
    });
  });

  it('leaves appointment arguments readable', () => {
    const args = {
      input: { positionTitle: '市应急管理局局长', personName: '测试甲', documentRef: '晋市政任〔2020〕3号' },
    };
    expect(maskArguments(args)).toEqual(args);
  });
});
