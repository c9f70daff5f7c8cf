import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The import boundaries of the architecture (README "Architecture") are ESLint rules
 * (eslint.config.mjs). This proves they fire: each sample, linted as if it stood at its path,
 * must be refused with the boundary's message, and an allowed import must pass.
 */
const ROOT = join(__dirname, '..');

/** Lints each sample as if it stood at its path, in one ESLint process; answers the messages of each. */
function lintAll(samples: Array<[path: string, source: string]>): string[] {
  const script = `
    const { ESLint } = require('eslint');
    const samples = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const [filePath, source] of samples) {
        const [result] = await eslint.lintText(source, { filePath });
        out.push(result.messages.map((m) => m.message).join('\\n'));
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const stdout = execFileSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    input: JSON.stringify(samples),
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as string[];
}

const use = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

const REFUSED: Array<[path: string, specifier: string, message: string]> = [
  ['src/roster/roster-sample.service.ts', '../roster-maintenance/person-change.service', 'roster imports none of'],
  ['src/roster/core/sample.ts', '../../contacts/core/contact-route', 'roster imports none of'],
  ['src/incidents/sample.service.ts', '../notifications/delivery/delivery.service', 'incidents never imports'],
  ['src/incidents/core/sample.ts', '../../notifications/core/message-renderer', 'incidents never imports'],
  ['src/notifications/core/sample.ts', '@nestjs/common', 'no Nest here'],
  ['src/duty/core/sample.ts', 'typeorm', 'no TypeORM here'],
  ['src/activation/core/sample.ts', '../../roster/entities/seat.entity', 'no Nest or TypeORM file'],
  ['src/incidents/core/sample.ts', '../incidents.module', 'no Nest or TypeORM file'],
];
const ALLOWED = `import type { SeatEntity } from '../../roster/entities/seat.entity';
import { SEVERITIES } from '../../common/core/severity';
export const y: Array<SeatEntity | string> = [...SEVERITIES];
`;

describe('import boundaries', () => {
  const results = lintAll([
    ...REFUSED.map(([path, specifier]): [string, string] => [path, use(specifier)]),
    ['src/activation/core/sample.ts', ALLOWED],
  ]);

  it.each(REFUSED.map((sample, i) => [...sample, i] as const))(
    '%s may not import %s',
    (_path, _specifier, message, i) => {
      expect(results[i]).toContain(message);
    },
  );

  it('lets a core file import pure code and the types of entities', () => {
    expect(results[REFUSED.length]).toBe('');
  });
});
