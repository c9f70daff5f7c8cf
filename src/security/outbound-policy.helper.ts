import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhook, DingTalk and SMTP deliveries may connect (OUTBOUND_ALLOW, OUTBOUND_ALLOW_ONLY_LISTED).
 * A target host is resolved and every address it resolves to is checked, in the lookup of the very
 * connection that is made (so a name cannot resolve to one address for the check and another for
 * the connection):
 *   - loopback, link-local, private, carrier-grade NAT, multicast and reserved addresses are refused
 *     unless an IP or network entry covers them, or the host is listed by its exact name;
 *   - with OUTBOUND_ALLOW_ONLY_LISTED=on (the default) every other target must be listed too: by
 *     exact name, by a wildcard `*.example.gov.cn` (the domain's subdomains), or by IP or network.
 */
export interface OutboundPolicySettings {
  allow: readonly string[];
  onlyListed: boolean;
}

export type OutboundVerdict = { allowed: true } | { allowed: false; reason: string };

const SPECIAL_V4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const SPECIAL_V6: Array<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
];

function specialRanges(): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of SPECIAL_V4) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of SPECIAL_V6) list.addSubnet(net, prefix, 'ipv6');
  return list;
}
const SPECIAL = specialRanges();

const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

type Entry =
  | { kind: 'name'; name: string }
  | { kind: 'wildcard'; suffix: string }
  | { kind: 'network'; address: string; prefix: number; family: 'ipv4' | 'ipv6' };

/** One OUTBOUND_ALLOW entry, or the reason it is not one (the boot message names the entry). */
export function parseOutboundEntry(raw: string): Entry | { error: string } {
  const entry = raw.trim().toLowerCase().replace(/\.$/, '');
  const slash = entry.indexOf('/');
  if (slash >= 0) {
    const address = entry.slice(0, slash);
    const prefixText = entry.slice(slash + 1);
    const version = isIP(address);
    const max = version === 6 ? 128 : 32;
    if (!version) return { error: `"${raw}" is not a network: ${address} is not an IP address` };
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max)
      return { error: `"${raw}" is not a network: the prefix must be 0-${max}` };
    return { kind: 'network', address, prefix: Number(prefixText), family: version === 6 ? 'ipv6' : 'ipv4' };
  }
  const version = isIP(entry.replace(/^\[(.*)\]$/, '$1'));
  if (version) {
    const address = entry.replace(/^\[(.*)\]$/, '$1');
    return { kind: 'network', address, prefix: version === 6 ? 128 : 32, family: version === 6 ? 'ipv6' : 'ipv4' };
  }
  if (entry.startsWith('*.')) {
    const suffix = entry.slice(2);
    if (!HOST_NAME.test(suffix) || !suffix.includes('.'))
      return { error: `"${raw}" is not a wildcard host: write *.example.gov.cn` };
    return { kind: 'wildcard', suffix };
  }
  if (!HOST_NAME.test(entry))
    return { error: `"${raw}" is neither a host name, an IP address nor a network (10.8.0.0/16)` };
  return { kind: 'name', name: entry };
}

/** Why the entries cannot be used (empty when all are fine): for the environment check at boot. */
export function outboundAllowErrors(entries: readonly string[]): string[] {
  return entries.map(parseOutboundEntry).flatMap((e) => ('error' in e ? [e.error] : []));
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

export class OutboundPolicy {
  private readonly names = new Set<string>();
  private readonly wildcards: string[] = [];
  private readonly networks = new BlockList();

  constructor(private readonly settings: OutboundPolicySettings) {
    for (const raw of settings.allow) {
      const entry = parseOutboundEntry(raw);
      if ('error' in entry) throw new Error(`OUTBOUND_ALLOW: ${entry.error}`);
      if (entry.kind === 'name') this.names.add(entry.name);
      else if (entry.kind === 'wildcard') this.wildcards.push(entry.suffix);
      else if (entry.prefix === (entry.family === 'ipv6' ? 128 : 32))
        this.networks.addAddress(entry.address, entry.family);
      else this.networks.addSubnet(entry.address, entry.prefix, entry.family);
    }
  }

  /** May a connection to `host` go to `address` (one of the addresses it resolved to)? */
  decide(host: string, address: string): OutboundVerdict {
    const name = host
      .toLowerCase()
      .replace(/\.$/, '')
      .replace(/^\[(.*)\]$/, '$1');
    const exact = this.names.has(name);
    const byName = exact || this.wildcards.some((s) => name.endsWith(`.${s}`));
    const family = familyOf(address);
    const byAddress = this.networks.check(address, family);
    if (SPECIAL.check(address, family) && !byAddress && !exact)
      return {
        allowed: false,
        reason: `resolves to a loopback, link-local or private address not listed in OUTBOUND_ALLOW`,
      };
    if (this.settings.onlyListed && !byName && !byAddress)
      return { allowed: false, reason: 'the host is not listed in OUTBOUND_ALLOW' };
    return { allowed: true };
  }

  /**
   * A `lookup` for net/http/tls connections that resolves as dns.lookup does and refuses (error code
   * EDESTINATION) a host any of whose addresses the policy refuses.
   */
  readonly lookup = (
    hostname: string,
    options: { family?: number | string; all?: boolean; hints?: number },
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(
      hostname,
      { family: options.family as 4 | 6 | 0 | undefined, hints: options.hints, all: true },
      (error, addresses) => {
        if (error) return callback(error, '', 0);
        for (const a of addresses) {
          const verdict = this.decide(hostname, a.address);
          if (!verdict.allowed) return callback(destinationError(verdict.reason), '', 0);
        }
        if (options.all) return callback(null, addresses);
        const first = addresses[0];
        if (!first) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), '', 0);
        callback(null, first.address, first.family);
      },
    );
  };

  /** Resolves and checks a host (an IP literal is checked as it is); the address to connect to. */
  async resolve(host: string): Promise<string> {
    const literal = host.replace(/^\[(.*)\]$/, '$1');
    if (isIP(literal)) {
      const verdict = this.decide(host, literal);
      if (!verdict.allowed) throw destinationError(verdict.reason);
      return literal;
    }
    return new Promise((resolve, reject) =>
      this.lookup(host, { all: false }, (error, address) => (error ? reject(error) : resolve(address as string))),
    );
  }

  /** Checks an IP-literal host (connections to one never call lookup); names are checked at lookup. */
  checkLiteral(host: string): void {
    const literal = host.replace(/^\[(.*)\]$/, '$1');
    if (!isIP(literal)) return;
    const verdict = this.decide(host, literal);
    if (!verdict.allowed) throw destinationError(verdict.reason);
  }
}

export function destinationError(reason: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`destination not allowed: ${reason}`), { code: 'EDESTINATION' });
}

const policies = new WeakMap<object, OutboundPolicy>();

/** The policy of an environment (built once per environment object). */
export function outboundPolicyOf(env: {
  OUTBOUND_ALLOW?: readonly string[];
  OUTBOUND_ALLOW_ONLY_LISTED?: 'on' | 'off';
}): OutboundPolicy {
  let policy = policies.get(env);
  if (!policy) {
    policy = new OutboundPolicy({
      allow: env.OUTBOUND_ALLOW ?? [],
      onlyListed: (env.OUTBOUND_ALLOW_ONLY_LISTED ?? 'on') === 'on',
    });
    policies.set(env, policy);
  }
  return policy;
}
