import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { DataSource } from 'typeorm';
import { newId } from '../../src/database/columns.helper';
import { TransactionService } from '../../src/database/transaction.service';
import { ContactKind, ContactMethodEntity } from '../../src/contacts/entities/contact-method.entity';
import { DeliveryAttemptEntity } from '../../src/notifications/entities/delivery-attempt.entity';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity';
import type { TestApp } from './test-app';

const CONFIG = join(__dirname, '..', '..', 'config', 'notifications.yaml');

type Json = Record<string, unknown>;

/**
 * Writes a notifications config: config/notifications.yaml with `overrides` merged in (objects
 * deeply, everything else replaced), with delays short enough for tests unless overridden.
 * Returns the absolute path for NOTIFICATIONS_FILE.
 */
export function notificationsConfig(overrides: Json = {}): string {
  const base = parse(readFileSync(CONFIG, 'utf8')) as Json;
  const fast: Json = {
    webhook: { timeoutMs: 1000 },
    delivery: {
      attempts: 4,
      backoffMs: 100,
      jitter: 0.5,
      concurrency: 8,
      lockDurationMs: 5000,
      stalledIntervalMs: 2000,
    },
    relay: { intervalMs: 200, reconcileAfterMs: 3000 },
    escalation: { minutes: { I: 60, II: 60, III: 60, IV: 60 }, maxLevels: 2 },
  };
  const merged = merge(merge(base, fast), overrides);
  const dir = mkdtempSync(join(tmpdir(), 'notify-config-'));
  const path = join(dir, 'notifications.yaml');
  writeFileSync(path, stringify(merged));
  return path;
}

function merge(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = out[key];
    out[key] =
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object' &&
      !Array.isArray(current)
        ? merge(current as Json, value as Json)
        : value;
  }
  return out;
}

/** A confirmation policy of commanders only (all of them for grades I–II, one for III–IV), so a test sees exactly that rule. */
export function commandersOnlyPolicies(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'policies-')), 'confirmation-policies.yaml');
  writeFileSync(
    path,
    [
      'default:',
      '  I: [{ body: POST, role: COMMANDER, need: ALL }]',
      '  II: [{ body: POST, role: COMMANDER, need: ALL }]',
      '  III: [{ body: POST, role: COMMANDER, need: 1 }]',
      '  IV: [{ body: POST, role: COMMANDER, need: 1 }]',
    ].join('\n'),
  );
  return path;
}

/** config/reporting.yaml with the deadline timer out of the way: the test scans when it has moved the clock. */
export function reportingWithoutTimer(): string {
  const config = parse(readFileSync(join(__dirname, '..', '..', 'config', 'reporting.yaml'), 'utf8')) as {
    alerts: Record<string, unknown>;
  };
  config.alerts.scanIntervalSeconds = 3600;
  const path = join(mkdtempSync(join(tmpdir(), 'reporting-')), 'reporting.yaml');
  writeFileSync(path, stringify(config));
  return path;
}

/** Polls `check` until it returns a truthy value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 15000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const REPORT_MUTATION = `mutation($input: ReportIncidentInput!) {
  reportIncident(input: $input) { id severity title notifications { id status person { id name } } }
}`;

export interface ReportedIncident {
  id: string;
  severity: string;
  title: string;
  notifications: Array<{ id: string; status: string; person: { id: string; name: string } }>;
}

export async function report(t: TestApp, input: Json = {}): Promise<ReportedIncident> {
  const data = await t.query<{ reportIncident: ReportedIncident }>(REPORT_MUTATION, {
    input: {
      incidentType: 'COAL_MINE_SAFETY',
      severity: 'III',
      title: '某煤矿井下瓦斯爆炸',
      location: '某煤矿',
      ...input,
    },
  });
  return data.reportIncident;
}

export function notificationsOf(ds: DataSource, incidentId: string): Promise<NotificationEntity[]> {
  return ds.getRepository(NotificationEntity).find({ where: { incidentId }, order: { ordinal: 'ASC' } });
}

export function attemptsOf(ds: DataSource, notificationId: string): Promise<DeliveryAttemptEntity[]> {
  return ds.getRepository(DeliveryAttemptEntity).find({ where: { notificationId }, order: { at: 'ASC', id: 'ASC' } });
}

/** Gives a person contact methods (priority in the order given), as the roster editors would. */
export async function giveContacts(
  t: TestApp,
  personId: string,
  methods: Array<{ kind: ContactKind; value: string; active?: boolean }>,
): Promise<ContactMethodEntity[]> {
  const now = new Date();
  const rows = methods.map((m, i) =>
    Object.assign(new ContactMethodEntity(), {
      id: newId(),
      personId,
      kind: m.kind,
      value: m.value,
      priority: i + 1,
      label: null,
      active: m.active ?? true,
      createdAt: new Date(now.getTime() + i),
      updatedAt: now,
    }),
  );
  await t.get(TransactionService).run(async (m) => {
    for (const row of rows) await m.insert(ContactMethodEntity, { ...row });
  });
  return rows;
}

/** The person ids of the roster by name (from the in-memory directory, through the API). */
export async function personIds(t: TestApp, names: string[]): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const name of names) {
    const rows = (await t.dataSource.query(
      `SELECT id FROM person WHERE name = ${t.env.DB_TYPE === 'postgres' ? '$1' : '?'}`,
      [name],
    )) as Array<{ id: string }>;
    if (rows.length !== 1) throw new Error(`no single person named ${name}`);
    result[name] = rows[0].id;
  }
  return result;
}

export interface ReceivedRequest {
  path: string;
  key: string;
  headers: IncomingMessage['headers'];
  body: Json;
  raw: string;
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1 (an SMS gateway stand-in). Every request is recorded; `respond`
 * decides the answer (status code, or a delay before it). Deduplicates by Idempotency-Key the way
 * a gateway should: `delivered` holds each key once, in the order first seen.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly delivered = new Map<string, ReceivedRequest>();
  respond: (req: ReceivedRequest, nthForKey: number) => number | { status: number; delayMs: number } = () => 200;
  private server!: Server;
  private readonly timers = new Set<NodeJS.Timeout>();
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  byPath(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Json;
      try {
        body = JSON.parse(raw) as Json;
      } catch {
        body = {};
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      const record: ReceivedRequest = { path: req.url ?? '', key, headers: req.headers, body, raw, at: Date.now() };
      this.requests.push(record);
      const nth = this.requests.filter((r) => r.key === key && r.path === record.path).length;
      const answer = this.respond(record, nth);
      const { status, delayMs } = typeof answer === 'number' ? { status: answer, delayMs: 0 } : answer;
      const finish = () => {
        if (status >= 200 && status < 300 && !this.delivered.has(key)) this.delivered.set(key, record);
        if (!res.destroyed)
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }));
      };
      if (delayMs > 0) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          finish();
        }, delayMs);
        this.timers.add(timer);
      } else finish();
    });
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
