import { LoggerService } from '@nestjs/common';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { openDataSource, bootIntegrityOf } from '../src/database/data-source.config';
import { BootError } from '../src/boot/boot.error';
import { IncidentEntity } from '../src/incidents/entities/incident.entity';
import { TransactionService } from '../src/database/transaction.service';
import { REPORT_MUTATION, waitFor } from './support/notify';
import { createTestApp, GraphqlResult, testEnv, TestApp } from './support/test-app';
import { corruptSqliteFile } from './support/corrupt-sqlite';

const sqlite = process.env.DB_TYPE === 'postgres' ? describe.skip : describe;

const WHO = `{ whoCommands(incidentType: "COAL_MINE_SAFETY", severity: III) { reason recipients { person { name } } } }`;
const INPUT = { incidentType: 'COAL_MINE_SAFETY', severity: 'III', title: '锁表期间的报告', location: '某煤矿' };

/** Collects what the application logs (warn and error), so a test can find the fallback audit line. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(): void {}
  error(message: unknown): void {
    this.lines.push(String(message));
  }
  warn(message: unknown): void {
    this.lines.push(String(message));
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** The audit trail's UNAVAILABLE records of reportIncident, once there are `count` (they may be appended late). */
function unavailableAudit(
  t: TestApp,
  count: number,
): Promise<{ total: number; entries: Array<{ errorMessage: string }> }> {
  return waitFor(
    `${count} audit records of refused writes`,
    async () => {
      const { auditLog } = await t.query(
        `{ auditLog(filter: { operation: "reportIncident", result: "UNAVAILABLE" }) { total entries { errorMessage } } }`,
      );
      return auditLog.total === count ? auditLog : null;
    },
    10000,
    100,
  );
}

sqlite('SQLite write lock held by another process', () => {
  // Long enough that a read which is not held up by the lock answers well within it, even on a busy machine.
  const LOCK_WAIT_MS = 3000;
  let t: TestApp;
  let logger: CapturingLogger;
  beforeAll(async () => {
    t = await createTestApp({
      SQLITE_BUSY_TIMEOUT_MS: '50',
      SQLITE_LOCK_WAIT_MS: String(LOCK_WAIT_MS),
      SQLITE_QUEUE_WAIT_MS: String(LOCK_WAIT_MS),
      WORKERS: 'off',
    });
    logger = new CapturingLogger();
    t.app.useLogger(logger);
  }, 60000);
  afterAll(async () => t?.close());

  it('answers UNAVAILABLE in about SQLITE_LOCK_WAIT_MS, keeps reads fast, and audits the failure', async () => {
    const idle: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await t.query(WHO);
      idle.push(performance.now() - started);
    }
    const before = await t.dataSource.getRepository(IncidentEntity).count();
    const other = new Database(t.env.DB_PATH, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    let reads: number[] = [];
    try {
      let writing = true;
      const reader = (async () => {
        while (writing) {
          const started = performance.now();
          const result = await t.gql(WHO);
          expect(result.errors).toBeUndefined();
          reads.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      const started = performance.now();
      // Five writes at once: each waits from when it was queued, not behind the others one after another.
      const answers = await Promise.all(Array.from({ length: 5 }, () => t.gql(REPORT_MUTATION, { input: INPUT })));
      const elapsed = performance.now() - started;
      writing = false;
      await reader;
      for (const answer of answers) {
        expect(answer.data?.reportIncident ?? null).toBeNull();
        expect(answer.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', messageZh: expect.any(String) });
        expect(answer.errors?.[0].message).toMatch(/could not take the change within \d+ ms/);
      }
      console.log(
        `write lock held elsewhere: 5 reportIncident answered UNAVAILABLE in ${elapsed.toFixed(0)} ms ` +
          `(SQLITE_LOCK_WAIT_MS=${LOCK_WAIT_MS}); ${reads.length} concurrent whoCommands: ` +
          `p50 ${percentile(reads, 50).toFixed(1)} ms, p99 ${percentile(reads, 99).toFixed(1)} ms, max ${Math.max(...reads).toFixed(1)} ms ` +
          `(unlocked: p50 ${percentile(idle, 50).toFixed(1)} ms, max ${Math.max(...idle).toFixed(1)} ms)`,
      );
      // No timing bounds above (timings are measured by bench:abuse): the writes kept trying for the
      // configured wait, and reads went on answering meanwhile, which a blocking busy wait would not allow.
      expect(elapsed).toBeGreaterThanOrEqual(LOCK_WAIT_MS - 50);
      expect(reads.length).toBeGreaterThan(3);

      // Written to the log at once (the database refuses the audit record as well)...
      const fallback = logger.lines.filter((line) => line.startsWith('audit record kept for later'));
      expect(fallback).toHaveLength(5);
      expect(fallback[0]).toContain('"operation":"reportIncident"');
      expect(fallback[0]).toContain('"result":"UNAVAILABLE"');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // ...nothing half-written...
    expect(await t.dataSource.getRepository(IncidentEntity).count()).toBe(before);
    // ...and appended to the audit trail once the lock is released.
    const audited = await unavailableAudit(t, 5);
    expect(audited.entries[0].errorMessage).toMatch(/could not take the change/);

    // The service writes again at once.
    const ok = await t.gql(REPORT_MUTATION, { input: INPUT });
    expect(ok.errors).toBeUndefined();
    reads = [];
  }, 30000);

  it('a reader key is not held up by its lastUsedAt bookkeeping while the lock is held', async () => {
    const created = await t.query(`mutation { createApiKey(input: { name: "锁表读者", roles: [reader] }) { secret } }`);
    const headers = { Authorization: `Bearer ${created.createApiKey.secret as string}` };
    const other = new Database(t.env.DB_PATH, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      const result = await t.gql(WHO, {}, headers);
      const elapsed = performance.now() - started;
      console.log(`whoCommands with a fresh reader key while locked: ${elapsed.toFixed(0)} ms`);
      expect(result.errors).toBeUndefined();
      expect(elapsed).toBeLessThan(LOCK_WAIT_MS);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  }, 30000);
});

sqlite('SQLite write budgets: a burst of own writes queues, a lock held elsewhere is refused', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('serves a burst of its own writes queued in the process, though they wait far longer than SQLITE_LOCK_WAIT_MS', async () => {
    t = await createTestApp({ SQLITE_LOCK_WAIT_MS: '20', SQLITE_QUEUE_WAIT_MS: '60000', WORKERS: 'off' });
    const transactions = t.get(TransactionService);
    // Units of work that take a while each (they await something inside, as a slow write does): the last
    // one queues for several times the lock budget, behind writes of this process that are making progress.
    const done = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        transactions.run(async (manager) => {
          await new Promise((resolve) => setTimeout(resolve, 40));
          await manager.query('SELECT 1');
          return i;
        }),
      ),
    );
    expect(done).toEqual([0, 1, 2, 3, 4]);
  }, 60000);

  it('refuses every queued write UNAVAILABLE while another process holds the lock, and audits each', async () => {
    // A queue budget far longer than the lock's: the writes queued behind the first are refused for the lock too.
    t = await createTestApp({ SQLITE_LOCK_WAIT_MS: '300', SQLITE_QUEUE_WAIT_MS: '60000', WORKERS: 'off' });
    const app = t;
    const other = new Database(app.env.DB_PATH, { timeout: 0 });
    other.exec('BEGIN IMMEDIATE');
    let answers: GraphqlResult[];
    try {
      answers = await Promise.all(Array.from({ length: 5 }, () => app.gql(REPORT_MUTATION, { input: INPUT })));
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    for (const answer of answers) {
      expect(answer.data?.reportIncident ?? null).toBeNull();
      expect(answer.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 1 });
      // Also the four queued behind the first: refused for the lock held elsewhere, not left waiting their turn.
      expect(answer.errors?.[0].message).toMatch(/the write lock is held by another process/);
    }
    const audited = await unavailableAudit(app, 5);
    expect(audited.entries[0].errorMessage).toMatch(/held by another process/);
  }, 60000);
});

const pg = process.env.DB_TYPE === 'postgres' ? describe : describe.skip;
const CLOSE_MUTATION = `mutation($id: ID!) { closeIncident(id: $id, reason: "演练结束") { id } }`;

pg('Postgres: a lock held by another session', () => {
  let t: TestApp;
  let other: Client;
  beforeAll(async () => {
    t = await createTestApp({ PG_LOCK_TIMEOUT_MS: '300', WORKERS: 'off' });
    other = new Client({ connectionString: t.env.DATABASE_URL, options: `-c search_path=${t.env.DB_SCHEMA}` });
    await other.connect();
  }, 60000);
  afterAll(async () => {
    await other?.end();
    await t?.close();
  });

  it('sets lock_timeout on the pooled connections', async () => {
    expect(await t.dataSource.query('SHOW lock_timeout')).toEqual([{ lock_timeout: '300ms' }]);
  });

  it('answers a write it blocks UNAVAILABLE, audits it, and writes again once the lock is released', async () => {
    const incidents = t.dataSource.getRepository(IncidentEntity);
    const before = await incidents.count();
    await other.query('BEGIN');
    await other.query('LOCK TABLE incident IN ACCESS EXCLUSIVE MODE');
    let answer: GraphqlResult;
    try {
      answer = await t.gql(REPORT_MUTATION, { input: INPUT });
    } finally {
      await other.query('ROLLBACK');
    }
    expect(answer.data?.reportIncident ?? null).toBeNull();
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', retryAfterSeconds: 1 });
    expect(await incidents.count()).toBe(before);
    const audited = await unavailableAudit(t, 1);
    expect(audited.entries[0].errorMessage).toMatch(/nothing was written/);

    const ok = await t.gql(REPORT_MUTATION, { input: INPUT });
    expect(ok.errors).toBeUndefined();
    expect(await incidents.count()).toBe(before + 1);
  }, 60000);

  it('answers UNAVAILABLE for a row lock too', async () => {
    const { id } = (await t.query(REPORT_MUTATION, { input: INPUT })).reportIncident as { id: string };
    await other.query('BEGIN');
    await other.query('SELECT id FROM incident WHERE id = $1 FOR UPDATE', [id]);
    let answer: GraphqlResult;
    try {
      answer = await t.gql(CLOSE_MUTATION, { id });
    } finally {
      await other.query('ROLLBACK');
    }
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE' });
    expect((await t.gql(CLOSE_MUTATION, { id })).errors).toBeUndefined();
  }, 60000);
});

describe('health that tells the truth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WORKERS: 'off' });
  }, 60000);
  afterAll(async () => t?.close());

  it('readiness reports the database answering and the boot integrity check', async () => {
    const res = await t.http().get('/health/ready').expect(200);
    expect(res.body).toMatchObject({
      status: 'up',
      database: {
        status: 'up',
        integrity: {
          check: process.env.DB_TYPE === 'postgres' ? 'select' : 'quick_check',
          ok: true,
          result: 'ok',
          checkedAt: expect.any(String),
        },
      },
    });
    const full = await t.http().get('/health');
    expect(full.body.database.integrity).toMatchObject({ ok: true });
  });

  it('readiness answers 503 when the database no longer answers', async () => {
    const second = await createTestApp({ WORKERS: 'off' });
    try {
      await second.dataSource.destroy();
      const res = await second.http().get('/health/ready').expect(503);
      expect(res.body).toMatchObject({ status: 'down', database: { status: 'down' } });
    } finally {
      await second.app.close().catch(() => undefined);
    }
  }, 60000);
});

sqlite('a damaged SQLite file', () => {
  it('stops opening with one line naming DB_PATH (pages damaged, header intact)', async () => {
    const env = testEnv();
    const ds = await openDataSource(env);
    expect(bootIntegrityOf(ds)).toMatchObject({ check: 'quick_check', ok: true, result: 'ok' });
    await ds.destroy();
    corruptSqliteFile(env.DB_PATH);
    const failure = await openDataSource(env).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BootError);
    const message = (failure as Error).message;
    expect(message).toContain(`DB_PATH=${env.DB_PATH}: `);
    expect(message).toMatch(/damaged|not a SQLite database/);
    expect(message).not.toContain('\n');
  });

  it('names DB_PATH for a file that is not a database at all', async () => {
    const env = testEnv();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(env.DB_PATH, 'not a database '.repeat(400));
    const failure = await openDataSource(env).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BootError);
    expect((failure as Error).message).toBe(
      `DB_PATH=${env.DB_PATH}: not a SQLite database (wrong file, or damaged); restore it from a backup, or move it away to start with an empty database`,
    );
  });
});
