import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CommandBodyEntity } from '../roster/entities/command-body.entity';
import { PersonAliasEntity } from '../roster/entities/person-alias.entity';
import { PersonEntity } from '../roster/entities/person.entity';
import { PositionEntity } from '../roster/entities/position.entity';
import { SeatAssignmentEntity } from '../roster/entities/seat-assignment.entity';
import { SeatEntity } from '../roster/entities/seat.entity';
import { TenureEntity } from '../roster/entities/tenure.entity';
import { RosterFile } from './roster-file.schema';
import { RosterViewService } from '../roster/roster-view.service';
import { documentDateToInstant, rosterRowsFromFile } from './roster-rows.helper';
import { RosterTransactionService } from '../roster-maintenance/roster-transaction.service';
import { SeatChangeService } from '../roster-maintenance/seat-change.service';
import { TenureChangeService } from '../roster-maintenance/tenure-change.service';
import { RosterChangeEntity } from '../roster/entities/roster-change.entity';
import { bumpRosterRevision } from '../roster/roster-revision.helper';
import { recordDifferences } from './roster-reimport.helper';
import type { Actor } from '../auth/principal.types';
import { rosterChangeRow } from '../roster/roster-change-row.helper';

export interface ImportSummary {
  jurisdiction: string;
  bodies: number;
  seats: number;
  persons: number;
  positions: number;
  /** 'loaded': the jurisdiction was new; 'changes': its roster existed and the differences were recorded as dated changes. */
  mode?: 'loaded' | 'changes';
  /** For mode 'changes': one line per recorded change (empty when the file matches the roster). */
  changes?: string[];
}

/** Who imports when no API key is involved (the command line, the first start). */
export const IMPORT_ACTOR: Actor = { keyId: null, name: 'roster:import' };

/**
 * Loads a validated roster file. Into a database that holds no roster for its jurisdiction, in one
 * transaction: either the whole command system is there afterwards, or nothing is. Into one that
 * does: the differences are recorded as dated changes (appoint, vacate, seats added, removed and
 * reordered) effective on the file's document date, under its document reference, again in one
 * transaction; history is kept.
 */
@Injectable()
export class RosterImportService {
  private readonly logger = new Logger(RosterImportService.name);

  constructor(
    private readonly rosterView: RosterViewService,
    private readonly transactions: RosterTransactionService,
    private readonly tenures: TenureChangeService,
    private readonly seats: SeatChangeService,
  ) {}

  async importRoster(roster: RosterFile, recordedAt = new Date(), actor: Actor = IMPORT_ACTOR): Promise<ImportSummary> {
    const summary = await this.transactions.run(actor, async (tx) => {
      const existing = tx.rows.bodies.filter((b) => b.jurisdiction === roster.jurisdiction.code).length;
      if (existing === 0) return this.write(tx.manager, roster, recordedAt, actor);
      const recorded = await recordDifferences(tx, { tenures: this.tenures, seats: this.seats }, roster);
      const view = tx.view();
      return {
        jurisdiction: roster.jurisdiction.code,
        bodies: tx.rows.bodies.filter((b) => b.jurisdiction === roster.jurisdiction.code).length,
        seats: view.allSeatsAt(documentDateToInstant(roster.document.effectiveFrom)).length,
        persons: tx.rows.persons.length,
        positions: tx.rows.positions.length,
        mode: 'changes' as const,
        changes: recorded,
      };
    });
    this.rosterView.invalidate();
    if (summary.mode === 'changes') {
      this.logger.log(
        `Imported ${roster.document.ref} into the existing roster: ${summary.changes?.length ?? 0} change(s) recorded`,
      );
    } else {
      this.logger.log(
        `Loaded roster ${roster.document.ref}: ${summary.bodies} command bodies, ${summary.seats} seats, ${summary.persons} persons`,
      );
    }
    return summary;
  }

  private async write(
    manager: EntityManager,
    roster: RosterFile,
    recordedAt: Date,
    actor: Actor,
  ): Promise<ImportSummary> {
    const rows = rosterRowsFromFile(roster, recordedAt);
    const { bodies, seats } = rows;
    const persons = rows.persons.length;
    const positions = rows.positions.length;
    await insertAll(manager, PersonEntity, rows.persons);
    await insertAll(manager, PersonAliasEntity, rows.aliases);
    await insertAll(manager, PositionEntity, rows.positions);
    await insertAll(manager, TenureEntity, rows.tenures);
    await insertAll(manager, CommandBodyEntity, bodies);
    await insertAll(manager, SeatEntity, seats);
    await insertAll(manager, SeatAssignmentEntity, rows.assignments);
    await bumpRosterRevision(manager, recordedAt);
    await manager.insert(
      RosterChangeEntity,
      importJournal(
        roster,
        recordedAt,
        actor,
        `导入 ${roster.document.ref}《${roster.document.title}》：${bodies.length} 个指挥机构，${seats.length} 个席位，${persons} 人`,
        { bodies: bodies.length, seats: seats.length, persons },
      ),
    );
    return {
      jurisdiction: roster.jurisdiction.code,
      bodies: bodies.length,
      seats: seats.length,
      persons,
      positions,
      mode: 'loaded',
    };
  }
}

async function insertAll<T extends object>(manager: EntityManager, entity: new () => T, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await manager.insert(entity, rows.slice(i, i + 100) as never);
  }
}

export { bumpRosterRevision } from '../roster/roster-revision.helper';

/** The journal row of an import; it keeps the file's jurisdiction, document and inferences to confirm, which roster:export writes back. */
export function importJournal(
  roster: RosterFile,
  recordedAt: Date,
  actor: Actor,
  summary: string,
  extra: Record<string, unknown>,
): RosterChangeEntity {
  return rosterChangeRow(
    {
      kind: 'IMPORT',
      summary,
      effectiveFrom: documentDateToInstant(roster.document.effectiveFrom),
      documentRef: roster.document.ref,
      data: { jurisdiction: roster.jurisdiction, document: roster.document, inferences: roster.inferences, ...extra },
    },
    actor,
    recordedAt,
  );
}
