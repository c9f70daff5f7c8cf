import { resolve } from 'node:path';
import { z } from 'zod';
import { securityEnvShape } from './security-env.schema';

/**
 * The process environment, validated once at boot. Every variable is optional; the defaults
 * give the embedded quick start (SQLite file, local Redis, the Jincheng roster from config/).
 */
const envSchema = z
  .object({
    /** Production unless told otherwise: no stack traces, no schema hints in errors, no explorer. */
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DB_TYPE: z.enum(['sqlite', 'postgres']).default('sqlite'),
    DB_PATH: z.string().min(1).default('./data/emergency.sqlite'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/test')
      .refine((v) => URL.canParse(v), 'is not a valid URL (user:password@host:port/database)')
      .optional(),
    /** Postgres schema to work in (tests give each suite its own). */
    DB_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .refine((v) => URL.canParse(v), 'is not a valid URL (redis://:password@host:port/db)')
      .default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'may hold letters, digits, _ . - only')
      .default('emergency'),
    ADMIN_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Where the first start writes the secret of the admin key it creates (mode 0600) [first-start-admin-key beside DB_PATH]. */
    ADMIN_KEY_FILE: z.string().min(1).optional(),
    CONFIG_DIR: z.string().min(1).default('./config'),
    /** The roster loaded into an empty database on first start, relative to CONFIG_DIR. */
    ROSTER_FILE: z.string().min(1).default('roster/jincheng-2019.yaml'),
    /** Set to "off" to skip loading the roster into an empty database. */
    ROSTER_AUTOLOAD: z.enum(['on', 'off']).default('on'),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
    /** json: one JSON object per line (for log collectors); pretty: for a terminal [pretty on a terminal, else json]. */
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    /** How long start-up waits for the database and Redis, retrying with backoff, before it gives up (seconds). */
    BOOT_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** Notification workers in this process: "off" on API nodes when separate `node dist/worker.js` processes deliver. */
    WORKERS: z.enum(['on', 'off']).default('on'),
    /**
     * The outbox relay in this process: "off" on API nodes (WORKERS=off) to leave it to the worker processes,
     * which this process then tells through Redis when it wrote sends to hand over. [off on an API node on
     * Postgres (WORKERS=off, DB_TYPE=postgres), else on: see relayByDefault()]
     */
    RELAY: z.enum(['on', 'off']).optional(),
    /** The notification settings and templates, relative to CONFIG_DIR. */
    NOTIFICATIONS_FILE: z.string().min(1).default('notifications.yaml'),
    /** Who must confirm an incident, per post and grade, relative to CONFIG_DIR. */
    CONFIRMATION_POLICIES_FILE: z.string().min(1).default('confirmation-policies.yaml'),
    /** Reporting deadlines (首报/续报/终报) and their alerts, relative to CONFIG_DIR. */
    REPORTING_FILE: z.string().min(1).default('reporting.yaml'),
    /** Key of the HMAC-SHA256 signature sent with every webhook delivery (header X-Signature). */
    WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** The signing secret (加签, SEC…) of the DingTalk robot of channel dingtalk. */
    DINGTALK_ROBOT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** SMTP server of the email channel, e.g. smtp://user:password@mail.example.gov.cn:587 (smtps:// for TLS). */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/]/, 'must be an smtp:// or smtps:// URL')
      .optional(),
    /** The built console (index.html, assets/) served at / [dist/web beside the server]. */
    CONSOLE_DIR: z.string().min(1).optional(),
    /** How long a console sign-in lasts (hours) before the person signs in again [12, one duty shift]. */
    SESSION_TTL_HOURS: z.coerce.number().min(0.01).max(720).default(12),
    /** Where this service is reached from outside, for the acknowledgement links in messages [http://localhost:$PORT]. */
    PUBLIC_BASE_URL: z
      .string()
      .regex(/^https?:\/\/[^/\s]+(\/[^\s]*)?$/, 'must be an http:// or https:// URL, e.g. https://yingji.jcs.gov.cn')
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    ...securityEnvShape,
    /** Alibaba Cloud AccessKey of the sms/voice providers "aliyun" (a RAM user allowed dysms and dyvms only). */
    ALIBABA_CLOUD_ACCESS_KEY_ID: z.string().regex(/^[A-Za-z0-9]{8,64}$/, 'must be an AccessKey ID (letters and digits)').optional(),
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Tencent Cloud API key of the sms/voice providers "tencent" (a sub-user allowed sms and vms only). */
    TENCENTCLOUD_SECRET_ID: z.string().regex(/^[A-Za-z0-9]{16,128}$/, 'must be a SecretId (letters and digits)').optional(),
    TENCENTCLOUD_SECRET_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Shared secret in the URLs of the provider callbacks (receipts, replies, calls): /providers/<provider>/<kind>/<token>. */
    PROVIDER_CALLBACK_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{24,128}$/, 'must be 24-128 characters of A-Z a-z 0-9 _ -').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.DB_TYPE === 'postgres' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when DB_TYPE=postgres' });
    }
    if (env.RELAY === 'off' && env.WORKERS === 'on') {
      ctx.addIssue({
        code: 'custom',
        path: ['RELAY'],
        message: 'needs WORKERS=off (WORKERS is "on", and a process that delivers relays too)',
      });
    }
  })
  .transform((env) => ({ ...env, RELAY: env.RELAY ?? relayByDefault(env) }));

/**
 * Where RELAY is not set. An API node on Postgres whose deliveries run in worker processes (WORKERS=off)
 * leaves the hand-over to them: the relay was about a third of such a node's event loop under intake load
 * (README, "Benchmark"), and the workers relay anyway. Everywhere else the process relays: one with workers
 * in it must, and on SQLite separate workers' relay writes would contend with the API's for the one write lock.
 */
function relayByDefault(env: { WORKERS: 'on' | 'off'; DB_TYPE: string }): 'on' | 'off' {
  return env.WORKERS === 'off' && env.DB_TYPE === 'postgres' ? 'off' : 'on';
}

export type Env = z.infer<typeof envSchema>;

/** Variables whose value is never repeated in an error message. */
const SECRET_VARIABLES = new Set([
  'ADMIN_API_KEY',
  'WEBHOOK_SECRET',
  'DINGTALK_ROBOT_SECRET',
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'TENCENTCLOUD_SECRET_ID',
  'TENCENTCLOUD_SECRET_KEY',
  'PROVIDER_CALLBACK_TOKEN',
]);

export class EnvValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvValidationError';
  }
}

/** Parses and validates the environment; throws one error listing every bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const input: Record<string, string> = {};
  const blank: string[] = [];
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined || value === '') continue;
    // Spaces alone are a slip, not a value: a number would read them as 0 (PORT=" " a random port).
    if (value.trim() === '' && KNOWN_VARIABLES.has(key)) blank.push(key);
    else input[key] = value;
  }
  const result = envSchema.safeParse(input);
  const problems = blank.map(
    (name) => `${name}=${JSON.stringify(source[name])}: is only spaces; set a value or leave it unset for the default`,
  );
  if (!result.success) {
    problems.push(
      ...result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const value = SECRET_VARIABLES.has(name) ? undefined : input[name];
        return `${name}${value === undefined ? '' : `=${JSON.stringify(value.includes('://') ? redactUrl(value) : value)}`}: ${issue.message}`;
      }),
    );
  }
  if (problems.length > 0 || !result.success) throw new EnvValidationError(problems);
  return result.data;
}

const KNOWN_VARIABLES = new Set(Object.keys(envSchema.in.shape));

/**
 * A URL without its password (*** in its place), for messages and logs: DATABASE_URL, REDIS_URL, SMTP_URL.
 * One that does not parse (a refused value is still repeated) is masked by its text.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/i, '$1:***@');
  }
}

export function configPath(env: Env, file: string): string {
  return resolve(env.CONFIG_DIR, file);
}
