import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { closeAgents, Exchange, outcome, percentile, pool, send, tally } from './bench-abuse.helper';

/**
 * npm run bench:abuse — replays the attack classes of issue 9 against a running instance and prints, per
 * attack: how fast the attack was answered (p50, max) and how, the p99 of a small query sent alongside
 * from another client address, and the growth of the server's resident memory (RSS).
 *
 * Without BENCH_URL it starts the built service itself (node dist/main.js, production defaults) on a spare
 * port with a fresh SQLite file, so it can also hold that file's write lock from here. With BENCH_URL
 * (and BENCH_ADMIN_KEY) it targets that instance and skips the lock attack. Each attack, the probe and the
 * operator use different loopback addresses (127.0.<round>.n, 127.0.0.2, 127.0.0.3), as different clients would.
 * The probe's p99 is compared with a floor measured first, in the same run, with no attack. Bounded:
 * each attack stops after its requests or ATTACK_TIME_LIMIT_MS. Not a test.
 */

const ATTACK_TIME_LIMIT_MS = 20_000;
/** Each attack comes from an address of its own (127.0.<round>.n), so one attack's throttling never shows in the next. */
let attacker = '127.0.1.1';
const PROBE = '127.0.0.2';
const OPERATOR = '127.0.0.3';
const PROBE_QUERY = JSON.stringify({ query: '{ commandPosts { code } }' });

interface Target {
  base: string;
  adminKey: string;
  readerKey: string;
  dbPath?: string;
  child?: ChildProcess;
  rss: () => Promise<number>;
}

interface Attack {
  name: string;
  run: (target: Target, deadline: number) => Promise<Exchange[]>;
  /** Shown after the outcomes, e.g. what the attack would have changed. */
  check?: (target: Target) => Promise<string>;
}

const gql = (target: Target, query: string, variables: unknown = {}, key = target.adminKey, from?: string) =>
  send(target.base, {
    method: 'POST',
    path: '/graphql',
    body: JSON.stringify({ query, variables }),
    headers: { authorization: `Bearer ${key}` },
    from: from ?? attacker,
  });

function aliases(count: number, field: string): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
}

const INCIDENT_TREE =
  'incidents(first: 100) { nodes { id title activation { recipients { person { name seats { title } } } } notifications { status deliveryAttempts { outcome } } events { kind } } }';
const REPORT = 'mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }';
const reportInput = (title: string, extra: Record<string, unknown> = {}) => ({
  input: { incidentType: 'COAL_MINE_SAFETY', severity: 'IV', title, location: '基准测试地点', ...extra },
});

const ATTACKS: Attack[] = [
  {
    name: 'alias bomb: 400 × incidents(first:100) tree, 64 KB',
    run: (t, deadline) => pool(20, 4, deadline, () => gql(t, aliases(400, INCIDENT_TREE))),
  },
  {
    name: 'alias bomb: 1,900 × people(search:"")',
    run: (t, deadline) => pool(20, 4, deadline, () => gql(t, aliases(1900, 'people(search: "") { id name }'))),
  },
  {
    name: 'cost bomb: nested lists, first: 10000',
    run: (t, deadline) =>
      pool(50, 4, deadline, () =>
        gql(
          t,
          '{ incidents(first: 10000) { nodes { activation { recipients { person { seats { title } } } } notifications { deliveryAttempts { outcome } } } } }',
        ),
      ),
  },
  {
    name: 'link previews: HEAD and GET /ack/<token> (random tokens)',
    run: (t, deadline) =>
      pool(400, 8, deadline, (i) =>
        send(t.base, {
          method: i % 2 ? 'HEAD' : 'GET',
          path: `/ack/${randomBytes(24).toString('base64url')}`,
          from: attacker,
        }),
      ),
  },
  {
    name: 'bad ack tokens with 15 KB query strings',
    run: (t, deadline) =>
      pool(200, 8, deadline, () =>
        send(t.base, {
          path: `/ack/${randomBytes(24).toString('base64url')}?x=${'A'.repeat(15_000)}`,
          from: attacker,
        }),
      ),
    check: async (t) => {
      const r = await gql(t, '{ auditLog(limit: 500) { total entries { arguments } } }', {}, t.adminKey, OPERATOR);
      const body = JSON.parse(r.body) as {
        data?: { auditLog: { total: number; entries: Array<{ arguments: string }> } };
      };
      const longest = Math.max(0, ...(body.data?.auditLog.entries ?? []).map((e) => e.arguments.length));
      return `audit rows in total: ${body.data?.auditLog.total ?? '?'}, longest stored arguments: ${longest} chars`;
    },
  },
  {
    name: 'bad API keys: 1,000 random bearer keys',
    run: (t, deadline) =>
      pool(1000, 8, deadline, () =>
        gql(t, '{ commandPosts { code } }', {}, `ek_${randomBytes(32).toString('base64url')}`),
      ),
  },
  {
    name: 'SQLite write lock held by another process, reportIncident ×5',
    run: async (t, deadline) => {
      if (!t.dbPath) return [];
      const other = new Database(t.dbPath, { timeout: 0 });
      other.exec('BEGIN IMMEDIATE');
      try {
        return await pool(5, 5, deadline, (i) => gql(t, REPORT, reportInput(`锁表期间的报告 ${i}`)));
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
    },
  },
  {
    name: 'bad text: NUL, lone surrogate, RLO, zero-width title, year 0000',
    run: (t, deadline) => {
      const inputs = [
        reportInput('煤矿\u0000事故'),
        reportInput('煤矿\ud800事故'),
        reportInput('\u202e故事矿煤'),
        reportInput('\u200b\u200b\u3000'),
        reportInput('年份为零的报告', { occurredAt: '0000-01-01T00:00:00Z' }),
      ];
      return pool(100, 4, deadline, (i) => gql(t, REPORT, inputs[i % inputs.length]));
    },
    check: async (t) => {
      const r = await gql(t, '{ incidents(first: 1) { totalCount } }', {}, t.adminKey, OPERATOR);
      return `incidents recorded: ${(JSON.parse(r.body) as { data?: { incidents: { totalCount: number } } }).data?.incidents.totalCount ?? '?'}`;
    },
  },
  {
    name: 'lookalike names: appoint 李子荣 as U+F9E1 / zero-width / ideographic space',
    run: (t, deadline) => {
      const names = ['\uf9e1子荣', '李\u200b子荣', '李\u3000子荣', '李子荣\u200d'];
      const appoint = `mutation($input: AppointInput!) { appoint(input: $input) { title } }`;
      return pool(20, 2, deadline, (i) =>
        gql(t, appoint, {
          input: { positionTitle: '市政府副秘书长', personName: names[i % names.length], replacing: '李子荣' },
        }),
      );
    },
    check: async (t) => {
      const r = await gql(t, '{ people(search: "子荣") { name } }', {}, t.adminKey, OPERATOR);
      const people = (JSON.parse(r.body) as { data?: { people: Array<{ name: string }> } }).data?.people ?? [];
      return `persons matching 子荣: ${people.length} (${people.map((p) => JSON.stringify(p.name)).join(', ')})`;
    },
  },
  {
    name: 'unauthenticated graphql-ws sockets: 300 without connection_init',
    run: (t, deadline) => unauthenticatedSockets(t, 300, Math.min(deadline, Date.now() + 8000)),
  },
];

/** Opens sockets that never authenticate; each "answer" is the time until the server closed it. */
async function unauthenticatedSockets(t: Target, count: number, until: number): Promise<Exchange[]> {
  // ws ships with the GraphQL server's dependencies.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { WebSocket } = require('ws') as typeof import('ws');
  const url = t.base.replace(/^http/, 'ws') + '/graphql';
  const sockets = Array.from({ length: count }, () => {
    const started = performance.now();
    const socket = new WebSocket(url, 'graphql-transport-ws', { localAddress: attacker });
    let opened = false;
    socket.on('open', () => (opened = true));
    const closed = new Promise<Exchange>((resolve) => {
      socket.on('close', (code) => resolve({ status: code, body: '', ms: performance.now() - started }));
      socket.on('error', () => undefined);
    });
    const timeout = new Promise<Exchange>((resolve) =>
      setTimeout(
        () => {
          socket.terminate();
          resolve({ status: -1, body: opened ? 'still open' : 'never opened', ms: performance.now() - started });
        },
        Math.max(0, until - Date.now()),
      ),
    );
    return Promise.race([closed, timeout]);
  });
  return Promise.all(sockets);
}

/** Runs the probe (one small query at a time from its own address) while `attack` runs. */
async function measure(target: Target, attack: Attack, floorP99: number): Promise<void> {
  const rssBefore = await target.rss();
  const probe: number[] = [];
  const probeOutcomes: string[] = [];
  let running = true;
  const prober = (async () => {
    while (running) {
      const r = await send(target.base, {
        method: 'POST',
        path: '/graphql',
        body: PROBE_QUERY,
        headers: { authorization: `Bearer ${target.readerKey}` },
        from: PROBE,
      });
      probe.push(r.ms);
      probeOutcomes.push(outcome(r));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const started = performance.now();
  const answers = await attack.run(target, Date.now() + ATTACK_TIME_LIMIT_MS);
  const wall = performance.now() - started;
  running = false;
  await prober;
  const rssAfter = await target.rss();
  const ms = answers.map((a) => a.ms);
  const outcomes = answers.map((a) =>
    a.status === -1 ? a.body : a.status >= 1000 ? `closed ${a.status}` : outcome(a),
  );
  const probeBad = probeOutcomes.filter((o) => o !== '200').length;
  console.log(`\n${attack.name}`);
  if (answers.length === 0) {
    console.log('  skipped (needs the instance started by the bench)');
    return;
  }
  console.log(
    `  ${answers.length} requests in ${(wall / 1000).toFixed(1)} s; answer p50 ${percentile(ms, 50).toFixed(0)} ms, ` +
      `max ${Math.max(...ms).toFixed(0)} ms; ${tally(outcomes)}`,
  );
  console.log(
    `  small query alongside: ${probe.length} sent, p50 ${percentile(probe, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(probe, 99).toFixed(1)} ms (${(percentile(probe, 99) / floorP99).toFixed(1)}× the floor)` +
      `${probeBad ? `, ${probeBad} not answered 200 (${tally(probeOutcomes)})` : ''}`,
  );
  console.log(
    `  RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MB (${((rssAfter - rssBefore) / 2 ** 20).toFixed(1)} MB)`,
  );
  if (attack.check) console.log(`  ${await attack.check(target)}`);
}

async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startInstance(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-abuse-'));
  const port = await sparePort();
  const adminKey = `bench-abuse-${randomBytes(16).toString('hex')}`;
  const dbPath = join(dir, 'bench.sqlite');
  const child = spawn(process.execPath, [join(__dirname, '..', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      CONFIG_DIR: process.env.CONFIG_DIR ?? join(__dirname, '..', '..', 'config'),
      DB_PATH: dbPath,
      PORT: String(port),
      ADMIN_API_KEY: adminKey,
      WORKERS: 'off',
      LOG_LEVEL: 'error',
      QUEUE_PREFIX: `bench_abuse_${process.pid}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const r = await send(base, { path: '/health/ready', from: OPERATOR, timeoutMs: 2000 });
    if (r.status === 200) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the service did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const rss = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Promise.resolve(Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024);
  };
  return { base, adminKey, readerKey: '', dbPath, child, rss };
}

function remoteInstance(base: string, adminKey: string): Target {
  const rss = async () => {
    const r = await send(base, { path: '/metrics', headers: { authorization: `Bearer ${adminKey}` }, from: OPERATOR });
    return Number(/^emergency_process_resident_memory_bytes (\d+)/m.exec(r.body)?.[1] ?? 0);
  };
  return { base: base.replace(/\/+$/, ''), adminKey, readerKey: '', rss };
}

async function main(): Promise<void> {
  const url = process.env.BENCH_URL;
  if (url && !process.env.BENCH_ADMIN_KEY)
    throw new Error('BENCH_URL needs BENCH_ADMIN_KEY (an admin API key of that instance)');
  const target = url ? remoteInstance(url, process.env.BENCH_ADMIN_KEY as string) : await startInstance();
  try {
    const created = await gql(
      target,
      'mutation { createApiKey(input: { name: "bench-abuse probe", roles: [reader] }) { secret } }',
      {},
      target.adminKey,
      OPERATOR,
    );
    target.readerKey = (
      JSON.parse(created.body) as { data: { createApiKey: { secret: string } } }
    ).data.createApiKey.secret;
    // Warm-up: the first requests compile and cache.
    for (let i = 0; i < 20; i++) await gql(target, '{ commandPosts { code } }', {}, target.readerKey, PROBE);
    console.log(`bench:abuse against ${target.base}${target.child ? ` (started here, pid ${target.child.pid})` : ''}`);
    const floor: number[] = [];
    for (let i = 0; i < 100; i++) {
      floor.push((await gql(target, '{ commandPosts { code } }', {}, target.readerKey, PROBE)).ms);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const floorP99 = percentile(floor, 99);
    console.log(
      `floor (no attack): small query p50 ${percentile(floor, 50).toFixed(1)} ms, p99 ${floorP99.toFixed(1)} ms; ` +
        `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}`,
    );
    // Round 1 also grows the heap to its working size; later rounds show what the attacks keep.
    const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 5)
      throw new Error(`BENCH_ROUNDS: "${process.env.BENCH_ROUNDS}" is not a whole number from 1 to 5`);
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
    const rssStart = await target.rss();
    let roundStart = rssStart;
    for (let round = 1; round <= rounds; round++) {
      console.log(`\n# round ${round} of ${rounds}`);
      for (const [i, attack] of ATTACKS.entries()) {
        attacker = `127.0.${round}.${i + 1}`; // fresh addresses: the last round's throttling does not carry over
        await measure(target, attack, floorP99);
      }
      const roundEnd = await target.rss();
      console.log(
        `\nRSS in round ${round}: ${mb(roundStart)} → ${mb(roundEnd)} MB (${((roundEnd - roundStart) / 2 ** 20).toFixed(1)} MB)`,
      );
      roundStart = roundEnd;
    }
    console.log(`RSS over the whole run: ${mb(rssStart)} → ${mb(roundStart)} MB`);
  } finally {
    closeAgents();
    if (target.child) {
      const exited = new Promise((resolve) => target.child?.once('exit', resolve));
      target.child.kill('SIGTERM');
      await exited;
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
