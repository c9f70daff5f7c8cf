import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolEnv } from './tool-env.helper';

describe('toolEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tool-env-'));

  it('runs no workers, no relay and loads no roster, whatever the environment says', () => {
    expect(toolEnv({ WORKERS: 'on', RELAY: 'on', ROSTER_AUTOLOAD: 'on' })).toMatchObject({
      WORKERS: 'off',
      RELAY: 'off',
      ROSTER_AUTOLOAD: 'off',
    });
  });

  it('with existing, names a DB_PATH where no database is instead of making one', () => {
    const typo = join(dir, 'typo', 'emergency.sqlite');
    expect(() => toolEnv({ DB_PATH: typo }, { existing: true })).toThrow(
      `DB_PATH=${typo}: no database there (${typo}); start the service once to make it`,
    );
    const there = join(dir, 'there.sqlite');
    writeFileSync(there, '');
    expect(toolEnv({ DB_PATH: there }, { existing: true }).DB_PATH).toBe(there);
    expect(toolEnv({ DB_PATH: typo }).DB_PATH).toBe(typo);
  });
});
