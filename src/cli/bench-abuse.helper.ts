import { request as httpRequest, Agent } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One HTTP exchange: status, body text and the time to the last byte. */
export interface Exchange {
  status: number;
  body: string;
  ms: number;
}

/** Keep-alive agents per local address (127.0.0.x), so each client is its own address to the rate limits. */
const agents = new Map<string, Agent>();

export function send(
  base: string,
  options: {
    method?: string;
    path: string;
    body?: string;
    headers?: Record<string, string>;
    from?: string;
    timeoutMs?: number;
  },
): Promise<Exchange> {
  const from = options.from ?? '127.0.0.1';
  let agent = agents.get(from);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 64 });
    agents.set(from, agent);
  }
  const url = new URL(options.path, base);
  const started = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        agent,
        localAddress: from,
        headers: {
          ...(options.body !== undefined
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) }
            : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, body: error.message, ms: performance.now() - started }));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** What an answer was: the HTTP status and the first GraphQL error code, e.g. "200 QUERY_TOO_COMPLEX". */
export function outcome(exchange: Exchange): string {
  if (exchange.status === 0) return `no answer (${exchange.body})`;
  try {
    const parsed = JSON.parse(exchange.body) as { errors?: Array<{ extensions?: { code?: string } }> };
    const code = parsed.errors?.[0]?.extensions?.code;
    return code ? `${exchange.status} ${code}` : `${exchange.status}`;
  } catch {
    return `${exchange.status}`;
  }
}

/** Counts of each outcome, most frequent first: "429 RATE_LIMITED ×970, 401 UNAUTHENTICATED ×30". */
export function tally(outcomes: string[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([o, n]) => `${o} ×${n}`)
    .join(', ');
}

/** Runs `work` for each of `count` items with at most `concurrency` at once, stopping at the deadline. */
export async function pool<T>(
  count: number,
  concurrency: number,
  deadline: number,
  work: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count && Date.now() < deadline) {
        const i = next++;
        results.push(await work(i));
      }
    }),
  );
  return results;
}
