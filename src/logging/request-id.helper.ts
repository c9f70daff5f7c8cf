import { AsyncLocalStorage } from 'node:async_hooks';

/** The request a line is logged for: set by the request-log middleware, read by every log line. */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

const GOOD_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's X-Request-Id when it is a plain token, else a new one. */
export function requestIdFrom(header: string | string[] | undefined, fresh: () => string): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && GOOD_ID.test(value) ? value : fresh();
}
