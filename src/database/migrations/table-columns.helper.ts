import { QueryRunner, TableColumnOptions, TableForeignKey } from 'typeorm';

/**
 * Column shapes shared by the migrations, so every table stores ids, instants and flags alike on
 * SQLite and Postgres (see src/database/columns.ts for the entity side).
 */
export const id: TableColumnOptions = { name: 'id', type: 'varchar', length: '36', isPrimary: true };

export const uuid = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isNullable: nullable,
});

export const instant = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '24',
  isNullable: nullable,
});

export const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export const text = (name: string, nullable = false, defaultValue?: string): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
  ...(defaultValue === undefined ? {} : { default: `'${defaultValue}'` }),
});

export const integer = (name: string, defaultValue?: number): TableColumnOptions => ({
  name,
  type: 'integer',
  ...(defaultValue === undefined ? {} : { default: defaultValue }),
});

/** A boolean column defaulting to false, spelled as each database stores it (SQLite keeps 0/1). */
export function booleanColumn(q: QueryRunner): (name: string) => TableColumnOptions {
  const falseValue = q.connection.options.type === 'postgres' ? false : 0;
  return (name) => ({ name, type: 'boolean', default: falseValue });
}

export function fk(column: string, table: string, onDelete: 'CASCADE' | 'NO ACTION' = 'NO ACTION'): TableForeignKey {
  return new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  });
}
