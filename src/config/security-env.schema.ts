import { z } from 'zod';
import { outboundAllowErrors } from '../security/outbound-policy.helper';

const count = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * The hardening knobs (README: "Limits"), merged into the environment schema (env.ts). Defaults
 * are safe for a production intranet; every limit can be raised, none switched off by accident.
 */
export const securityEnvShape = {
  /** GraphQL document bounds, checked before execution (QUERY_TOO_COMPLEX). */
  GRAPHQL_MAX_TOKENS: count(100, 100_000, 3000),
  GRAPHQL_MAX_DEPTH: count(2, 50, 8),
  GRAPHQL_MAX_ALIASES: count(0, 1000, 15),
  GRAPHQL_MAX_ROOT_FIELDS: count(1, 200, 10),
  GRAPHQL_MAX_COST: count(10, 10_000_000, 6000),
  /** Requests per minute per API key and per client address (0: no limit); 429 with Retry-After beyond. */
  RATE_LIMIT_PER_KEY: count(0, 1_000_000, 1200),
  RATE_LIMIT_PER_IP: count(0, 1_000_000, 3000),
  /** Failed authentications per client address in 5 minutes before it is refused for 5 minutes. */
  AUTH_FAILURES_PER_IP: count(1, 1_000_000, 30),
  /** Acknowledgement-page requests per client address per minute, and unknown tokens per 10 minutes. */
  ACK_REQUESTS_PER_IP: count(1, 1_000_000, 60),
  ACK_UNKNOWN_PER_IP: count(1, 1_000_000, 10),
  /** Days an acknowledgement link keeps working after its incident closed (open incidents: always). */
  ACK_LINK_DAYS_AFTER_CLOSE: count(0, 365, 3),
  /**
   * Where webhook, DingTalk and SMTP deliveries may connect (comma-separated: host names, `*.domain`
   * wildcards, IPs, CIDRs such as 10.8.0.0/16). Loopback, link-local and private addresses are refused
   * unless an IP/network entry or the exact host name lists them; with OUTBOUND_ALLOW_ONLY_LISTED=on
   * (the default) every target must be listed (src/security/outbound-policy.ts).
   */
  OUTBOUND_ALLOW: z
    .string()
    .optional()
    .transform((value) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean))
    .superRefine((entries, ctx) => {
      for (const message of outboundAllowErrors(entries)) ctx.addIssue({ code: 'custom', message });
    }),
  OUTBOUND_ALLOW_ONLY_LISTED: z.enum(['on', 'off']).default('on'),
  /** graphql-ws: milliseconds to send connection_init with a valid key; sockets per key; keep-alive ping interval. */
  WS_AUTH_TIMEOUT_MS: count(100, 60_000, 3000),
  WS_MAX_SOCKETS_PER_KEY: count(1, 100_000, 20),
  WS_KEEPALIVE_MS: count(1000, 600_000, 15_000),
  /**
   * SQLite: milliseconds one attempt waits for the write lock (the wait blocks the event loop, so 1 ms:
   * at 5 ms a worker process on the same file held the API up so often that deliveries fell seconds
   * behind in `npm run bench`); how long another process's lock may keep a write from beginning (async
   * retries) before UNAVAILABLE, short so that the refusal comes within a second; how long a write may
   * queue behind this process's own writes.
   */
  SQLITE_BUSY_TIMEOUT_MS: count(0, 10_000, 1),
  SQLITE_LOCK_WAIT_MS: count(0, 120_000, 500),
  SQLITE_QUEUE_WAIT_MS: count(0, 120_000, 5000),
  /**
   * Postgres: milliseconds a statement waits for a row or table lock another session holds (lock_timeout of
   * every pooled connection) before the write is refused with UNAVAILABLE; never unbounded.
   */
  PG_LOCK_TIMEOUT_MS: count(1, 600_000, 3000),
  /**
   * Postgres: the hot path's INSERTs as named prepared statements (parsed once per connection). `off` behind
   * a connection pooler in transaction mode that does not keep prepared statements (PgBouncer before 1.21,
   * or without max_prepared_statements).
   */
  PG_PREPARED_STATEMENTS: z.enum(['on', 'off']).default('on'),
};
