#!/usr/bin/env node
// Runs one of the service's command-line tools: node scripts/cli.mjs <tool> [arguments…].
// The arguments are checked FIRST (usage, unknown flags, missing values, files that do not exist), so a
// mistake is told at once instead of after a build; then dist/ is built if it is missing or stale, and the
// tool runs with the same arguments (it checks values such as dates itself).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensure-built.mjs';

/** Per tool: its usage line, how many plain arguments, which are files to read, which flags take a value. */
export const TOOLS = {
  'roster-import': {
    usage: 'usage: npm run roster:import -- <roster.yaml>',
    positional: { min: 1, max: 1, input: true },
    flags: {},
  },
  'roster-export': {
    usage: 'usage: npm run roster:export [-- --as-of <date or instant>] [--out <file>] [--jurisdiction <code>]',
    positional: { min: 0, max: 0 },
    flags: { '--as-of': 'value', '--out': 'output', '--jurisdiction': 'value' },
  },
  'admin-key': { usage: 'usage: npm run admin-key', positional: { min: 0, max: 0 }, flags: {} },
  'print-schema': {
    usage: 'usage: npm run schema:write [-- <file>]',
    positional: { min: 0, max: 1, output: true },
    flags: {},
  },
};

/** The problem with a tool's command line, or null: paths are read from where the user stands (INIT_CWD). */
export function checkArgs(tool, argv, env = process.env) {
  const spec = TOOLS[tool];
  if (!spec) return `unknown tool ${JSON.stringify(tool)}; one of ${Object.keys(TOOLS).join(', ')}`;
  const here = env.INIT_CWD ?? process.cwd();
  const plain = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return spec.usage;
    if (!arg.startsWith('--')) {
      plain.push(arg);
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const kind = spec.flags[flag];
    if (!kind) return `unknown argument ${JSON.stringify(arg)}\n${spec.usage}`;
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      return `${flag} needs a value\n${spec.usage}`;
    }
    if (kind === 'output') {
      const problem = outputProblem(resolve(here, value), flag);
      if (problem) return problem;
    }
  }
  const { min, max, input, output } = spec.positional;
  if (plain.length < min || plain.length > max) return spec.usage;
  for (const path of plain) {
    const full = resolve(here, path);
    if (input && !existsSync(full)) return `${path}: no such file (looked for ${full})`;
    if (input && statSync(full).isDirectory()) return `${path} is a folder, not a file`;
    if (output) {
      const problem = outputProblem(full, path);
      if (problem) return problem;
    }
  }
  return null;
}

function outputProblem(full, named) {
  const folder = dirname(full);
  if (!existsSync(folder)) return `${named}: the folder ${folder} does not exist`;
  if (!statSync(folder).isDirectory()) return `${named}: ${folder} is a file, not a folder`;
  if (existsSync(full) && statSync(full).isDirectory()) return `${named}: ${full} is a folder, not a file`;
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [tool, ...argv] = process.argv.slice(2);
  const problem = checkArgs(tool, argv);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(2);
  }
  ensureBuilt();
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const run = spawnSync(process.execPath, [join(root, 'dist', 'cli', `${tool}.js`), ...argv], { stdio: 'inherit' });
  if (run.signal) process.kill(process.pid, run.signal);
  process.exit(run.status ?? 1);
}
