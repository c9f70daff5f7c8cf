import { z } from 'zod';

/**
 * The Chinese cloud SMS and voice providers of config/notifications.yaml (sections providers,
 * sms, voice, budgets, providerTemplates). Endpoints and account data are configuration; the keys
 * (AccessKey, SecretId/SecretKey) come from the environment only (src/config/env.ts).
 */
export const PROVIDERS = ['aliyun', 'tencent'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** The message kinds a provider template exists for. */
export const PROVIDER_MESSAGE_KINDS = ['activation', 'regrade', 'reminder', 'escalation', 'deadlineAlert'] as const;
export type ProviderMessageKind = (typeof PROVIDER_MESSAGE_KINDS)[number];

/** Besides the message placeholders (TEMPLATE_PLACEHOLDERS), a template variable may take the person's reply code. */
export const REPLY_CODE_SOURCE = 'replyCode';

const text = z.string().trim().min(1, 'must not be empty');
const url = z.string().regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be an http:// or https:// URL');
const provider = z.enum(PROVIDERS, { error: (i) => `unknown provider ${JSON.stringify(i.input)}; expected one of ${PROVIDERS.join(', ')}` });
const providerList = z
  .array(provider)
  .min(1)
  .refine((l) => new Set(l).size === l.length, 'lists a provider twice');
const code = z.union([z.string().trim().min(1), z.number().int().nonnegative().transform(String)]);

const budget = z.strictObject({
  /** One identical message (same template and values) per number within this many seconds. */
  identicalSeconds: z.number().int().min(0).max(3600),
  perHour: z.number().int().positive(),
  perDay: z.number().int().positive(),
});

const variables = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a template variable name holds letters, digits and _'),
    text,
  )
  .refine((v) => Object.keys(v).length > 0, 'must name at least one variable');

const providerTemplate = z.strictObject({
  /** Template code per provider (Alibaba Cloud TemplateCode / TtsCode, Tencent Cloud TemplateId). */
  sms: z.partialRecord(provider, code),
  voice: z.partialRecord(provider, code).optional(),
  /** Provider variable name → what fills it. Tencent takes the values in this order ({1}, {2} …). */
  variables,
  /** The approved SMS text, ${variable} as in the provider's console: shown in the log and the console. */
  text,
  /** The approved text-to-speech text of the voice template. */
  voiceText: text.optional(),
});

export const providersSectionSchema = z.strictObject({
  timeoutMs: z.number().int().positive().max(60000),
  aliyun: z
    .strictObject({
      smsEndpoint: url,
      voiceEndpoint: url,
      regionId: text,
      signName: text,
      /** The number shown to the callee of a voice call (bought in the console); empty: the provider's public number. */
      calledShowNumber: z.string().default(''),
    })
    .optional(),
  tencent: z
    .strictObject({
      smsEndpoint: url,
      voiceEndpoint: url,
      region: text,
      smsSdkAppId: code,
      voiceSdkAppId: code,
      signName: text,
    })
    .optional(),
});

export const smsSectionSchema = z.strictObject({
  /** Tried in this order: the next takes over when one refuses, throttles or does not answer in time. */
  providers: providerList,
  /** Template variables are cut to this many characters (the providers refuse longer ones). */
  maxVariableLength: z.number().int().positive().max(500),
});

export const voiceSectionSchema = z.strictObject({
  providers: providerList,
  /** How often the message is read out in one call. */
  playTimes: z.number().int().min(1).max(3),
});

export const budgetsSectionSchema = z.strictObject({
  sms: z.partialRecord(provider, budget),
  voice: z.partialRecord(provider, budget),
  /** A message held back for less than this waits (the job retries); longer, it goes on to the next contact method. */
  maxWaitSeconds: z.number().int().min(0).max(3600),
  /** Numbers without limits (the duty office's own, numbers whose limits the provider lifted). */
  exempt: z.array(z.union([z.string(), z.number().transform(String)])).default([]),
});

export const providerTemplatesSchema = z.strictObject(
  Object.fromEntries(PROVIDER_MESSAGE_KINDS.map((k) => [k, providerTemplate])) as Record<ProviderMessageKind, typeof providerTemplate>,
);

export type ProvidersSection = z.infer<typeof providersSectionSchema>;
export type SmsSection = z.infer<typeof smsSectionSchema>;
export type VoiceSection = z.infer<typeof voiceSectionSchema>;
export type BudgetsSection = z.infer<typeof budgetsSectionSchema>;
export type ProviderTemplate = z.infer<typeof providerTemplate>;
export type ProviderTemplates = z.infer<typeof providerTemplatesSchema>;
export type SendBudget = z.infer<typeof budget>;

/** Placeholders ${name} of an approved text that the template does not define. */
export function undefinedTemplateVariables(template: ProviderTemplate): string[] {
  const defined = new Set(Object.keys(template.variables));
  const texts = [template.text, template.voiceText ?? ''];
  return [...new Set(texts.flatMap((t) => [...t.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1])))].filter((n) => !defined.has(n));
}

/** The sections as they sit in config/notifications.yaml (all optional: without them sms and voice cannot be used). */
export const providerSections = {
  providers: providersSectionSchema.optional(),
  sms: smsSectionSchema.optional(),
  voice: voiceSectionSchema.optional(),
  budgets: budgetsSectionSchema.optional(),
  providerTemplates: providerTemplatesSchema.optional(),
};

interface WithProviderSections {
  channels: Record<string, { channel: string }>;
  fallbackChannel: string;
  providers?: ProvidersSection;
  sms?: SmsSection;
  voice?: VoiceSection;
  budgets?: BudgetsSection;
  providerTemplates?: ProviderTemplates;
}

/**
 * What the schema cannot say alone: a channel sms/voice in use needs its section, each provider
 * listed needs its account data and a template code for every message kind, and the template
 * variables are known values.
 */
export function checkProviderSections(
  config: WithProviderSections,
  placeholders: readonly string[],
  where: (path: Array<string | number>) => string,
): string[] {
  const problems: string[] = [];
  const used = new Set([config.fallbackChannel, ...Object.values(config.channels).map((c) => c.channel)]);
  const known = new Set<string>([...placeholders, REPLY_CODE_SOURCE]);
  for (const channel of ['sms', 'voice'] as const) {
    const section = config[channel];
    if (used.has(channel) && !section) problems.push(`${where([])}: channel ${channel} is used but section ${channel} is missing`);
    if (!section) continue;
    for (const name of section.providers) {
      if (!config.providers?.[name]) problems.push(`${where([channel, 'providers'])}: provider ${name} has no section providers.${name}`);
      if (!config.budgets?.[channel][name]) problems.push(`${where([channel, 'providers'])}: provider ${name} has no budgets.${channel}.${name}`);
      for (const kind of PROVIDER_MESSAGE_KINDS) {
        const codes = config.providerTemplates?.[kind]?.[channel];
        if (!codes?.[name]) problems.push(`${where(['providerTemplates', kind])}: no ${channel} template code for provider ${name}`);
      }
    }
  }
  for (const kind of PROVIDER_MESSAGE_KINDS) {
    const template = config.providerTemplates?.[kind];
    if (!template) continue;
    for (const [variable, source] of Object.entries(template.variables)) {
      if (!known.has(source)) problems.push(`${where(['providerTemplates', kind, 'variables', variable])}: unknown value ${JSON.stringify(source)}; expected one of ${[...known].join(', ')}`);
    }
    for (const missing of undefinedTemplateVariables(template)) {
      problems.push(`${where(['providerTemplates', kind])}: the text uses \${${missing}} but variables does not define it`);
    }
    if (template.voice && !template.voiceText) problems.push(`${where(['providerTemplates', kind])}: voice template codes need voiceText`);
  }
  return problems;
}

/** The environment a provider in use needs (never the values in a message). */
export interface ProviderSecrets {
  ALIBABA_CLOUD_ACCESS_KEY_ID?: string;
  ALIBABA_CLOUD_ACCESS_KEY_SECRET?: string;
  TENCENTCLOUD_SECRET_ID?: string;
  TENCENTCLOUD_SECRET_KEY?: string;
  PROVIDER_CALLBACK_TOKEN?: string;
}

const SECRETS_OF: Record<Provider, Array<keyof ProviderSecrets>> = {
  aliyun: ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
  tencent: ['TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY'],
};

/** Problems (one per missing variable) when channel sms or voice is in use: checked at boot. */
export function checkProviderSecrets(env: ProviderSecrets, config: WithProviderSections): string[] {
  const used = new Set([config.fallbackChannel, ...Object.values(config.channels).map((c) => c.channel)]);
  const needed = new Map<keyof ProviderSecrets, string>();
  for (const channel of ['sms', 'voice'] as const) {
    if (!used.has(channel) || !config[channel]) continue;
    for (const name of config[channel].providers) for (const key of SECRETS_OF[name]) needed.set(key, `provider ${name} of channel ${channel}`);
    needed.set('PROVIDER_CALLBACK_TOKEN', `the receipt and reply callbacks of channel ${channel}`);
  }
  return [...needed].filter(([key]) => !env[key]).map(([key, why]) => `${key}: is required by ${why}`);
}
