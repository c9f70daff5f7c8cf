import { BadInputException } from './domain.exception';

/** A page of a listing over a period: how many from where, between `from` (inclusive) and `to`. */
export interface PageQuery {
  limit: number;
  offset: number;
  from?: Date | null;
  to?: Date | null;
}

/** Refuses a page outside 1..`max` entries, a negative offset, or a period that ends before it begins. */
export function checkPageQuery(query: PageQuery, max: number): void {
  if (query.limit < 1 || query.limit > max) throw new BadInputException('limit', query.limit, `must be 1 to ${max}`);
  if (query.offset < 0) throw new BadInputException('offset', query.offset, 'must not be negative');
  if (query.from && query.to && query.from.getTime() > query.to.getTime()) {
    throw new BadInputException('to', query.to.toISOString(), `must not be before from (${query.from.toISOString()})`);
  }
}
