import { requestIdFrom } from './request-id.helper';

describe('requestIdFrom', () => {
  it('keeps a plain caller id and replaces anything else', () => {
    const fresh = () => 'new-id';
    expect(requestIdFrom('abc-123', fresh)).toBe('abc-123');
    expect(requestIdFrom(['first', 'second'], fresh)).toBe('first');
    expect(requestIdFrom('has spaces and\nnewline', fresh)).toBe('new-id');
    expect(requestIdFrom('x'.repeat(65), fresh)).toBe('new-id');
    expect(requestIdFrom(undefined, fresh)).toBe('new-id');
  });
});
