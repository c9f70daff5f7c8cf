import DataLoader from 'dataloader';

/**
 * The GraphQL context of one request. DataLoaders live here, created on first use, so that
 * batching and caching never outlive the request (conventions: no N+1, per-request loaders).
 * `principal` is filled by the auth guard.
 */
export interface RequestContext {
  req: { headers: Record<string, string | string[] | undefined>; principal?: unknown } & Record<string, unknown>;
  loaders: Map<string, DataLoader<unknown, unknown>>;
}

export function createRequestContext({ req }: { req: RequestContext['req'] }): RequestContext {
  return { req, loaders: new Map() };
}

/** The request's loader for `name`, made by `create` the first time it is asked for. */
export function loader<K, V>(context: RequestContext, name: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
  let found = context.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!found) {
    found = create();
    context.loaders.set(name, found as DataLoader<unknown, unknown>);
  }
  return found;
}
