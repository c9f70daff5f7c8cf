import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainException, NotFoundException } from '../common/domain.exception';
import { findOneForUpdate } from '../database/row-lock.helper';
import { TransactionService } from '../database/transaction.service';
import { IncidentEntity } from './entities/incident.entity';
import {
  IncidentChange,
  IncidentChangeHandler,
  IncidentChangeOutcome,
  INCIDENT_CHANGE_HANDLERS,
} from './events/incident-change.event';
import { IncidentStatus } from './models/incident-status.enum';

/** Publishes a change inside the current transaction; answers what the handlers did. */
export type Publish = (change: IncidentChange) => Promise<IncidentChangeOutcome>;

/**
 * The write unit of intake and lifecycle: one TransactionService.run() in which the incident, its
 * incident event and what the change handlers write (notifications: the PENDING outbox rows) commit
 * together, or nothing; the handlers are told again after the commit.
 */
@Injectable()
export class IncidentChangesService {
  constructor(
    private readonly transactions: TransactionService,
    // Told of each change inside its transaction and after the commit (notifications: outbox, relay).
    @Inject(INCIDENT_CHANGE_HANDLERS) private readonly handlers: IncidentChangeHandler[],
  ) {}

  /**
   * One transaction that may publish incident changes: each handler writes its part inside it
   * (their outcomes merged), and is told again after the commit. A retried transaction starts
   * its list of changes afresh; a rolled-back one tells nobody.
   */
  async run<T>(work: (m: EntityManager, publish: Publish) => Promise<T>): Promise<T> {
    let published: IncidentChange[] = [];
    const result = await this.transactions.run(async (m) => {
      published = [];
      return work(m, async (change) => {
        published.push(change);
        const outcome: IncidentChangeOutcome = { notified: [], alreadyNotified: [], notes: [] };
        for (const handler of this.handlers) {
          const part = await handler.inTransaction(m, change);
          outcome.notified.push(...part.notified);
          outcome.alreadyNotified.push(...part.alreadyNotified);
          outcome.notes!.push(...(part.notes ?? []));
        }
        return outcome;
      });
    });
    for (const change of published) for (const handler of this.handlers) handler.afterCommit(change);
    return result;
  }

  /** The incident, locked for the rest of the transaction on Postgres (SQLite serialises writers); must be open. */
  async lockOpen(m: EntityManager, id: string): Promise<IncidentEntity> {
    const incident = await findOneForUpdate(m, IncidentEntity, { id });
    if (!incident) throw new NotFoundException('incident', 'id', id);
    assertOpen(incident);
    return incident;
  }
}

export function assertOpen(incident: IncidentEntity): void {
  if (incident.status === IncidentStatus.CLOSED) {
    throw new DomainException(
      'CONFLICT',
      `id: incident ${incident.id} was closed at ${incident.closedAt?.toISOString() ?? '?'}; a closed incident cannot be changed`,
      { field: 'id', value: incident.id, problemZh: '事件已结束，不能再修改' },
    );
  }
}
