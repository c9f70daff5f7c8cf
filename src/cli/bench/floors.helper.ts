import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import Database from 'better-sqlite3';
import { Queue, Worker } from 'bullmq';
// Express 5 is the HTTP layer of @nestjs/platform-express; the floor uses the very same package.
import express from 'express';
import { Client } from 'pg';

/**
 * The floors of `npm run bench`: what the engines the service stands on do by themselves on this
 * machine, measured in the same run as the service so that each service figure has a ratio.
 */

/** One-row transactions committed per second by SQLite in WAL mode with synchronous=FULL (the service's settings). */
export function sqliteCommitFloor(dir: string, seconds: number): number {
  const db = new Database(join(dir, 'floor.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE floor (id INTEGER PRIMARY KEY, at TEXT NOT NULL, payload TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO floor (at, payload) VALUES (?, ?)');
    const payload = 'x'.repeat(200);
    const end = performance.now() + seconds * 1000;
    let n = 0;
    const started = performance.now();
    while (performance.now() < end) {
      insert.run(new Date().toISOString(), payload); // autocommit: one transaction, one fsync
      n++;
    }
    return n / ((performance.now() - started) / 1000);
  } finally {
    db.close();
  }
}

/** One-row transactions committed per second by Postgres from one connection (autocommit INSERTs). */
export async function postgresCommitFloor(url: string, schema: string, seconds: number): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(
      `CREATE TABLE "${schema}".floor (id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL, payload TEXT NOT NULL)`,
    );
    const payload = 'x'.repeat(200);
    const end = performance.now() + seconds * 1000;
    let n = 0;
    const started = performance.now();
    while (performance.now() < end) {
      await client.query(`INSERT INTO "${schema}".floor (at, payload) VALUES ($1, $2)`, [new Date(), payload]);
      n++;
    }
    return n / ((performance.now() - started) / 1000);
  } finally {
    await client.query(`DROP TABLE IF EXISTS "${schema}".floor`).catch(() => undefined);
    await client.end();
  }
}

/** No-op jobs BullMQ processes per second with one worker at concurrency 1, on the same Redis. */
export async function bullmqFloor(
  redisUrl: string,
  prefix: string,
  jobs: number,
  limitSeconds: number,
): Promise<number> {
  const url = new URL(redisUrl);
  const connection = {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: Number(url.pathname.slice(1) || 0),
    maxRetriesPerRequest: null,
  };
  const queue = new Queue('floor', { connection, prefix: `${prefix}_floor` });
  try {
    for (let i = 0; i < jobs; i += 1000) {
      await queue.addBulk(
        Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'noop', data: { n: i + k } })),
      );
    }
    let done = 0;
    let first = 0;
    let last = 0;
    let worker: Worker | null = null;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, limitSeconds * 1000);
      worker = new Worker(
        'floor',
        async () => {
          const now = performance.now();
          if (done === 0) first = now;
          last = now;
          if (++done === jobs) {
            clearTimeout(timer);
            resolve();
          }
        },
        { connection, prefix: `${prefix}_floor`, concurrency: 1 },
      );
    });
    await (worker as Worker | null)?.close(true);
    return done > 1 ? (done - 1) / ((last - first) / 1000) : NaN;
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/** Just enough of the service's schema for the whoCommands query the bench sends (same types, same enums). */
const BARE_SCHEMA = `#graphql
  enum Severity { I II III IV }
  enum CommandRole { COMMANDER DEPUTY_COMMANDER EXECUTIVE_DEPUTY_COMMANDER LEADER_ON_DUTY MEMBER OFFICE_DIRECTOR }
  scalar DateTime
  type Person { id: ID! name: String! }
  type RecipientRole { acting: Boolean! body: String! bodyName: String! role: CommandRole! roleName: String! title: String! }
  type Recipient { person: Person! roles: [RecipientRole!]! }
  type VacantSeat { body: String! bodyName: String! role: CommandRole! roleName: String! title: String! }
  type Activation {
    activated: Boolean!
    headquarters: Boolean!
    reason: String!
    recipients: [Recipient!]!
    vacancies: [VacantSeat!]!
  }
  type Query { whoCommands(incidentType: String!, severity: Severity!, asOf: DateTime, knownAt: DateTime): Activation! }
`;

/** A bare server of the bench, listening on loopback: where to send, and how to stop it. */
export interface BareServer {
  url: string;
  stop: () => Promise<void>;
}

async function listen(
  app: express.Express,
  stopMore: () => Promise<void> = async () => undefined,
): Promise<BareServer> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  server.keepAliveTimeout = 30_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await stopMore();
    },
  };
}

/**
 * A bare Apollo Server 5 on Express 5 answering whoCommands with a constant (the service's own
 * answer, captured before): the floor of a GraphQL request on this stack. Nothing else: no auth,
 * no limits, no logging.
 */
export async function startBareApollo(constant: unknown): Promise<BareServer> {
  const apollo = new ApolloServer({ typeDefs: BARE_SCHEMA, resolvers: { Query: { whoCommands: () => constant } } });
  await apollo.start();
  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  return listen(app, () => apollo.stop());
}

/**
 * Express 5 alone, with the JSON body parser the service uses, answering every POST to /graphql with
 * a constant (a report's own answer, captured before): the ceiling of the HTTP layer of the decided
 * stack on this machine, below GraphQL. No request it answers is parsed as GraphQL.
 */
export async function startBareExpress(answer: unknown): Promise<BareServer> {
  const app = express();
  app.post('/graphql', express.json(), (_req, res) => {
    res.json(answer);
  });
  return listen(app);
}
