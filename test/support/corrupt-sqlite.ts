import { openSync, writeSync, closeSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Damages a SQLite file the way a failing disk does: the header (page 1) stays intact, so the file
 * still opens, but the root pages of the tables holding data are overwritten with noise.
 */
export function corruptSqliteFile(path: string): void {
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const roots = db
    .prepare(`SELECT rootpage FROM sqlite_master WHERE type IN ('table', 'index') AND rootpage > 1`)
    .all() as Array<{ rootpage: number }>;
  db.close();
  const fd = openSync(path, 'r+');
  try {
    const noise = Buffer.alloc(pageSize, 0xa5);
    for (const { rootpage } of roots) writeSync(fd, noise, 0, pageSize, (rootpage - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}
