/**
 * Decides, for an incident type and grade at an instant, whether the responsible command post takes
 * command, whether the headquarters' leadership is activated, and exactly who must be told.
 *
 * A pure function of (roster view, rules, type, grade, instant): no Nest, no database, no clock.
 * Its result is plain JSON-safe data, so that an incident can freeze it as it was resolved.
 *
 * The rules (config/activation-rules.yaml, domain.md "Who is told"):
 *   - The type's post commands from its threshold (e.g. 较大及以上 → III and above).
 *   - Post activated: its commanders, deputy commanders and office directors are told.
 *   - Below the threshold the county leads (属地管理); the post's office directors are still told.
 *   - Always: the director(s) of the headquarters office.
 *   - From grade I: the headquarters leadership (总指挥, 常务副总指挥); `headquarters` is true.
 *   - One recipient per person, with every role they hold in this activation.
 *   - A seat that should be told but is vacant at the instant is listed under `vacancies`, so that
 *     it is escalated instead of silently dropped.
 */
import { DomainException } from '../../common/domain.exception';
import { atLeast, Severity, SEVERITY_NAMES } from '../../common/core/severity';
import type { ActivationRules, IncidentTypeDef } from '../../config/rules.config';
import { CommandRole, roleLabel } from '../../roster/core/command-role';
import type { RosterView } from '../../roster/core/roster-view';
import { assertEstablished, type BodyRecord, type SeatAt } from '../../roster/core/roster-records';
import type { LeaderOnDutyResult } from '../../duty/core/leader-on-duty';

/** Why a body's seats are in the activation. */
export type ActivationRuleKind = 'POST_ACTIVATED' | 'POST_BELOW_THRESHOLD' | 'ALWAYS' | 'HEADQUARTERS';

/** One role a recipient holds in this activation. */
export interface ResolvedRole {
  /** HQ or a post code. */
  body: string;
  bodyName: string;
  role: CommandRole;
  /** 总指挥, 指挥长, 副指挥长, 办公室主任 … as the body names the role. */
  roleName: string;
  /** The title the seat is listed under. */
  title: string;
  acting: boolean;
}

export interface ResolvedRecipient {
  personId: string;
  personName: string;
  personAliases: string[];
  roles: ResolvedRole[];
}

/** A seat that is to be told but has no holder at the instant: to be escalated. */
export interface VacantSeatResult {
  body: string;
  bodyName: string;
  role: CommandRole;
  roleName: string;
  title: string;
}

/** A rule that applied, with the words of the source it comes from. */
export interface RuleCitation {
  rule: ActivationRuleKind;
  /** The body whose seats the rule adds. */
  body: string;
  bodyName: string;
  roles: CommandRole[];
  /** The sentence of the source document the rule quotes, verbatim. */
  source: string;
  /** The interpretation the rule also rests on (config/activation-rules.yaml `decision`), or null. Not a quote. */
  decision: string | null;
  documentRef: string;
}

export interface ActivationResult {
  incidentType: string;
  severity: Severity;
  /** The instant the roster was read at (ISO-8601). */
  asOf: string;
  /** The roster revision the activation was resolved against. */
  rosterRevision: number;
  /** True when the municipal post takes command. */
  activated: boolean;
  /** The post responsible for the type, also when it is not activated. */
  postCode: string;
  postName: string;
  /** The lowest grade for which the post takes command. */
  commandThreshold: Severity;
  /** True when the headquarters' leadership is activated as well. */
  headquarters: boolean;
  recipients: ResolvedRecipient[];
  vacancies: VacantSeatResult[];
  citations: RuleCitation[];
  /** The rules that decided, quoting the source (Chinese). */
  reason: string;
  /**
   * The duty roster's shift at the instant and who was told as its 带班领导 (absent when switched off,
   * and in activations frozen before the duty roster existed).
   */
  leaderOnDuty?: LeaderOnDutyResult | null;
}

/** `III级(较大)` */
export function gradeLabel(severity: Severity): string {
  return `${severity}级(${SEVERITY_NAMES[severity]})`;
}

export function resolveActivation(
  view: RosterView,
  rules: ActivationRules,
  type: IncidentTypeDef,
  severity: Severity,
  at: Date,
): ActivationResult {
  const postRule = rules.posts[type.post];
  if (!postRule)
    throw new Error(`config/activation-rules.yaml has no rule for post ${type.post} (incident type ${type.code})`);
  const post = view.body(type.post);
  if (!post || post.kind !== 'POST') {
    throw new DomainException(
      'NOT_FOUND',
      `incidentType: the roster has no command post ${type.post} for incident type ${type.code}`,
      {
        field: 'incidentType',
        value: type.code,
      },
    );
  }
  const hq = view.headquarters();
  if (!hq)
    throw new DomainException('NOT_FOUND', 'no roster is loaded; import one with npm run roster:import -- <file>');
  for (const body of [post, hq]) assertEstablished(body, at);

  const doc = rules.document;
  const activated = atLeast(severity, postRule.threshold);
  const headquarters = atLeast(severity, rules.notify.headquarters.fromGrade);
  const collector = new Collector(view, at);
  const citations: RuleCitation[] = [];
  const cite = (
    rule: ActivationRuleKind,
    body: BodyRecord,
    roles: readonly CommandRole[],
    source: string,
    decision: string | null = null,
  ) => {
    citations.push({
      rule,
      body: body.code,
      bodyName: body.name,
      roles: [...roles],
      source,
      decision,
      documentRef: doc,
    });
    collector.add(body, roles);
  };

  // Most senior first: the headquarters leadership, then the post, then the offices always told.
  const { headquarters: hqRule, belowThreshold } = rules.notify;
  if (headquarters) cite('HEADQUARTERS', hq, hqRule.roles, hqRule.source, hqRule.decision);
  if (activated) cite('POST_ACTIVATED', post, rules.notify.activated.roles, postRule.source, postRule.decision ?? null);
  else cite('POST_BELOW_THRESHOLD', post, belowThreshold.roles, postRule.officeSource, belowThreshold.decision);
  for (const always of rules.notify.always) {
    const body = view.body(always.body);
    if (!body)
      throw new Error(
        `config/activation-rules.yaml notify.always names body ${always.body}, which the roster does not have`,
      );
    cite('ALWAYS', body, always.roles, always.source);
  }

  const result: Omit<ActivationResult, 'reason'> = {
    incidentType: type.code,
    severity,
    asOf: at.toISOString(),
    rosterRevision: view.revision,
    activated,
    postCode: post.code,
    postName: post.name,
    commandThreshold: postRule.threshold,
    headquarters,
    recipients: collector.recipients(),
    vacancies: collector.vacancies,
    citations,
  };
  return { ...result, reason: explain(result, type, rules, post, hq) };
}

/** A role on a body whose seats are to be told. */
export interface SeatSelection {
  body: string;
  role: CommandRole;
}

/** Who holds the selected seats at an instant: one recipient per person, in the order met. */
export interface ToldSeats {
  recipients: ResolvedRecipient[];
  vacancies: VacantSeatResult[];
}

/**
 * "Who is told" for a list of seats, e.g. the level above a post that did not acknowledge
 * (escalation.nextLevel): the same collector as an activation, so roles, acting holders and vacant
 * seats read alike. Bodies the roster does not have are skipped.
 */
export function whoIsTold(view: RosterView, selections: readonly SeatSelection[], at: Date): ToldSeats {
  const collector = new Collector(view, at);
  for (const selection of selections) {
    const body = view.body(selection.body);
    if (body) collector.add(body, [selection.role]);
  }
  return { recipients: collector.recipients(), vacancies: collector.vacancies };
}

/** Gathers seats into one recipient per person, in the order they are met, and the vacant seats. */
class Collector {
  private readonly byPerson = new Map<string, ResolvedRecipient>();
  readonly vacancies: VacantSeatResult[] = [];

  constructor(
    private readonly view: RosterView,
    private readonly at: Date,
  ) {}

  add(body: BodyRecord, roles: readonly CommandRole[]): void {
    const wanted = new Set(roles);
    // seatsAt gives the body's seats in document order (by role, then as listed).
    for (const seat of this.view.seatsAt(body, this.at)) {
      if (wanted.has(seat.role)) this.seat(seat);
    }
  }

  private seat(seat: SeatAt): void {
    const headquarters = seat.body.kind === 'HEADQUARTERS';
    const role: ResolvedRole = {
      body: seat.body.code,
      bodyName: seat.body.name,
      role: seat.role,
      roleName: roleLabel(seat.role, headquarters),
      title: seat.title,
      acting: seat.acting,
    };
    if (!seat.person) {
      const key = (v: VacantSeatResult) => `${v.body}/${v.role}/${v.title}`;
      const vacancy = {
        body: role.body,
        bodyName: role.bodyName,
        role: role.role,
        roleName: role.roleName,
        title: role.title,
      };
      if (!this.vacancies.some((v) => key(v) === key(vacancy))) this.vacancies.push(vacancy);
      return;
    }
    let recipient = this.byPerson.get(seat.person.id);
    if (!recipient) {
      recipient = {
        personId: seat.person.id,
        personName: seat.person.name,
        personAliases: [...seat.person.aliases],
        roles: [],
      };
      this.byPerson.set(seat.person.id, recipient);
    }
    if (!recipient.roles.some((r) => r.body === role.body && r.role === role.role)) recipient.roles.push(role);
  }

  recipients(): ResolvedRecipient[] {
    return [...this.byPerson.values()];
  }
}

function roleNames(roles: readonly CommandRole[], headquarters: boolean): string {
  return roles.map((r) => roleLabel(r, headquarters)).join('、');
}

function explain(
  result: Omit<ActivationResult, 'reason'>,
  type: IncidentTypeDef,
  rules: ActivationRules,
  post: BodyRecord,
  hq: BodyRecord,
): string {
  const doc = rules.document;
  const grade = gradeLabel(result.severity);
  const threshold = `${gradeLabel(result.commandThreshold)}及以上`;
  const postRule = rules.posts[type.post];
  const parts: string[] = [];
  if (result.activated) {
    parts.push(
      `${grade}${type.name}达到${post.name}的指挥级别(${threshold}), 由${post.name}指挥处置: "${postRule.source}" (${doc})` +
        `${postRule.decision ? ` (决定: ${postRule.decision})` : ''}; ` +
        `通知其${roleNames(rules.notify.activated.roles, false)}`,
    );
  } else {
    parts.push(
      `${grade}${type.name}低于${post.name}的指挥级别(${threshold}): "${postRule.source}" (${doc}); ` +
        `专项指挥部不启动, 由事发地县(市、区)负责处置(属地管理); ` +
        `仍通知其${roleNames(rules.notify.belowThreshold.roles, false)}, 其办公室职责: "${postRule.officeSource}" (${doc})`,
    );
  }
  if (result.headquarters) {
    parts.push(
      `${grade}达到总指挥部领导启动级别(${gradeLabel(rules.notify.headquarters.fromGrade)}及以上), 通知${hq.name}${roleNames(rules.notify.headquarters.roles, true)} ` +
        `(决定: ${rules.notify.headquarters.decision}); 总指挥部职责: "${rules.notify.headquarters.source}" (${doc})`,
    );
  }
  for (const always of result.citations.filter((c) => c.rule === 'ALWAYS')) {
    parts.push(
      `始终通知${always.bodyName}${roleNames(always.roles, always.body === hq.code)}: "${always.source}" (${doc})`,
    );
  }
  if (result.vacancies.length > 0) {
    parts.push(
      `空缺席位需上报补位: ${result.vacancies.map((v) => `${v.bodyName}${v.roleName}(${v.title})`).join('、')}`,
    );
  }
  return `${parts.join('; ')}。`;
}
