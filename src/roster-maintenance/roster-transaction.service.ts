import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/principal.types';
import { Clock } from '../common/clock.provider';
import { TransactionService } from '../database/transaction.service';
import { bumpRosterRevision } from '../roster/roster-revision.helper';
import { RosterViewService } from '../roster/roster-view.service';
import { RosterTx } from './roster-tx.helper';

/**
 * Runs roster changes. Each is one transaction that takes the roster lock, reads the roster,
 * ends and inserts rows (never overwriting history), appends roster_change rows with the actor
 * and the document, and bumps the roster revision; the in-memory view is invalidated after it.
 */
@Injectable()
export class RosterTransactionService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly views: RosterViewService,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs `work` as one roster change: lock, check `expectedRevision`, read, write, journal, bump
   * the revision. Concurrent changes take turns on the lock, each seeing the one before.
   */
  async run<T>(
    actor: Actor,
    work: (tx: RosterTx) => Promise<T>,
    options: { expectedRevision?: number | null } = {},
  ): Promise<T> {
    try {
      return await this.transactions.run(async (manager) => {
        const tx = await RosterTx.open(manager, actor, this.clock, options.expectedRevision);
        const result = await work(tx);
        await bumpRosterRevision(manager, tx.now);
        return result;
      });
    } finally {
      this.views.invalidate();
    }
  }
}
