import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * One HTTP request's scope, set by the request-log middleware around everything after it: the id
 * stamped on every line logged meanwhile, and what the request's own writes already hold.
 */
export interface RequestScope {
  requestId: string;
  /** Rows this request wrote and committed, by key, for a field of its answer that would read them back. */
  held?: Map<string, unknown>;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** Keeps `value` under `key` for the rest of the current request (nothing outside a request). */
export function holdForRequest(key: string, value: unknown): void {
  const scope = requestScope.getStore();
  if (!scope) return;
  (scope.held ??= new Map()).set(key, value);
}

/** What the current request holds under `key`, if anything. */
export function heldForRequest<T>(key: string): T | undefined {
  return requestScope.getStore()?.held?.get(key) as T | undefined;
}
