import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BadInputException } from '../common/domain.exception';
import { instantParam, newId } from '../database/columns.helper';
import { TransactionService } from '../database/transaction.service';
import type { Principal } from '../auth/principal.types';
import { AuditLogEntity } from './entities/audit-log.entity';
import { maskArguments } from './core/mask';

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

/** The audit log: append and read, nothing else (no update or delete path exists). */
@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
  ) {}

  async append(entry: AuditEntry): Promise<AuditLogEntity> {
    const row = Object.assign(new AuditLogEntity(), {
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
    await this.transactions.run((m) => m.insert(AuditLogEntity, row));
    return row;
  }

  async find(query: AuditQuery): Promise<{ total: number; entries: AuditLogEntity[] }> {
    if (query.limit < 1 || query.limit > AUDIT_PAGE_MAX)
      throw new BadInputException('limit', query.limit, `must be 1 to ${AUDIT_PAGE_MAX}`);
    if (query.offset < 0) throw new BadInputException('offset', query.offset, 'must not be negative');
    if (query.from && query.to && query.from.getTime() > query.to.getTime()) {
      throw new BadInputException(
        'to',
        query.to.toISOString(),
        `must not be before from (${query.from.toISOString()})`,
      );
    }
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
