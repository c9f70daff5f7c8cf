/** The request a line is logged for: set by the request-log middleware, read by every log line. */
export { requestScope } from '../common/request-scope.helper';

const GOOD_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's X-Request-Id when it is a plain token, else a new one. */
export function requestIdFrom(header: string | string[] | undefined, fresh: () => string): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && GOOD_ID.test(value) ? value : fresh();
}
