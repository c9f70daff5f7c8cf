import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app.config';
import { Env, loadEnv } from '../../src/config/env.schema';
import { Clock } from '../../src/common/clock.provider';
import { dropTestQueues, testQueuePrefix } from './queues';
import { dropTestDatabase, testDatabaseEnv } from './test-database';

export { DEFAULT_TEST_DATABASE_URL, dropTestDatabase, testDatabaseEnv } from './test-database';

/** The bootstrap key every test app accepts; gql() sends it unless told otherwise. */
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const ADMIN_HEADERS = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };

export function testEnv(overrides: Record<string, string> = {}): Env {
  return loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    CONFIG_DIR: join(__dirname, '..', '..', 'config'),
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    QUEUE_PREFIX: testQueuePrefix(),
    // The fake webhook, SMTP and provider servers listen on loopback (a test of the policy overrides this).
    OUTBOUND_ALLOW: '127.0.0.1,localhost',
    // The suite shares a busy machine with worker processes writing to the same SQLite file: a longer wait
    // for another process's write lock than production's 500 ms (the lock tests set their own).
    SQLITE_LOCK_WAIT_MS: '3000',
    // The Redis the suite runs against (CI, a developer's own): REDIS_URL as for the service.
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...testDatabaseEnv(),
    ...overrides,
  });
}

export interface GraphqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: Array<string | number> }>;
}

export class TestApp {
  constructor(
    readonly app: INestApplication,
    readonly env: Env,
  ) {}

  get<T>(token: new (...args: never[]) => T): T {
    return this.app.get(token);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  /** Posts a GraphQL operation; with the admin key unless `headers` is given (pass {} for none). */
  async gql<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = ADMIN_HEADERS,
  ): Promise<GraphqlResult<T>> {
    const res = await request(this.app.getHttpServer()).post('/graphql').set(headers).send({ query, variables });
    return res.body as GraphqlResult<T>;
  }

  /** Runs a query that must succeed and returns its data. */
  async query<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = ADMIN_HEADERS,
  ): Promise<T> {
    const result = await this.gql<T>(query, variables, headers);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
    return result.data as T;
  }

  http() {
    return request(this.app.getHttpServer());
  }

  async close(): Promise<void> {
    await this.app.close();
    await dropTestDatabase(this.env);
    await dropTestQueues(this.env);
  }
}

/**
 * Boots the whole application against its own database, as `node dist/main.js` would. `clock`
 * replaces the system clock (a ManualClock moves reporting deadlines without waiting).
 */
export async function createTestApp(
  overrides: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestApp> {
  return bootTestApp(testEnv(overrides), options.clock);
}

/**
 * Another node of the same deployment as the app whose `env` it is given (the same database, Redis and
 * queue prefix). The database stays the first app's to drop: close the node with `node.app.close()`.
 */
export function createPeerApp(env: Env): Promise<TestApp> {
  return bootTestApp(env);
}

async function bootTestApp(env: Env, clock?: Clock): Promise<TestApp> {
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(AppConfig.load(env))] });
  if (clock) builder = builder.overrideProvider(Clock).useValue(clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  await app.init();
  return new TestApp(app, env);
}
