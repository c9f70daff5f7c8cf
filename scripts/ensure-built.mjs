#!/usr/bin/env node
// Builds dist/ only when it is missing or older than the sources, so `npm start` and the CLIs start at once
// on a built tree and never delete dist/ under a running API or worker (the build overwrites files in place).
import { execFileSync } from 'node:child_process';
import process from 'node:process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
const inputs = ['src', 'web', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

/** Builds dist/ when it is missing or older than the sources (build output goes to stderr). */
export function ensureBuilt() {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const sources = Math.max(...inputs.map((input) => newest(join(root, input))));
  if (built !== 0 && sources <= built) return;
  process.stderr.write(
    built === 0 ? 'Building (dist/ is missing)…\n' : 'Building (sources changed since the last build)…\n',
  );
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
  writeFileSync(stamp, new Date().toISOString() + '\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureBuilt();
