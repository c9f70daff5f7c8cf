import { parse } from 'graphql';
import type { OperationDefinitionNode } from 'graphql';
import { cacheableOperation, READ_CACHE_FOLLOW_MS, ReadCache } from './read-cache';

const cacheable = (source: string) => {
  const document = parse(source);
  return cacheableOperation(document, document.definitions[0] as OperationDefinitionNode);
};

describe('cacheableOperation', () => {
  it('takes queries of directory reads only', () => {
    expect(cacheable('{ whoCommands(incidentType: "EARTHQUAKE", severity: I) { activated } }')).toBe(true);
    expect(cacheable('{ headquarters { name } commandPosts { code } __typename }')).toBe(true);
    expect(cacheable('{ whoCommands(incidentType: "EARTHQUAKE", severity: I) { activated } incidents { id } }')).toBe(
      false,
    );
    expect(cacheable('mutation { appoint(input: {}) { id } }')).toBe(false);
    expect(cacheable('query { ...F } fragment F on Query { headquarters { name } }')).toBe(false);
  });

  it('never takes an operation selecting contact methods, in a fragment too', () => {
    expect(
      cacheable(
        'query { headquarters { commanders { person { ...P } } } } fragment P on Person { contactMethods { kind } }',
      ),
    ).toBe(false);
  });
});

describe('ReadCache', () => {
  it('keeps an answer while the revision and generation hold, for at most its ttl', () => {
    const cache = new ReadCache<string>(100, 2);
    cache.set('a', { revision: 1, generation: cache.generation }, 'A', 0);
    expect(cache.get('a', 1, 99)).toBe('A');
    expect(cache.get('a', 2, 50)).toBeUndefined();
    cache.set('a', { revision: 1, generation: cache.generation }, 'A', 0);
    expect(cache.get('a', 1, 100)).toBeUndefined();
  });

  it('drops everything on invalidate, and refuses an answer computed before it', () => {
    const cache = new ReadCache<string>(100, 10);
    const stamp = { revision: 1, generation: cache.generation };
    cache.set('a', stamp, 'A', 0);
    cache.invalidate();
    expect(cache.get('a', 1, 1)).toBeUndefined();
    cache.set('b', stamp, 'B', 1); // computed before the write: not kept
    expect(cache.size).toBe(0);
  });

  it('holds at most maxEntries answers, the oldest going first', () => {
    const cache = new ReadCache<string>(1000, 2);
    for (const k of ['a', 'b', 'c']) cache.set(k, { revision: 1, generation: 0 }, k, 0);
    expect(cache.size).toBe(2);
    expect(cache.get('a', 1, 1)).toBeUndefined();
    expect(cache.get('c', 1, 1)).toBe('c');
  });

  it('lets identical operations arriving while one computes the answer wait for it, and keeps it', async () => {
    const cache = new ReadCache<string>(100, 10);
    expect(cache.follow('a', 1, 0)).toBeUndefined();
    const finish = cache.lead('a', { revision: 1, generation: cache.generation }, 0);
    const waiting = cache.follow('a', 1, 5);
    expect(waiting).toBeDefined();
    expect(cache.follow('a', 2, 5)).toBeUndefined(); // another revision computes its own
    expect(cache.follow('b', 1, 5)).toBeUndefined();
    finish('A', 10);
    await expect(waiting).resolves.toBe('A');
    expect(cache.get('a', 1, 20)).toBe('A');
    expect(cache.follow('a', 1, 20)).toBeUndefined(); // done: nothing left to wait for
  });

  it('tells the waiting ones to compute for themselves when the answer had errors or a write came between', async () => {
    const cache = new ReadCache<string>(100, 10);
    const failed = cache.lead('a', { revision: 1, generation: cache.generation }, 0);
    const first = cache.follow('a', 1, 1);
    failed(undefined, 2);
    await expect(first).resolves.toBeUndefined();
    expect(cache.size).toBe(0);

    const stale = cache.lead('a', { revision: 1, generation: cache.generation }, 3);
    const second = cache.follow('a', 1, 4);
    cache.invalidate();
    expect(cache.follow('a', 1, 5)).toBeUndefined(); // after the write: not the answer computed before it
    stale('A', 6);
    await expect(second).resolves.toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not let anyone wait on a computation older than READ_CACHE_FOLLOW_MS (one that never finished)', () => {
    const cache = new ReadCache<string>(100, 10);
    cache.lead('a', { revision: 1, generation: cache.generation }, 0);
    expect(cache.follow('a', 1, READ_CACHE_FOLLOW_MS - 1)).toBeDefined();
    expect(cache.follow('a', 1, READ_CACHE_FOLLOW_MS)).toBeUndefined();
  });
});
