import { z } from 'zod';
import { SEVERITIES, Severity } from '../common/core/severity';
import { COMMAND_ROLES, CommandRole, RECIPIENT_ROLES } from '../roster/core/command-role';
import { CONTACT_KINDS, ContactKind } from '../contacts/entities/contact-method.entity';
import { ConfigFileError, PathSegment, YamlSource } from './yaml-file.reader';
import { checkProviderSections, providerSections } from './providers.config';

/** The delivery channels a contact kind can be mapped to (src/notifications/channels). */
export const CHANNEL_NAMES = ['log', 'webhook', 'email', 'sms', 'voice', 'dingtalk'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** The placeholders a message template may use (src/notifications/message-renderer.ts fills them). */
export const TEMPLATE_PLACEHOLDERS = [
  'personName',
  'title',
  'incidentTypeName',
  'grade',
  'location',
  'county',
  'occurredAt',
  'reportedAt',
  'description',
  'roles',
  'asks',
  'ackUrl',
  'postName',
  'response',
  'level',
  'minutes',
  'unacknowledged',
  'waitingRole',
  'postResponse',
  'alert',
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

const text = z.string().trim().min(1, 'must not be empty');
const channel = z.enum(CHANNEL_NAMES, {
  error: (issue) => `unknown channel ${JSON.stringify(issue.input)}; expected one of ${CHANNEL_NAMES.join(', ')}`,
});
const role = z.enum(COMMAND_ROLES as [CommandRole, ...CommandRole[]], {
  error: (issue) => `unknown role ${JSON.stringify(issue.input)}; expected one of ${COMMAND_ROLES.join(', ')}`,
});
const positiveInt = z.number().int().positive();
const template = z.strictObject({ subject: text, text });
/** What is asked per role a recipient holds: the seat roles and LEADER_ON_DUTY (带班领导). */
const askRole = z.enum(RECIPIENT_ROLES as [CommandRole, ...CommandRole[]], {
  error: (issue) => `unknown role ${JSON.stringify(issue.input)}; expected one of ${RECIPIENT_ROLES.join(', ')}`,
});
const asksOf = z.partialRecord(askRole, text);

const channelRoute = z.strictObject({
  channel,
  /** For webhook: the gateway URL; without it the contact's value is the URL. */
  url: z
    .string()
    .regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL')
    .optional(),
});

/** config/notifications.yaml (see the comments in the file). */
export const notificationsConfigSchema = z.strictObject({
  channels: z.strictObject(
    Object.fromEntries(CONTACT_KINDS.map((kind) => [kind, channelRoute])) as Record<ContactKind, typeof channelRoute>,
  ),
  fallbackChannel: channel,
  webhook: z.strictObject({ timeoutMs: positiveInt }),
  email: z.strictObject({ from: text, timeoutMs: positiveInt }),
  delivery: z.strictObject({
    attempts: positiveInt.max(50),
    backoffMs: positiveInt,
    jitter: z.number().min(0).max(1),
    concurrency: positiveInt.max(1000),
    lockDurationMs: positiveInt.min(500),
    stalledIntervalMs: positiveInt.min(200),
    keepCompletedHours: z.number().positive(),
    keepFailedDays: z.number().positive(),
  }),
  relay: z.strictObject({
    intervalMs: positiveInt.min(50),
    batchSize: positiveInt.max(10000),
    reconcileAfterMs: positiveInt.min(500),
  }),
  escalation: z.strictObject({
    /** Minutes per grade; fractions allowed (tests use a few seconds). */
    minutes: z.strictObject(
      Object.fromEntries(SEVERITIES.map((s) => [s, z.number().positive()])) as Record<Severity, z.ZodNumber>,
    ),
    maxLevels: z.number().int().min(0).max(20),
    nextLevel: z.array(z.strictObject({ body: text, role })).min(1),
  }),
  asks: z.strictObject({
    headquarters: asksOf,
    activated: asksOf,
    belowThreshold: asksOf,
    default: text,
  }),
  templates: z.strictObject({
    initial: template,
    reminder: template,
    escalation: template,
    reportAlert: template,
    dutyAlert: template,
  }),
  ...providerSections,
});
export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
export type MessageTemplate = z.infer<typeof template>;

/** Reads and checks config/notifications.yaml; every problem names the line and the field. */
export function readNotificationsConfig(path: string): NotificationsConfig {
  const source = YamlSource.read(path);
  const config = source.parse(notificationsConfigSchema);
  const problems: string[] = [];
  for (const [name, tpl] of Object.entries(config.templates)) {
    for (const part of ['subject', 'text'] as const) {
      for (const unknown of unknownPlaceholders(tpl[part])) {
        const where: PathSegment[] = ['templates', name, part];
        problems.push(
          `${source.where(where)}: unknown placeholder {${unknown}}; use ${TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
        );
      }
    }
  }
  problems.push(...checkProviderSections(config, TEMPLATE_PLACEHOLDERS, (path) => source.where(path)));
  if (problems.length > 0) throw new ConfigFileError(source.file, problems);
  return config;
}

export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  return [...template.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]).filter((name) => !known.has(name));
}
