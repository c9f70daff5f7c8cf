import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { newId } from '../database/columns.helper';

/** A versioned roster row (seat, seat assignment, tenure, person, position, command body). */
export interface VersionRow extends ObjectLiteral {
  rowId: string;
  id: string;
  recordedAt: Date | null;
  supersededAt: Date | null;
}

/**
 * The only writes a roster change makes to rows that exist (history never rewritten, see
 * roster/core/roster-versions.ts): a version is closed in recorded time and a corrected one
 * recorded beside it, with the same stable id. A version this very transaction recorded was never
 * seen by anyone and is corrected in place instead (no invisible versions pile up).
 */
export class RosterVersions {
  /** Row ids of the versions this transaction inserted (not committed, seen by no one yet). */
  private readonly inserted = new Set<string>();

  constructor(
    private readonly manager: EntityManager,
    private readonly now: Date,
  ) {}

  /** A new version of `row` with `changes`; `row` (the in-memory object) becomes that version. */
  async supersede<R extends VersionRow>(entity: EntityTarget<R>, row: R, changes: Partial<R>): Promise<R> {
    if (this.recordedHere(row)) {
      await this.manager.update(entity, { rowId: row.rowId } as never, changes as never);
      return Object.assign(row, changes);
    }
    await this.close(entity, row);
    const next = { ...row, ...changes, rowId: newId(), recordedAt: this.now, supersededAt: null } as R;
    await this.insert(entity, next);
    return Object.assign(row, next);
  }

  /**
   * Withdraws `row` from now on (a period cancelled before it began, an alias that no longer
   * names the person): closed in recorded time, no successor.
   */
  async retire<R extends VersionRow>(entity: EntityTarget<R>, row: R): Promise<void> {
    if (this.recordedHere(row)) {
      await this.manager.delete(entity, { rowId: row.rowId } as never);
    } else {
      await this.close(entity, row);
    }
    row.supersededAt = this.now;
  }

  /** Inserts new versions (first versions, or later ones of a seat over another period). */
  async insert<R extends VersionRow>(entity: EntityTarget<R>, ...rows: R[]): Promise<void> {
    for (const row of rows) this.inserted.add(row.rowId);
    await this.manager.insert(entity, rows as never);
  }

  /** A first version: its row id is its stable id. */
  first<R extends object>(values: R): R & { rowId: string; id: string; supersededAt: null } {
    const id = newId();
    return Object.assign(values, { id, rowId: id, supersededAt: null });
  }

  private async close<R extends VersionRow>(entity: EntityTarget<R>, row: R): Promise<void> {
    await this.manager.update(entity, { rowId: row.rowId } as never, { supersededAt: this.now } as never);
  }

  private recordedHere(row: VersionRow): boolean {
    return this.inserted.has(row.rowId);
  }
}
