import { parseExportArgs } from './roster-export';

describe('roster:export arguments', () => {
  const now = new Date('2024-01-01T00:00:00Z');

  it('defaults to now, stdout and the only jurisdiction', () => {
    expect(parseExportArgs([], now)).toEqual({ asOf: now, out: null, jurisdiction: null });
  });

  it('reads --as-of (a date is China midnight), --out and --jurisdiction, with or without =', () => {
    expect(parseExportArgs(['--as-of', '2020-07-15', '--out=roster.yaml', '--jurisdiction', 'JINCHENG'], now)).toEqual({
      asOf: new Date('2020-07-15T00:00:00+08:00'),
      out: 'roster.yaml',
      jurisdiction: 'JINCHENG',
    });
  });

  it.each([
    [['--as-of', 'yesterday'], '--as-of'],
    [['--out'], '--out needs a value'],
    [['--format', 'json'], 'unknown argument "--format"'],
  ])('rejects %j naming the problem', (argv, message) => {
    expect(() => parseExportArgs(argv, now)).toThrow(message);
  });
});
