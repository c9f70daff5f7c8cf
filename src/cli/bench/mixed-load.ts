import type { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile, post, problem, rateAgent } from './load-generator';

/**
 * The mixed load of the soak (`npm run bench -- --soak`): four streams started at fixed rates side by side
 * for `seconds`, whatever the answers do — directory reads (whoCommands, headquarters), reportIncident,
 * acknowledgeNotification of notifications those reports created, and incident list pages. A stream whose
 * requests in flight reach `maxInFlight` skips its turn (counted), so a slow service is not buried under
 * an ever-growing pile of requests and the load stays the same for the whole soak.
 */
export interface MixedSpec {
  mode: 'mixed';
  url: string;
  headers: Record<string, string>;
  seconds: number;
  reads: { bodies: string[]; rate: number };
  /** Templates: `__N__` is replaced by a number unique within the run. */
  reports: { bodies: string[]; rate: number };
  /** A template: `__ID__` is replaced by the id of a notification reported at least `afterMs` ago. */
  acks: { body: string; perIncident: number; afterMs: number };
  lists: { bodies: string[]; rate: number };
  maxInFlight?: number;
}

export interface StreamResult {
  name: string;
  sent: number;
  errors: number;
  skipped: number;
  firstError: string | null;
  p50: number;
  p99: number;
}

export interface MixedResult {
  streams: StreamResult[];
}

interface Stream {
  name: string;
  rate: number;
  /** The body of the i-th request, or null when there is nothing to send this turn. */
  body(i: number): string | null;
  /** Called with each answer that carried no error. */
  answered?(text: string): void;
}

/** Notification ids waiting to be acknowledged, oldest first; at most `limit` kept (the oldest dropped). */
class AckQueue {
  private readonly items: Array<{ id: string; at: number }> = [];
  constructor(private readonly limit: number) {}

  push(ids: string[], at: number): void {
    for (const id of ids) this.items.push({ id, at });
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
  }

  /** The oldest id queued at or before `before`, removed. */
  take(before: number): string | null {
    if (!this.items.length || this.items[0].at > before) return null;
    return this.items.shift()!.id;
  }
}

export async function runMixed(spec: MixedSpec): Promise<MixedResult> {
  const url = new URL(spec.url);
  const agent = rateAgent();
  const end = performance.now() + spec.seconds * 1000;
  const acks = new AckQueue(10_000);
  const pick = (bodies: string[], i: number) => bodies[i % bodies.length];
  const reportRate = spec.reports.rate;
  const streams: Stream[] = [
    { name: 'reads', rate: spec.reads.rate, body: (i) => pick(spec.reads.bodies, i) },
    {
      name: 'reportIncident',
      rate: reportRate,
      body: (i) => pick(spec.reports.bodies, i).replace(/__N__/g, String(i)),
      answered: (text) => {
        const data = (JSON.parse(text) as { data: { reportIncident: { notifications: Array<{ id: string }> } } }).data;
        const ids = data.reportIncident.notifications.map((n) => n.id).slice(0, spec.acks.perIncident);
        acks.push(ids, performance.now());
      },
    },
    {
      name: 'acknowledgeNotification',
      rate: reportRate * spec.acks.perIncident,
      body: () => {
        const id = acks.take(performance.now() - spec.acks.afterMs);
        return id === null ? null : spec.acks.body.replace(/__ID__/g, id);
      },
    },
    { name: 'incidents', rate: spec.lists.rate, body: (i) => pick(spec.lists.bodies, i) },
  ];
  const results = await Promise.all(streams.filter((s) => s.rate > 0).map((s) => run(s, agent, url, spec, end)));
  agent.destroy();
  return { streams: results };
}

async function run(s: Stream, agent: Agent, url: URL, spec: MixedSpec, end: number): Promise<StreamResult> {
  const maxInFlight = spec.maxInFlight ?? 64;
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  const result: StreamResult = { name: s.name, sent: 0, errors: 0, skipped: 0, firstError: null, p50: NaN, p99: NaN };
  const started = performance.now();
  for (let i = 0; ; i++) {
    const due = started + (i * 1000) / s.rate;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = pending.size < maxInFlight ? s.body(i) : null;
    if (body === null) {
      result.skipped++;
      continue;
    }
    result.sent++;
    const t0 = performance.now();
    const request: Promise<void> = post(agent, url, spec.headers, body).then(
      ([status, text]) => {
        latencies.push(performance.now() - t0);
        const failure = problem(status, text);
        if (failure) {
          result.errors++;
          result.firstError ??= failure;
        } else s.answered?.(text);
      },
      (error: Error) => {
        result.errors++;
        result.firstError ??= error.message;
      },
    );
    pending.add(request);
    void request.finally(() => pending.delete(request));
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  return { ...result, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
