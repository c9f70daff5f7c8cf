import Database from 'better-sqlite3';
import { openTestDatabase, TestDatabase } from './test-database.fixture';

/**
 * Test helper (SQLite): a test database with a `probe (tag, n)` table, and a second, read-only connection
 * to the same file that sees only what was committed.
 */
export interface ProbeDatabase {
  db: TestDatabase;
  other: Database.Database;
  /** Committed rows of `tag`, as the other connection sees them. */
  committed(tag: string): number;
  close(): Promise<void>;
}

export async function openProbeDatabase(): Promise<ProbeDatabase> {
  const db = await openTestDatabase();
  await db.dataSource.query('CREATE TABLE probe (tag text, n integer)');
  const other = new Database(db.env.DB_PATH, { readonly: true });
  return {
    db,
    other,
    committed: (tag) => (other.prepare('SELECT count(*) AS c FROM probe WHERE tag = ?').get(tag) as { c: number }).c,
    close: async () => {
      other.close();
      await db.close();
    },
  };
}

/** Opens a probe database before the suite's tests and closes it after them; the suite reads it through the getter. */
export function probeDatabaseForSuite(): () => ProbeDatabase {
  let probe: ProbeDatabase | undefined;
  beforeAll(async () => {
    probe = await openProbeDatabase();
  });
  afterAll(() => probe?.close());
  return () => probe!;
}
