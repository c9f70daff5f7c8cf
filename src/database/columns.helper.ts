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
 * Primary keys are UUIDs made by the application (randomUUID), stored as varchar(36) on both
 * databases, so an id is known before the row is written (outbox rows, job ids).
 */
export function IdColumn(): PropertyDecorator {
  return PrimaryColumn({ type: 'varchar', length: 36 });
}

export { randomUUID as newId } from 'node:crypto';
