import { CustomScalar, Scalar } from '@nestjs/graphql';
import { Kind, ValueNode } from 'graphql';
import { isCalendarDate } from './core/calendar-date';
import { BadInputException } from './domain.exception';
import { checkInstantRange } from './text-policy.helper';

/**
 * DateTime: an ISO-8601 instant ("2020-07-15T08:00:00+08:00", "2020-07-15T00:00:00Z"). A bare date
 * ("2020-07-15") means the start of that day in China Standard Time (UTC+8), which is what a
 * duty officer or an integrator asking "who commanded on 2020-07-15" means.
 */
@Scalar('DateTime', () => Date)
export class DateTimeScalar implements CustomScalar<string, Date> {
  description = 'An ISO-8601 instant; a bare date YYYY-MM-DD means 00:00 China Standard Time (UTC+8).';

  parseValue(value: unknown): Date {
    return parseDateTime(value);
  }

  serialize(value: unknown): string {
    if (value instanceof Date) return value.toISOString();
    return parseDateTime(value).toISOString();
  }

  parseLiteral(ast: ValueNode): Date {
    if (ast.kind !== Kind.STRING)
      throw new BadInputException(
        'DateTime',
        'value' in ast ? ast.value : ast.kind,
        'must be an ISO-8601 string such as 2020-07-15T08:00:00+08:00',
      );
    return parseDateTime(ast.value);
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

export function parseDateTime(value: unknown, field = 'DateTime'): Date {
  if (typeof value !== 'string' || !ISO.test(value.trim())) {
    throw new BadInputException(
      field,
      value,
      'is not an ISO-8601 date-time; use e.g. 2020-07-15T08:00:00+08:00 or 2020-07-15',
    );
  }
  const text = value.trim();
  const date = new Date(text.length === 10 ? `${text}T00:00:00+08:00` : text);
  // Reject dates that JavaScript would roll over (2020-02-30).
  if (Number.isNaN(date.getTime()) || !isCalendarDate(text.slice(0, 10))) {
    throw new BadInputException(field, value, 'is not a valid calendar date-time');
  }
  checkInstantRange(field, value, date);
  return date;
}
