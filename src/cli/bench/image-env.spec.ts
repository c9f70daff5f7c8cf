import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageProcessSettings } from './image-env';

describe('imageProcessSettings', () => {
  it('reads NODE_OPTIONS and MALLOC_ARENA_MAX from the ENV lines of the last stage only', () => {
    const dockerfile = [
      'FROM build AS build',
      'ENV NODE_OPTIONS=--build-only',
      'FROM runtime',
      'ENV NODE_ENV=production \\',
      '    NODE_OPTIONS="--max-old-space-size=1024 --x" MALLOC_ARENA_MAX=2 PORT=3000',
      'CMD ["node", "dist/main.js"]',
    ].join('\n');
    expect(imageProcessSettings(dockerfile)).toEqual({
      NODE_OPTIONS: '--max-old-space-size=1024 --x',
      MALLOC_ARENA_MAX: '2',
    });
  });

  it('is empty when the runtime stage sets neither', () => {
    expect(imageProcessSettings('FROM a\nENV NODE_OPTIONS=--x\nFROM b\nENV PORT=3000\n')).toEqual({});
  });

  it('finds the settings the service image gives the API (docker/Dockerfile)', () => {
    const settings = imageProcessSettings(readFileSync(join(__dirname, '../../../docker/Dockerfile'), 'utf8'));
    expect(settings.NODE_OPTIONS).toMatch(/--max-old-space-size=\d+/);
    expect(settings.MALLOC_ARENA_MAX).toBe('2');
  });
});
