const KNOWN = new Set(['graphql', 'health', 'metrics', 'auth', 'ack', 'admin', 'reports', 'calendar', 'providers']);

/**
 * A low-cardinality route label for request metrics: the first path segment when it is one of the service's
 * own prefixes (/ack/<token> → /ack, never the token), `static` for the console's files, `other` otherwise.
 */
export function routeLabel(path: string): string {
  const first = path.split('?')[0].split('/').filter(Boolean)[0] ?? '';
  if (KNOWN.has(first)) return `/${first}`;
  if (first === '' || first === 'assets' || /\.(js|css|html|svg|png|ico|woff2?)$/.test(path)) return 'static';
  return 'other';
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A GraphQL operation name fit for a label: client-chosen, so anything odd or past the cap becomes `other`. */
export class OperationNames {
  private readonly seen = new Set<string>();

  constructor(private readonly cap = 200) {}

  label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!NAME.test(name)) return 'other';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.cap) return 'other';
    this.seen.add(name);
    return name;
  }
}
