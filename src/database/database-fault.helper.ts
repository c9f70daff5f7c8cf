import { DatabaseUnavailableException, driverCode, isDatabaseBusy } from './sqlite-write-lock.helper';

/**
 * A fault of the database itself (locked by another process, unreachable, shutting down), not of the
 * rows a unit of work touched: running its parts again one at a time would only wait once per part.
 */
export function isDatabaseWideFault(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableException || isDatabaseBusy(error)) return true;
  const code = driverCode(error);
  return /^E[A-Z]+$/.test(code) || /^(08|57P)/.test(code); // a socket error, Postgres connection/shutdown classes
}
