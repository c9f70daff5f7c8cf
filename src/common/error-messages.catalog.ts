import { fieldLabelZh } from './core/problem-zh';
import { quotedValue } from './core/quoted-value';

/**
 * Every error code the API answers with, its meaning in Chinese for people (the console shows
 * `extensions.messageZh` as it is), and what an integrator should do. The README's error table is
 * this list; a test checks both agree. Codes come from domain exceptions (domain.exception.ts), from
 * GraphQL itself (parse, validation, variables) and from the server (internal errors).
 */
export interface ErrorCodeDoc {
  code: string;
  /** For people: one Chinese sentence, completed by the details of the error when it has them. */
  zh: string;
  meaning: string;
  when: string;
  action: string;
}

export const ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'BAD_USER_INPUT',
    zh: '输入有误',
    meaning: 'An argument is invalid; `extensions.field` and `extensions.value` name it.',
    when: 'A malformed date, an unknown code, title or name, an effective date outside the lifetime of what it changes, a change that would change nothing.',
    action: 'Fix the named field (the message says why and often lists the accepted values); nothing was written.',
  },
  {
    code: 'GRAPHQL_VALIDATION_FAILED',
    zh: '请求格式不符合接口定义',
    meaning: 'The operation does not fit the schema (unknown field, missing argument, wrong variable type).',
    when: 'A client built against another version of graphql/schema.graphql, or a typo.',
    action: 'Check the operation against graphql/schema.graphql; nothing was executed.',
  },
  {
    code: 'GRAPHQL_PARSE_FAILED',
    zh: '请求无法解析',
    meaning: 'The operation is not valid GraphQL syntax.',
    when: 'Unbalanced braces, a truncated document.',
    action: 'Fix the document; nothing was executed.',
  },
  {
    code: 'OPERATION_RESOLUTION_FAILURE',
    zh: '无法确定要执行的操作：请求含多个操作时须用 operationName 指明其一',
    meaning: 'The document holds several operations and `operationName` names none of them.',
    when: 'Several operations sent without `operationName`, or an `operationName` the document does not have.',
    action: 'Send `operationName`, spelled as in the document; nothing was executed.',
  },
  {
    code: 'UNAUTHENTICATED',
    zh: '未提供有效的 API 密钥',
    meaning: 'No API key, an unknown key, or a revoked or expired one.',
    when: 'Authorization header (or connectionParams.Authorization on subscriptions) missing or wrong.',
    action: 'Send `Authorization: Bearer <key>`; ask an admin for a new key if yours was revoked.',
  },
  {
    code: 'FORBIDDEN',
    zh: '当前密钥无权执行此操作',
    meaning: 'The key is valid but its roles do not allow the operation or field.',
    when: 'A reader asking for contact methods, a duty officer changing the roster, anyone but admin reading the audit log.',
    action: 'Use a key with the role the message names, or ask an admin to create one.',
  },
  {
    code: 'NOT_FOUND',
    zh: '未找到所请求的对象',
    meaning: 'The id, code or name refers to nothing (at the asked `asOf`/`knownAt`).',
    when: 'An unknown incident or notification id; a body not yet recorded at `knownAt`; no roster loaded.',
    action: 'Check the id; for `knownAt`, ask from when the roster was recorded (`Headquarters.recordedAt`).',
  },
  {
    code: 'NOT_ESTABLISHED',
    zh: '该时间点指挥体系尚未建立',
    meaning: 'The asked instant is before the command body was established.',
    when: '`asOf` before 2019-09-11 for the 2019 roster.',
    action: 'Ask about a later instant; the message gives the establishment date.',
  },
  {
    code: 'CONFLICT',
    zh: '与已有数据冲突',
    meaning: 'The change clashes with the current state (already exists, already closed, changed meanwhile).',
    when: 'Creating a position whose title exists, closing a closed incident, a stale expected revision.',
    action: 'Reload the current state and decide again; nothing was written.',
  },
  {
    code: 'UNAVAILABLE',
    zh: '服务暂时不可用，请稍后重试',
    meaning: 'The database could not take the request in time.',
    when: 'A write lock held elsewhere, the database restarting.',
    action: 'Retry after a short wait; the request wrote nothing.',
  },
  {
    code: 'RATE_LIMITED',
    zh: '请求过于频繁，请稍后重试',
    meaning: 'Too many requests from this key or address.',
    when: 'A client looping without backoff.',
    action: 'Wait `extensions.retryAfterSeconds`, then retry with backoff.',
  },
  {
    code: 'QUERY_TOO_COMPLEX',
    zh: '请求过于复杂，已拒绝执行',
    meaning: 'The operation exceeds a bound (length, depth, aliases, cost).',
    when: 'Deeply nested or very large operations.',
    action: 'Split the operation; nothing was executed.',
  },
  {
    code: 'PERSISTED_QUERY_NOT_FOUND',
    zh: '未找到持久化查询',
    meaning: 'An automatic persisted query hash the server does not know.',
    when: 'The first request of a client using persisted queries.',
    action: 'Send the full query with the hash (clients do this by themselves).',
  },
  {
    code: 'INTERNAL_SERVER_ERROR',
    zh: '服务器内部错误，请稍后重试或联系管理员',
    meaning: 'An unexpected fault; the details are in the server log, never in the answer.',
    when: 'A bug or an infrastructure failure.',
    action: 'Retry once; if it persists, report the time and operation to the operators.',
  },
];

const ZH = new Map(ERROR_CODES.map((doc) => [doc.code, doc.zh]));

/**
 * The Chinese message of an error: the code's sentence, the field and value it names, and the
 * specific explanation when the thrower gave one (`problemZh`).
 */
export function chineseMessage(
  code: string | undefined,
  details: { field?: unknown; value?: unknown; problemZh?: unknown } = {},
): string {
  const base = (code && ZH.get(code)) ?? '请求未能完成';
  const parts: string[] = [base];
  if (typeof details.field === 'string') {
    const label = fieldLabelZh(details.field) ?? details.field;
    const value =
      details.value === undefined
        ? ''
        : `（${label === details.field ? '' : `${details.field}，`}当前值 ${shownValue(details.value)}）`;
    parts.push(`：${label}${value}`);
  }
  if (typeof details.problemZh === 'string' && details.problemZh)
    parts.push(`${details.field ? '，' : '：'}${details.problemZh}`);
  return parts.join('');
}

/** A value as people read it: an instant in UTC (as the API echoes it) in China time, anything else quoted. */
function shownValue(value: unknown): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(value)) {
    const instant = Date.parse(value);
    if (!Number.isNaN(instant)) {
      const china = new Date(instant + 8 * 3600_000).toISOString();
      return `${china.slice(0, 10)} ${china.slice(11, 16)} 北京时间`;
    }
  }
  return quotedValue(value);
}
