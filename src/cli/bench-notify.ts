import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { epochNow, percentile } from './bench/load-generator';
import {
  incidentTypeCodes,
  Receiver,
  runBench,
  Service,
  startService,
  startWorker,
  stopWorker,
  waitUntil as waitAtMost,
} from './bench/service.helper';

/**
 * npm run bench:notify — notification delivery, end to end, on the real Redis (REDIS_URL, a queue
 * prefix of its own) and a fresh SQLite file (or DB_TYPE=postgres: a schema of its own), with every
 * person reachable through a local webhook receiver on 127.0.0.1 (an SMS gateway stand-in):
 *   1. latency: incidents reported over HTTP at a steady rate; for each notification, the time from
 *      the reportIncident request to its arrival at the receiver (p50/p99/max);
 *   2. throughput: a backlog of notifications queued with no worker running, then one worker process
 *      (`node dist/worker.js`) started: the notifications/second it sustains.
 * The API runs in this process with WORKERS=off; delivery is done by one separate worker process in
 * both phases. Bounded in time; not a test.
 */

const RATE_PER_SECOND = Number(process.env.BENCH_RATE ?? 5);
const LATENCY_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const BACKLOG_INCIDENTS = Number(process.env.BENCH_BACKLOG ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PHASE_TIME_LIMIT_MS = 120_000;

const TYPES = incidentTypeCodes();
const GRADES = ['II', 'III', 'IV'];
const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id notifications { id } } }`;

/** Waits for `check`, failing the bench when it is not reached within the phase's time. */
async function waitUntil(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  if (!(await waitAtMost(what, check, PHASE_TIME_LIMIT_MS)))
    throw new Error(`bench:notify: ${what} not reached within ${PHASE_TIME_LIMIT_MS / 1000} s`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-notify-'));
  const engine = process.env.DB_TYPE === 'postgres' ? 'postgres' : 'sqlite';
  const receiver = await new Receiver().start();
  let service: Service | null = null;
  let worker: ChildProcess | null = null;
  try {
    service = await startService(engine, dir, receiver.port, CONCURRENCY);
    const { ds, url, headers, workerEnv, prefix } = service;
    let sequence = 0;
    const reportOne = async (): Promise<{ id: string; notifications: number; sentAt: number }> => {
      const i = sequence++;
      const sentAt = epochNow();
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          query: REPORT,
          variables: {
            input: {
              incidentType: TYPES[i % TYPES.length],
              severity: GRADES[i % GRADES.length],
              title: `压测事件 ${i}`,
              location: '基准测试地点',
            },
          },
        }),
      });
      const json = (await res.json()) as {
        data?: { reportIncident: { id: string; notifications: unknown[] } };
        errors?: Array<{ message: string }>;
      };
      if (!json.data) throw new Error(`reportIncident failed: ${json.errors?.[0]?.message ?? res.status}`);
      return { id: json.data.reportIncident.id, notifications: json.data.reportIncident.notifications.length, sentAt };
    };

    console.log(
      `bench:notify — ${engine === 'postgres' ? 'Postgres' : 'SQLite (WAL, synchronous=FULL)'}, Redis ${workerEnv.REDIS_URL} (prefix ${prefix}), ` +
        `webhook receiver on 127.0.0.1:${receiver.port}, one worker process (concurrency ${CONCURRENCY}), node ${process.version}`,
    );

    // 1. Latency at a steady rate.
    worker = await startWorker(workerEnv);
    const warm = await reportOne();
    await waitUntil(
      'warm-up delivery',
      () => [...receiver.arrivals.values()].filter((a) => a.incidentId === warm.id).length === warm.notifications,
    );
    const reported: Array<Promise<{ id: string; notifications: number; sentAt: number }>> = [];
    const total = Math.round(RATE_PER_SECOND * LATENCY_SECONDS);
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      reported.push(reportOne());
    }
    const incidents = await Promise.all(reported);
    const expected = incidents.reduce((sum, i) => sum + i.notifications, 0);
    const ids = new Map(incidents.map((i) => [i.id, i]));
    const arrivedFor = () => [...receiver.arrivals.values()].filter((a) => ids.has(a.incidentId));
    await waitUntil('delivery of the steady-rate incidents', () => arrivedFor().length === expected);
    const latencies = arrivedFor()
      .map((a) => a.at - ids.get(a.incidentId)!.sentAt)
      .sort((a, b) => a - b);
    console.log(
      `latency  ${total} incidents at ${RATE_PER_SECOND}/s (${expected} notifications, ${(expected / LATENCY_SECONDS).toFixed(1)}/s): ` +
        `reportIncident → webhook receiver p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`,
    );
    await stopWorker(worker);
    worker = null;

    // 2. Throughput of one worker process on a backlog.
    const backlog: Array<{ id: string; notifications: number }> = [];
    for (let i = 0; i < BACKLOG_INCIDENTS; i += 20) {
      backlog.push(...(await Promise.all(Array.from({ length: Math.min(20, BACKLOG_INCIDENTS - i) }, reportOne))));
    }
    const backlogIds = new Set(backlog.map((b) => b.id));
    const backlogCount = backlog.reduce((sum, b) => sum + b.notifications, 0);
    await waitUntil('the backlog queued', async () => {
      const [row] = (await ds.query(`SELECT COUNT(*) AS n FROM notification WHERE status = 'PENDING'`)) as Array<{
        n: string | number;
      }>;
      return Number(row.n) === 0;
    });
    worker = await startWorker(workerEnv);
    await waitUntil(
      'delivery of the backlog',
      () => [...receiver.arrivals.values()].filter((a) => backlogIds.has(a.incidentId)).length === backlogCount,
    );
    const times = [...receiver.arrivals.values()]
      .filter((a) => backlogIds.has(a.incidentId))
      .map((a) => a.at)
      .sort((a, b) => a - b);
    // The sustained rate: between the 10th and the 90th percentile of arrivals (no start-up, no tail).
    const lo = Math.floor(times.length * 0.1);
    const hi = Math.floor(times.length * 0.9);
    const sustained = (hi - lo) / ((times[hi] - times[lo]) / 1000);
    const overall = times.length / ((times[times.length - 1] - times[0]) / 1000);
    console.log(
      `throughput  one worker process, backlog of ${backlogCount} notifications: sustained ${sustained.toFixed(0)} notifications/s ` +
        `(${overall.toFixed(0)}/s first to last), ${receiver.requests - receiver.arrivals.size} repeated requests at the receiver`,
    );
  } finally {
    await stopWorker(worker);
    await service?.close();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
