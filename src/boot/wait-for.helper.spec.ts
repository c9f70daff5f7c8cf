import { waitFor, WaitTimeoutError } from './wait-for.helper';

function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

describe('waitFor', () => {
  it('retries with backoff, one line per failed attempt, until it succeeds', async () => {
    const lines: string[] = [];
    let calls = 0;
    const result = await waitFor(
      async () => {
        if (++calls < 3) throw new Error('ECONNREFUSED 127.0.0.1:5432');
        return 'up';
      },
      { what: 'database', timeoutMs: 60_000, log: (l) => lines.push(l), ...clock() },
    );
    expect(result).toBe('up');
    expect(lines).toEqual([
      'database not reachable (ECONNREFUSED 127.0.0.1:5432); attempt 1, next in 0.5 s',
      'database not reachable (ECONNREFUSED 127.0.0.1:5432); attempt 2, next in 1 s',
    ]);
  });

  it('gives up when the time runs out', async () => {
    const attempt = () => Promise.reject(new Error('down'));
    await expect(
      waitFor(attempt, { what: 'Redis', timeoutMs: 3000, log: () => undefined, ...clock() }),
    ).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  it('throws a final error at once', async () => {
    const lines: string[] = [];
    const final = new Error('database "x" does not exist');
    const attempt = () => Promise.reject(final);
    await expect(
      waitFor(attempt, {
        what: 'database',
        timeoutMs: 60_000,
        log: (l) => lines.push(l),
        isFinal: (e) => e === final,
        ...clock(),
      }),
    ).rejects.toBe(final);
    expect(lines).toEqual([]);
  });
});
