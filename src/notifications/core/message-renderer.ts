/**
 * Renders a notification's message from the templates of config/notifications.yaml. Pure: no Nest,
 * no I/O, no clock.
 */
import type { ActivationResult, ResolvedRole } from '../../activation/core/resolve-activation';
import { gradeLabel } from '../../activation/core/resolve-activation';
import type { Severity } from '../../common/core/severity';
import type { NotificationsConfig, TemplatePlaceholder } from '../../config/notifications.config';
import { CommandRole } from '../../roster/core/command-role';

export type MessageKind = 'INITIAL' | 'REMINDER' | 'ESCALATION' | 'RESEND' | 'REPORT_ALERT' | 'DUTY_ALERT';
export const MESSAGE_KINDS: readonly MessageKind[] = [
  'INITIAL',
  'REMINDER',
  'ESCALATION',
  'RESEND',
  'REPORT_ALERT',
  'DUTY_ALERT',
];

/** Every message of an exercise (演练) starts with this mark. */
export const EXERCISE_MARK = '【演练】';

export interface MessageFacts {
  kind: MessageKind;
  /** 0 for the first message, the escalation level otherwise. */
  level: number;
  personName: string;
  /** The roles the person holds in this activation (frozen on the notification). */
  roles: ResolvedRole[];
  incident: {
    title: string;
    incidentTypeName: string;
    severity: Severity;
    location: string | null;
    county: string | null;
    description: string | null;
    occurredAt: Date | null;
    reportedAt: Date;
    /** A drill: every message starts with 【演练】. */
    exercise?: boolean;
  };
  /** The incident's frozen activation. */
  activation: Pick<ActivationResult, 'activated' | 'headquarters' | 'postCode' | 'postName'>;
  ackUrl: string;
  /** Minutes allowed for acknowledgement (reminders and escalations). */
  minutes: number;
  /** The commanders who had not acknowledged (escalations). */
  unacknowledged: string[];
  /** What those are called: 指挥长 when only the post's commanders are waited for, else 须确认人员. */
  waitingRole?: string;
  /** What a reporting-deadline alert (REPORT_ALERT) or a duty office alert (DUTY_ALERT) says. */
  alert?: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
}

const TEMPLATE_OF: Record<MessageKind, keyof NotificationsConfig['templates']> = {
  INITIAL: 'initial',
  REMINDER: 'reminder',
  ESCALATION: 'escalation',
  // The incident's message again (resendToUnconfirmed).
  RESEND: 'initial',
  REPORT_ALERT: 'reportAlert',
  DUTY_ALERT: 'dutyAlert',
};

export function renderMessage(config: NotificationsConfig, facts: MessageFacts): RenderedMessage {
  const values = placeholderValues(config, facts);
  const template = config.templates[TEMPLATE_OF[facts.kind]];
  const subject = fill(template.subject, values).replace(/\s+/g, ' ').trim();
  const text = fill(template.text, values);
  if (!facts.incident.exercise) return { subject, text };
  const mark = (t: string) => (t.startsWith(EXERCISE_MARK) ? t : `${EXERCISE_MARK}${t}`);
  return { subject: mark(subject), text: mark(text) };
}

export function placeholderValues(
  config: NotificationsConfig,
  facts: MessageFacts,
): Record<TemplatePlaceholder, string> {
  const { incident, activation } = facts;
  const place = [incident.county, incident.location].filter((p): p is string => Boolean(p && p.trim())).join(' ');
  return {
    personName: facts.personName,
    title: incident.title,
    incidentTypeName: incident.incidentTypeName,
    grade: gradeLabel(incident.severity),
    location: place || '未报告',
    county: incident.county ?? '未报告',
    occurredAt: incident.occurredAt ? chinaTime(incident.occurredAt) : '未报告',
    reportedAt: chinaTime(incident.reportedAt),
    description: incident.description?.trim() || '暂无',
    roles: facts.roles.map((r) => `${r.bodyName}${r.roleName}${r.acting ? '(代)' : ''}`).join('、') || '无',
    asks: asksOf(config, facts.roles, activation),
    ackUrl: facts.ackUrl,
    postName: activation.postName,
    response: activation.activated
      ? `${activation.postName}启动${activation.headquarters ? '，总指挥部领导启动' : ''}`
      : `${activation.postName}不启动，由事发地县(市、区)负责处置(属地管理)${activation.headquarters ? '，总指挥部领导启动' : ''}`,
    level: String(facts.level),
    minutes: formatMinutes(facts.minutes),
    unacknowledged: facts.unacknowledged.length ? facts.unacknowledged.join('、') : '(席位空缺)',
    waitingRole: facts.waitingRole ?? '指挥长',
    // Short enough for an SMS variable (35 characters): whether the post responds.
    postResponse: activation.activated ? `${activation.postName}启动响应` : `${activation.postName}不启动，属地处置`,
    alert: facts.alert ?? '',
  };
}

/** What is asked of the person: one sentence per role (headquarters, activated post, post below its threshold), each once. */
export function asksOf(
  config: NotificationsConfig,
  roles: ResolvedRole[],
  activation: MessageFacts['activation'],
): string {
  const asks: string[] = [];
  for (const role of roles) {
    const table =
      role.body !== activation.postCode
        ? config.asks.headquarters
        : activation.activated
          ? config.asks.activated
          : config.asks.belowThreshold;
    const ask = table[role.role as CommandRole] ?? config.asks.default;
    if (!asks.includes(ask)) asks.push(ask);
  }
  return (asks.length ? asks : [config.asks.default]).join('；');
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** "2024-06-01 08:00" in China Standard Time (UTC+8, no daylight saving). */
export function chinaTime(instant: Date): string {
  const shifted = new Date(instant.getTime() + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? String(minutes) : String(Math.round(minutes * 100) / 100);
}

/** The message as kept in the database: the token of the acknowledgement link masked. */
export function maskToken(text: string, token: string): string {
  return token ? text.split(token).join('********') : text;
}
