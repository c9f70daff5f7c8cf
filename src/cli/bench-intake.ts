import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AppConfig } from '../config/app.config';
import { loadEnv } from '../config/env.schema';
import { incidentTypeCodes, runBench } from './bench/service.helper';

/**
 * npm run bench:intake — intake (reportIncident) and whoCommands throughput and latency, over real
 * HTTP, against the app listening on an ephemeral port of 127.0.0.1 with a fresh SQLite file in a
 * temporary folder (the Jincheng roster loaded as on first start). Bounded: a fixed number of
 * requests per phase and at most PHASE_TIME_LIMIT_MS each; it stops by itself. Not a test.
 * Notification delivery workers are off (WORKERS=off): this measures intake (the incident, its
 * frozen activation and the PENDING outbox rows in one transaction) and resolution only.
 */

const PHASES = [
  { name: 'reportIncident', clients: 1, requests: 200 },
  { name: 'reportIncident', clients: 20, requests: 1000 },
  { name: 'whoCommands', clients: 1, requests: 500 },
  { name: 'whoCommands', clients: 20, requests: 2000 },
] as const;
const WARM_UP_REQUESTS = 30;
const PHASE_TIME_LIMIT_MS = 60_000;

const TYPES = incidentTypeCodes();
const GRADES = ['I', 'II', 'III', 'IV'];
const COUNTIES = ['城区', '泽州县', '高平市', '阳城县', '陵川县', '沁水县', '开发区'];

const REPORT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) {
  id severity activation { activated headquarters recipients { person { id name } roles { body role } } } notifications { id status } } }`;
const WHO = `query($type: String!, $severity: Severity!) { whoCommands(incidentType: $type, severity: $severity) {
  activated headquarters reason recipients { person { id name } roles { body role title } } vacancies { body role } } }`;

type Request = { query: string; variables: Record<string, unknown> };

function requestFor(phase: string, i: number, run: string): Request {
  const type = TYPES[i % TYPES.length];
  const severity = GRADES[Math.floor(i / TYPES.length) % GRADES.length];
  if (phase === 'whoCommands') return { query: WHO, variables: { type, severity } };
  return {
    query: REPORT,
    variables: {
      input: {
        incidentType: type,
        severity,
        title: `压测事件 ${run}-${i}`,
        description: '基准测试写入的事件',
        location: '基准测试地点',
        county: COUNTIES[i % COUNTIES.length],
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        reporter: '基准测试',
        idempotencyKey: `bench-${run}-${i}`,
      },
    },
  };
}

interface PhaseResult {
  name: string;
  clients: number;
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

async function runPhase(
  url: string,
  headers: Record<string, string>,
  name: string,
  clients: number,
  requests: number,
  run: string,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + PHASE_TIME_LIMIT_MS;
  const client = async () => {
    while (next < requests && performance.now() < deadline) {
      const i = next++;
      const body = JSON.stringify(requestFor(name, i, run));
      const t0 = performance.now();
      try {
        const res = await fetch(url, { method: 'POST', headers, body });
        const json = (await res.json()) as { errors?: Array<{ message: string }> };
        if (!res.ok || json.errors?.length) {
          errors++;
          firstError ??= json.errors?.[0]?.message ?? `HTTP ${res.status}`;
        }
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  if (firstError) console.error(`  ${name} x${clients}: ${errors} errors, first: ${firstError}`);
  return { name, clients, requests: latencies.length, errors, seconds, latencies };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function row(cells: Array<string | number>, widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-intake-'));
  const adminKey = randomBytes(24).toString('hex');
  let app: INestApplication | null = null;
  try {
    const env = loadEnv({
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DB_TYPE: 'sqlite',
      DB_PATH: join(dir, 'bench.sqlite'),
      ROSTER_AUTOLOAD: 'on',
      ADMIN_API_KEY: adminKey,
      // Intake and resolution only: no notification delivery workers in this process.
      WORKERS: 'off',
      // Throughput is measured here, not abuse (bench:abuse): no request budget.
      RATE_LIMIT_PER_KEY: '0',
      RATE_LIMIT_PER_IP: '0',
      CONFIG_DIR: process.env.CONFIG_DIR ?? 'config',
    });
    app = await NestFactory.create(AppModule.forRoot(AppConfig.load(env)), { logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/graphql`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` };
    const run = `${Date.now().toString(36)}`;

    console.log(
      `bench:intake — SQLite (WAL, synchronous=FULL) at ${env.DB_PATH}, HTTP on 127.0.0.1:${port}, node ${process.version}`,
    );
    await runPhase(url, headers, 'reportIncident', 4, WARM_UP_REQUESTS, `${run}-warm`);
    await runPhase(url, headers, 'whoCommands', 4, WARM_UP_REQUESTS, `${run}-warm`);

    const widths = [16, 8, 9, 7, 10, 9, 9, 9];
    console.log(row(['operation', 'clients', 'requests', 'errors', 'req/s', 'p50 ms', 'p99 ms', 'max ms'], widths));
    for (const phase of PHASES) {
      const r = await runPhase(url, headers, phase.name, phase.clients, phase.requests, `${run}-${phase.clients}`);
      const sorted = [...r.latencies].sort((a, b) => a - b);
      console.log(
        row(
          [
            r.name,
            r.clients,
            r.requests,
            r.errors,
            (r.requests / r.seconds).toFixed(0),
            percentile(sorted, 50).toFixed(1),
            percentile(sorted, 99).toFixed(1),
            sorted[sorted.length - 1].toFixed(1),
          ],
          widths,
        ),
      );
    }
  } finally {
    if (app) await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
