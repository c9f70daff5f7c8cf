import { Column, ColumnOptions, PrimaryColumn, ValueTransformer } from 'typeorm';

/**
 * Instants are stored as fixed-width ISO-8601 UTC strings ("2019-09-10T16:00:00.000Z") on
 * both SQLite and Postgres: the same migration serves both, and string order is time order,
 * so range conditions work unchanged on either database.
 */
export const instantTransformer: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.toISOString()),
  from: (value: string | null) => (value == null ? null : new Date(value)),
};

export const INSTANT_LENGTH = 24;

export function InstantColumn(options: { name: string; nullable?: boolean }): PropertyDecorator {
  const column: ColumnOptions = {
    type: 'varchar',
    length: INSTANT_LENGTH,
    name: options.name,
    nullable: options.nullable ?? false,
    transformer: instantTransformer,
  };
  return Column(column);
}

/** The SQL parameter form of an instant, for hand-written conditions. */
export function instantParam(date: Date): string {
  return date.toISOString();
}

/**
 * Primary keys are UUIDs made by the application (newId, version 7), stored as varchar(36) on both
 * databases, so an id is known before the row is written (outbox rows, job ids).
 */
export function IdColumn(): PropertyDecorator {
  return PrimaryColumn({ type: 'varchar', length: 36 });
}

/**
 * Versioned roster rows (migration 1765170000000-superseded-rows): `id` in code is the stable id
 * every version of a seat, person, position … shares (column stable_id, the id the API shows);
 * `rowId` is the primary key of one version (column id). A version is never changed again except to
 * close it in recorded time (superseded_at) when a corrected version is recorded beside it.
 */
export function RowIdColumn(): PropertyDecorator {
  return PrimaryColumn({ name: 'id', type: 'varchar', length: 36 });
}

export function StableIdColumn(): PropertyDecorator {
  return Column({ name: 'stable_id', type: 'varchar', length: 36 });
}

export function SupersededAtColumn(): PropertyDecorator {
  return InstantColumn({ name: 'superseded_at', nullable: true });
}

/**
 * A new row id: a UUID version 7 (RFC 9562), time-ordered, so that the rows written together land on the
 * same last pages of their primary-key index instead of one random page each (a random version 4 id made
 * every INSERT write a page of its own into SQLite's WAL and Postgres's index). It keeps 74 random bits:
 * ids are not secrets here (tokens and keys are), and still cannot be guessed.
 */
export { v7 as newId } from 'uuid';
