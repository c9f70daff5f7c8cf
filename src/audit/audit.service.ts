import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkPageQuery } from '../common/page-query.helper';
import { instantParam, newId } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import type { Principal } from '../auth/principal.types';
import { AuditLogEntity } from './entities/audit-log.entity';
import { maskArguments } from './core/mask';
import { insertRows } from '../database/insert-rows.helper';

export interface AuditEntry {
  principal: Principal | null;
  operation: string;
  args: unknown;
  result: string;
  errorMessage?: string | null;
  at?: Date;
}

export interface AuditQuery {
  operation?: string | null;
  keyId?: string | null;
  keyName?: string | null;
  result?: string | null;
  from?: Date | null;
  to?: Date | null;
  limit: number;
  offset: number;
}

export const AUDIT_PAGE_MAX = 500;

/** Records kept in memory while the database refuses them; beyond, the oldest are only in the log. */
export const AUDIT_BACKLOG_MAX = 10_000;
const FLUSH_BACKOFF_MS = [250, 500, 1000, 2000, 5000];
/** The most records one INSERT appends. */
const APPEND_ROWS_MAX = 200;

/**
 * The audit log: append and read, nothing else (no update or delete path exists). When the database
 * cannot take a record (locked by another process, down), the record is written to the log at once
 * (the fallback trail) and kept in memory, then appended as soon as the database takes writes again.
 */
@Injectable()
export class AuditService implements OnApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  private readonly backlog: AuditLogEntity[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushTries = 0;
  private closed = false;
  /** Records appended during this turn of the event loop: written together by the next turn. */
  private appending: Array<{ row: AuditLogEntity; done: (error?: unknown) => void }> = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
  ) {}

  /**
   * Appends a record; resolves once it is committed. The records of requests finishing in the same turn
   * of the event loop are written by one INSERT (on Postgres one statement and one commit for several
   * requests; on SQLite one unit of the group commit); when the database refuses it, each is refused.
   */
  async append(entry: AuditEntry): Promise<AuditLogEntity> {
    const row = this.row(entry);
    await new Promise<void>((resolve, reject) => {
      if (this.appending.length === 0) setImmediate(() => void this.appendTogether());
      this.appending.push({ row, done: (error) => (error === undefined ? resolve() : reject(error)) });
    });
    return row;
  }

  private async appendTogether(): Promise<void> {
    const waiting = this.appending;
    this.appending = [];
    for (let i = 0; i < waiting.length; i += APPEND_ROWS_MAX) {
      const part = waiting.slice(i, i + APPEND_ROWS_MAX);
      const rows = part.map((w) => w.row);
      const error = await this.transactions
        .runStatement((m) => insertRows(m, AuditLogEntity, rows))
        .then(
          () => undefined,
          (failure: unknown) => failure ?? new Error('audit append failed'),
        );
      for (const w of part) w.done(error);
    }
  }

  /**
   * Appends without waiting for the database: logs the record now (one line, arguments masked as in the
   * audit log) and appends it when the database takes writes again. For failures caused by the database.
   */
  appendLater(entry: AuditEntry, why: string): void {
    const row = this.row(entry);
    this.logger.warn(
      `audit record kept for later (${why}): ${JSON.stringify({
        at: row.at.toISOString(),
        keyId: row.keyId,
        keyName: row.keyName,
        operation: row.operation,
        result: row.result,
        arguments: JSON.parse(row.arguments) as unknown,
      })}`,
    );
    if (this.backlog.length >= AUDIT_BACKLOG_MAX) {
      const dropped = this.backlog.shift();
      this.logger.error(
        `audit backlog full: the record of ${dropped?.operation} at ${dropped?.at.toISOString()} stays in the log only`,
      );
    }
    this.backlog.push(row);
    this.scheduleFlush();
  }

  /** Records waiting for the database (for health and tests). */
  get pending(): number {
    return this.backlog.length;
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.closed) return;
    const delay = FLUSH_BACKOFF_MS[Math.min(this.flushTries, FLUSH_BACKOFF_MS.length - 1)];
    this.flushTimer = setTimeout(() => void this.flush(), delay);
    this.flushTimer.unref();
  }

  /** Appends what waited; keeps it (and tries again later) while the database still refuses. */
  async flush(): Promise<void> {
    this.flushTimer = null;
    const batch = this.backlog.slice(0, APPEND_ROWS_MAX);
    if (batch.length === 0) return;
    try {
      await this.transactions.run((m) => insertRows(m, AuditLogEntity, batch));
      this.backlog.splice(0, batch.length);
      this.flushTries = 0;
      this.logger.log(`appended ${batch.length} audit record(s) that waited for the database`);
    } catch {
      this.flushTries++;
    }
    if (this.backlog.length > 0) this.scheduleFlush();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.backlog.length > 0) await this.flush().catch(() => undefined);
    if (this.backlog.length > 0)
      this.logger.error(`${this.backlog.length} audit record(s) could not be appended; they are in this log only`);
  }

  private row(entry: AuditEntry): AuditLogEntity {
    return Object.assign(new AuditLogEntity(), {
      id: newId(),
      at: entry.at ?? new Date(),
      keyId: entry.principal?.keyId ?? null,
      keyName: entry.principal?.keyName ?? null,
      roles: JSON.stringify(entry.principal?.roles ?? []),
      operation: entry.operation.slice(0, 128),
      arguments: JSON.stringify(maskArguments(entry.args ?? {})),
      result: entry.result.slice(0, 64),
      errorMessage: entry.errorMessage ?? null,
    });
  }

  async find(query: AuditQuery): Promise<{ total: number; entries: AuditLogEntity[] }> {
    checkPageQuery(query, AUDIT_PAGE_MAX);
    const qb = this.dataSource.getRepository(AuditLogEntity).createQueryBuilder('a');
    if (query.operation) qb.andWhere('a.operation = :operation', { operation: query.operation });
    if (query.keyId) qb.andWhere('a.key_id = :keyId', { keyId: query.keyId });
    if (query.keyName) qb.andWhere('a.key_name = :keyName', { keyName: query.keyName });
    if (query.result) qb.andWhere('a.result = :result', { result: query.result });
    if (query.from) qb.andWhere('a.at >= :from', { from: instantParam(query.from) });
    if (query.to) qb.andWhere('a.at < :to', { to: instantParam(query.to) });
    const [entries, total] = await qb
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return { total, entries };
  }
}
