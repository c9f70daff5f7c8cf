import { statSync } from 'node:fs';
import { loadavg } from 'node:os';

/** The output of `npm run bench`: one line per figure in fixed columns (compare runs with diff), and notes. */

export const COLUMNS: Array<[string, number]> = [
  ['scope', 9],
  ['figure', 34],
  ['value', 9],
  ['unit', 9],
  ['p50 ms', 8],
  ['p99 ms', 8],
  ['floor', 26],
  ['floor val', 9],
  ['ratio', 6],
  ['target', 8],
];

export function line(cells: Array<string | number | undefined>): void {
  console.log(
    COLUMNS.map(([, width], i) => {
      const c = cells[i];
      const text = c === undefined || (typeof c === 'number' && !Number.isFinite(c)) ? '-' : String(c);
      return i <= 1 || i === 6 ? text.padEnd(width) : text.padStart(width);
    })
      .join(' ')
      .trimEnd(),
  );
}

export const fixed = (n: number | undefined, digits = 0) =>
  n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits);
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

export function figure(
  scope: string,
  name: string,
  value: number,
  unit: string,
  p50?: number,
  p99?: number,
  floor?: { name: string; value: number },
  target?: string,
): void {
  line([
    scope,
    name,
    fixed(value, value < 100 ? 1 : 0),
    unit,
    fixed(p50, 1),
    fixed(p99, 1),
    floor?.name,
    floor ? fixed(floor.value, floor.value < 100 ? 1 : 0) : undefined,
    floor ? fixed(value / floor.value, 2) : undefined,
    target,
  ]);
}

export function note(scope: string, text: string): void {
  console.log(`${scope.padEnd(9)} # ${text}`);
}

/**
 * SQLite: how long the WAL file grew since start (SQLite overwrites it from the start rather than shrink
 * it, so its size is the longest it was; a frame is a 4,096-byte page and its 24-byte header).
 */
export function walFileSize(walPath: string): string {
  let size = NaN;
  try {
    size = statSync(walPath).size;
  } catch {
    // no WAL file
  }
  return `the WAL file at most ${fixed(size / 4120)} pages (${fixed(size / 1048576, 1)} MB) since start`;
}

/** SQLite: the checkpoint thread's quiet moments in a window (counts now, and before it), and the WAL's length. */
export function walNote(
  now: { quiets: number; quietMs: number },
  before: Partial<typeof now>,
  walPath: string,
): string {
  const quiets = now.quiets - (before.quiets ?? 0);
  const ms = now.quietMs - (before.quietMs ?? 0);
  return (
    `WAL: ${quiets} quiet moments for the checkpoint thread during reportIncident (${quiets ? (ms / quiets).toFixed(1) : 0} ms each); ` +
    walFileSize(walPath)
  );
}
