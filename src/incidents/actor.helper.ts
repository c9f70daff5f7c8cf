import { principalOf } from '../auth/principal.types';
import type { RequestContext } from '../common/request-context.helper';

/**
 * Who makes a change, as recorded on incident events: the name of the API key the request was
 * authenticated with (ADMIN_API_KEY for the bootstrap key), or null for a request without a
 * principal. The one place that decides it.
 */
export function actorOf(context: RequestContext | undefined): string | null {
  const principal = principalOf(context);
  return principal ? principal.keyName.slice(0, 128) : null;
}
