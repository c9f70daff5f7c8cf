import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The command-line tools check their arguments before anything is built or opened: a mistake is told
 * at once, in one line naming the argument, with exit code 2 (scripts/cli.mjs).
 */
const root = resolve(__dirname, '..');
const here = mkdtempSync(join(tmpdir(), 'cli-args-'));
writeFileSync(join(here, 'roster.yaml'), 'not used\n');

function cli(tool: string, ...args: string[]): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'cli.mjs'), tool, ...args], {
    cwd: root,
    env: { ...process.env, INIT_CWD: here },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: run.status, stderr: run.stderr };
}

describe('command-line tools check their arguments first', () => {
  it.each([
    [['roster-import'], 'usage: npm run roster:import -- <roster.yaml>'],
    [['roster-import', 'missing.yaml'], `missing.yaml: no such file (looked for ${join(here, 'missing.yaml')})`],
    [['roster-import', '.'], '. is a folder, not a file'],
    [['roster-import', 'roster.yaml', 'extra.yaml'], 'usage: npm run roster:import'],
    [['roster-export', '--bogus'], 'unknown argument "--bogus"'],
    [['roster-export', '--as-of'], '--as-of needs a value'],
    [['roster-export', '--out', '--as-of', '2020-01-01'], '--out needs a value'],
    [['roster-export', '--out', 'no/such/folder/r.yaml'], `the folder ${join(here, 'no/such/folder')} does not exist`],
    [['roster-export', '--out=roster.yaml/x.yaml'], `${join(here, 'roster.yaml')} is a file, not a folder`],
    [['admin-key', 'now'], 'usage: npm run admin-key'],
    [['print-schema', 'a.graphql', 'b.graphql'], 'usage: npm run schema:write'],
    [['nonsense'], 'unknown tool "nonsense"'],
  ])('%j is refused: %s', (args, message) => {
    const [tool, ...rest] = args;
    const run = cli(tool, ...rest);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('Building');
    expect(run.status).toBe(2);
  });
});
