import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';

/**
 * dist/ holds the service and nothing of its tests: tsconfig.build.json leaves out specs, fixtures
 * and test/, and no built file may import one (tsc compiles an excluded file that something it
 * builds imports). Asks tsc which files the build compiles.
 */
const ROOT = join(__dirname, '..');

function buildInputs(): string[] {
  const tsc = require.resolve('typescript/bin/tsc');
  const out = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--listFilesOnly'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter((file) => file && !file.includes('/node_modules/'))
    .map((file) => relative(ROOT, file));
}

describe('the build', () => {
  it('compiles the sources and no spec, fixture or test/ file', () => {
    const inputs = buildInputs();
    expect(inputs).toContain('src/main.ts');
    expect(inputs).toContain('src/worker.ts');
    expect(inputs.filter((file) => /\.(spec|fixture)\.ts$|(^|\/)(test|__fixtures__)\//.test(file))).toEqual([]);
    expect(inputs.filter((file) => !file.startsWith('src/'))).toEqual([]);
  });
});
