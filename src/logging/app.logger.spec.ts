import { Writable } from 'node:stream';
import { AppLogger, createPino } from './app.logger';

function capture(level: 'log' | 'debug' = 'log'): { logger: AppLogger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = new AppLogger(createPino({ level, format: 'json', destination }));
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('AppLogger', () => {
  it('writes one JSON object per line with level, UTC+8 time, context and message', () => {
    const { logger, lines } = capture();
    logger.log('Serving on port 3000', 'Bootstrap');
    const [line] = lines();
    expect(line).toMatchObject({ level: 'info', context: 'Bootstrap', msg: 'Serving on port 3000' });
    expect(String(line.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
  });

  it('keeps framework wiring lines out of the default level', () => {
    const { logger, lines } = capture('log');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    expect(lines()).toEqual([]);
    const verbose = capture('debug');
    verbose.logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(verbose.lines()).toHaveLength(1);
  });

  it('puts a stack in its own field, never in the message', () => {
    const { logger, lines } = capture();
    const error = new Error('boom');
    logger.error('delivery failed', error.stack, 'Delivery');
    const [line] = lines();
    expect(line.msg).toBe('delivery failed');
    expect(String(line.stack)).toContain('Error: boom');
  });

  it('redacts secrets and contact values in logged objects', () => {
    const { logger, lines } = capture();
    logger.warn({ msg: 'x', contact: { phone: '13800000000', email: 'a@b.cn' }, authorization: 'Bearer k' }, 'Test');
    const text = JSON.stringify(lines());
    expect(text).not.toContain('13800000000');
    expect(text).not.toContain('a@b.cn');
    expect(text).not.toContain('Bearer k');
  });

  it('honours the level', () => {
    const { logger, lines } = capture('log');
    logger.debug('hidden', 'X');
    logger.warn('shown', 'X');
    expect(lines().map((l) => l.msg)).toEqual(['shown']);
  });
});
