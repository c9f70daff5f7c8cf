import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chineseMessage, ERROR_CODES } from './error-messages.catalog';
import { formatGraphqlError } from './graphql-errors.formatter';
import { BadInputException, DomainException } from './domain.exception';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('error codes', () => {
  const documented = new Set(ERROR_CODES.map((d) => d.code));

  it('documents every code the sources throw or declare', () => {
    const used = new Set<string>();
    for (const file of sources(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new DomainException\(\s*'([A-Z_]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/extensions: \{[^}]*code: '([A-Z_]+)'/g)) used.add(m[1]);
      const union = /export type DomainErrorCode =([^;]+);/.exec(text);
      if (union) for (const m of union[1].matchAll(/'([A-Z_]+)'/g)) used.add(m[1]);
    }
    expect([...used].filter((code) => !documented.has(code))).toEqual([]);
  });

  it('lists every code in the README table with its Chinese message', () => {
    // Prettier pads table cells, so compare rows with the padding collapsed.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/ *\| */g, ' | ');
    for (const doc of ERROR_CODES) expect(readme).toContain(`| \`${doc.code}\` | ${doc.zh} |`);
  });

  it('shows an instant the API echoes in UTC in China time', () => {
    expect(chineseMessage('BAD_USER_INPUT', { field: 'occurredAt', value: '2026-12-01T15:50:00.000Z' })).toBe(
      '输入有误：发生时间（occurredAt，当前值 2026-12-01 23:50 北京时间）',
    );
    expect(chineseMessage('BAD_USER_INPUT', { field: 'occurredAt', value: '2026-13-01T15:50:00Z' })).toContain(
      '"2026-13-01T15:50:00Z"',
    );
  });

  it('gives every error a Chinese message, naming the field in Chinese when it knows it', () => {
    const bad = formatGraphqlError(
      { message: 'x' },
      new BadInputException('effectiveFrom', '2019-01-01', 'is before …', '早于席位设立日期 2019-09-11'),
    );
    expect(bad.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'effectiveFrom',
      value: '2019-01-01',
      messageZh: '输入有误：生效时间（effectiveFrom，当前值 "2019-01-01"），早于席位设立日期 2019-09-11',
    });
    const conflict = formatGraphqlError({ message: 'x' }, new DomainException('CONFLICT', 'positionTitle: exists'));
    expect(conflict.extensions?.messageZh).toBe('与已有数据冲突');
    const internal = formatGraphqlError(
      { message: 'boom at /srv/app.js', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      new Error('boom'),
    );
    expect(internal).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', messageZh: expect.stringContaining('服务器内部错误') },
    });
    expect(
      formatGraphqlError({ message: 'Cannot query field', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, null)
        .extensions?.messageZh,
    ).toBe('请求格式不符合接口定义');
    expect(chineseMessage('SOMETHING_NEW')).toBe('请求未能完成');
  });
});
