import { Directory1764316800000 } from './1764316800000-directory';

/** Migrations in order; each runs unchanged on SQLite and Postgres. */
export const MIGRATIONS = [Directory1764316800000];
