import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Env, loadEnv } from '../config/env.schema';

/**
 * The environment of a command-line tool (roster import and export, admin-key): the service's own
 * database and configuration, but nothing that runs on its own. No roster loaded into an empty
 * database, no delivery workers, no outbox relay: a tool that reads or changes the roster never
 * touches the queues. With `existing`, a SQLite file must be there already: a mistyped DB_PATH then
 * says so instead of making a new, empty database (and, for admin-key, a key to it).
 */
export function toolEnv(source: NodeJS.ProcessEnv, opts: { existing?: boolean } = {}): Env {
  const env = loadEnv({ ...source, ROSTER_AUTOLOAD: 'off', WORKERS: 'off', RELAY: 'off' });
  if (opts.existing && env.DB_TYPE === 'sqlite' && !existsSync(env.DB_PATH)) {
    throw new Error(
      `DB_PATH=${env.DB_PATH}: no database there (${resolve(env.DB_PATH)}); start the service once to make it, or set DB_PATH to the service's database`,
    );
  }
  return env;
}
