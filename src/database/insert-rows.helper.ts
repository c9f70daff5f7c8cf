import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DateUtils } from 'typeorm/util/DateUtils';

/**
 * INSERT of rows the caller built whole (every column set, ids made by newId()), as one statement.
 * Unlike TypeORM's `insert()` it sends no SELECT afterwards to read back the columns that have a
 * database default (on intake's hot path those reads were a quarter of the statements), and it does
 * not go through the query builder: the statement text comes from the entity's metadata, once per
 * entity and row count, and the values through the driver's own conversion (transformers, dates,
 * booleans). The builder's named-parameter rewriting was a tenth of intake's CPU. A row with a
 * column left unset (a database default to apply) takes TypeORM's builder, which knows every default.
 * On Postgres the statement is a named prepared statement (node-postgres parses it once per
 * connection; PG_PREPARED_STATEMENTS), so the server does not parse and plan the same INSERT for every report.
 * Inside a Postgres unit of work that has sent nothing yet, the INSERT waits to be sent with the unit's
 * others (pg-unit-of-work.helper.ts).
 */
export async function insertRows<E extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<E>,
  rows: QueryDeepPartialEntity<E> | Array<QueryDeepPartialEntity<E>>,
): Promise<void> {
  const list = Array.isArray(rows) ? rows : [rows];
  if (list.length === 0) return;
  const metadata = m.connection.getMetadata(entity);
  const statement = statementsOf(metadata, m);
  const values: unknown[] = [];
  for (const row of list) {
    for (const column of statement.columns) {
      const value: unknown = column.getEntityValue(row as ObjectLiteral);
      if (value === undefined || typeof value === 'function') {
        await m.createQueryBuilder().insert().into(entity).values(rows).updateEntity(false).execute();
        return;
      }
      values.push(statement.bind(m.connection.driver.preparePersistentValue(value, column)));
    }
  }
  const unit = m.queryRunner && insertsHeldBy.get(m.queryRunner);
  if (unit && unit.holding) return unit.hold(statement.text(list.length), values);
  await m.query(preparedText(m, statement.text(list.length)), values);
}

/** A unit of work that sends its INSERTs later, together (pg-unit-of-work.helper.ts registers itself here). */
export interface InsertHolder {
  /** True while the unit has sent nothing: an INSERT is held rather than sent. */
  readonly holding: boolean;
  hold(text: string, values: unknown[]): Promise<void>;
}
export const insertsHeldBy = new WeakMap<QueryRunner, InsertHolder>();

/** Most prepared INSERTs per process (entities × row counts, combinations; beyond, statements are sent as text). */
const PREPARED_MAX = 1000;

/**
 * A named statement as node-postgres takes it where a text goes ({ name, text }; it adds `values` to it, so
 * each call gets its own). TypeORM hands its `query` argument to the driver untouched and writes it into
 * logs and errors as a string: toString() is the text.
 */
class PreparedQuery {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  toString(): string {
    return this.text;
  }
}

interface InsertStatement {
  columns: ColumnMetadata[];
  /** The statement's text for `rows` rows (sent through preparedText). */
  text(rows: number): string;
  /** A prepared value as the driver binds it (what TypeORM's own parameter escaping does). */
  bind(value: unknown): unknown;
}

const statements = new WeakMap<EntityMetadata, InsertStatement>();

function statementsOf(metadata: EntityMetadata, m: EntityManager): InsertStatement {
  const known = statements.get(metadata);
  if (known) return known;
  const driver = m.connection.driver;
  const sqlite = driver.options.type === 'better-sqlite3';
  // The columns TypeORM's insert writes: every insertable one; on Postgres not an auto-increment key.
  const columns = metadata.columns.filter(
    (c) => c.isInsert && !(c.isGenerated && c.generationStrategy === 'increment' && !sqlite),
  );
  const table = metadata.tablePath
    .split('.')
    .map((part) => (part === '' ? part : driver.escape(part)))
    .join('.');
  const head = `INSERT INTO ${table}(${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  // By row count.
  const made = new Map<number, string>();
  const statement: InsertStatement = {
    columns,
    text(rows) {
      let text = made.get(rows);
      if (!text) {
        const tuples: string[] = [];
        for (let r = 0; r < rows; r++)
          tuples.push(`(${columns.map((_, c) => driver.createParameter('', r * columns.length + c)).join(', ')})`);
        text = head + tuples.join(', ');
        if (made.size < 256) made.set(rows, text);
      }
      return text;
    },
    bind: sqlite ? sqliteValue : (value) => value,
  };
  statements.set(metadata, statement);
  return statement;
}

/** Texts sent as named prepared statements, and their names (insert_rows_<n>). */
const namedTexts = new Map<string, string>();

/**
 * What is sent for `text`: a named prepared statement where the data source prepares its INSERTs
 * (Postgres, PG_PREPARED_STATEMENTS, which data-source.config.ts puts beside the pool's settings) and
 * fewer than PREPARED_MAX are named; else the text itself.
 */
export function preparedText(m: EntityManager, text: string): string {
  const extra = (m.connection.driver.options as { extra?: { preparedInserts?: boolean } }).extra;
  if (m.connection.driver.options.type === 'better-sqlite3' || extra?.preparedInserts !== true) return text;
  let name = namedTexts.get(text);
  if (!name) {
    if (namedTexts.size >= PREPARED_MAX) return text;
    name = `insert_rows_${namedTexts.size}`;
    namedTexts.set(text, name);
  }
  return new PreparedQuery(name, text) as unknown as string;
}

/**
 * SQLite: what AbstractSqliteDriver.escapeQueryWithParameters makes of a value. An integer goes in as
 * an INTEGER (TypeORM writes numbers into the text; better-sqlite3 would bind a JS number as REAL,
 * which a TEXT column keeps as "3.0").
 */
export function sqliteValue(value: unknown): unknown {
  if (typeof value === 'boolean') return +value;
  if (value instanceof Date) return DateUtils.mixedDateToUtcDatetimeString(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}
