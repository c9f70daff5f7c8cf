import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { MixedSpec, runMixed } from './mixed-load';

/**
 * The load generator of `npm run bench`, run as a child process of its own (fork) so that the
 * server measured and the client sending to it do not share an event loop. Two modes:
 *  - closed: `connections` keep-alive connections, each sending the next request as soon as the last
 *    answered, for `seconds` after `warmupSeconds` not counted (throughput and latency at a load);
 *  - open: requests started at a fixed `rate` per second for `seconds` whatever the answers do (a
 *    steady arrival of incidents); each answer's `data` is kept with the instant it was sent.
 * A request body is a template: `__N__` is replaced by a number unique within the run. The soak's
 * mixed mode is in mixed-load.ts.
 */
export interface LoadSpec {
  mode: 'closed' | 'open';
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  seconds: number;
  warmupSeconds?: number;
  connections?: number;
  rate?: number;
}

export interface ClosedResult {
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

export interface OpenResult {
  sent: number;
  errors: number;
  firstError: string | null;
  /** Epoch milliseconds (performance.timeOrigin based) at which each answered request was sent. */
  answers: Array<{ sentAt: number; data: unknown }>;
  p50: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Epoch milliseconds with sub-millisecond resolution, comparable between processes of one machine. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export function post(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve([res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')]));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function problem(status: number, text: string): string | null {
  if (status !== 200) return `HTTP ${status}: ${text.slice(0, 200)}`;
  if (text.includes('"errors"')) return text.slice(0, 300);
  return null;
}

export async function runClosed(spec: LoadSpec): Promise<ClosedResult> {
  const connections = spec.connections ?? 20;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(spec.url);
  const latencies: number[] = [];
  let n = 0;
  let errors = 0;
  let firstError: string | null = null;
  const startedAt = performance.now();
  const measureFrom = startedAt + (spec.warmupSeconds ?? 0) * 1000;
  const end = measureFrom + spec.seconds * 1000;
  let counted = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const i = n++;
      const body = spec.bodies[i % spec.bodies.length].replace(/__N__/g, String(i));
      const t0 = performance.now();
      let failure: string | null;
      try {
        const [status, text] = await post(agent, url, spec.headers, body);
        failure = problem(status, text);
      } catch (error) {
        failure = (error as Error).message;
      }
      const t1 = performance.now();
      if (t1 < measureFrom || t1 > end) continue; // answered during the warm-up, or after the window closed
      counted++;
      latencies.push(t1 - t0);
      if (failure) {
        errors++;
        firstError ??= failure;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: counted,
    errors,
    firstError,
    seconds: spec.seconds,
    perSecond: counted / spec.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

/**
 * Keep-alive connections of a load that sends at a fixed rate: one idle for IDLE_CLOSE_MS is closed by this
 * side, well before the server's keep-alive timeout (Node's default 5 s), so that a request is never written
 * on a connection the server is closing at that moment (an ECONNRESET the service did not cause).
 */
export const IDLE_CLOSE_MS = 2000;

export function rateAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 256, timeout: IDLE_CLOSE_MS });
}

export async function runOpen(spec: LoadSpec): Promise<OpenResult> {
  const rate = spec.rate ?? 10;
  const agent = rateAgent();
  const url = new URL(spec.url);
  const total = Math.round(rate * spec.seconds);
  const answers: OpenResult['answers'] = [];
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const pending: Array<Promise<void>> = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = spec.bodies[i % spec.bodies.length].replace(/__N__/g, String(i));
    const sentAt = epochNow();
    const t0 = performance.now();
    pending.push(
      post(agent, url, spec.headers, body).then(
        ([status, text]) => {
          latencies.push(performance.now() - t0);
          const failure = problem(status, text);
          if (failure) {
            errors++;
            firstError ??= failure;
            return;
          }
          answers.push({ sentAt, data: (JSON.parse(text) as { data: unknown }).data });
        },
        (error: Error) => {
          errors++;
          firstError ??= error.message;
        },
      ),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { sent: total, errors, firstError, answers, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

// As a child process: one spec in, one result out.
if (require.main === module && process.send) {
  process.once('message', (spec: LoadSpec | MixedSpec) => {
    (spec.mode === 'mixed' ? runMixed(spec) : spec.mode === 'open' ? runOpen(spec) : runClosed(spec)).then(
      (result) => process.send!({ ok: true, result }, () => process.exit(0)),
      (error: Error) => process.send!({ ok: false, error: error.message }, () => process.exit(1)),
    );
  });
}
