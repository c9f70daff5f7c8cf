/**
 * Confirmation policies (config/confirmation-policies.yaml): which roles must confirm an incident's
 * notification before its escalation stops. Pure: no Nest, no TypeORM, no clock.
 *
 * A policy is a list of requirements, each "of the holders of <role> on <body>, <need> must confirm",
 * where body is the activated post (POST) or the headquarters (HQ) and need is ALL or a number.
 * The policy is met when every requirement is. A requirement whose role nobody holds (every seat
 * vacant) is never met: there is no one whose confirmation would do, so escalation goes on.
 */
export type PolicyBody = 'POST' | 'HQ';
export type PolicyNeed = 'ALL' | number;

/** The headquarters' body code in the roster. */
export const HQ_BODY = 'HQ';

export interface PolicyRequirement {
  body: PolicyBody;
  role: string;
  need: PolicyNeed;
}

export interface ConfirmationPolicy {
  /** Where the policy comes from, e.g. "default.II" or "posts.EARTHQUAKE.III" or "belowThreshold". */
  source: string;
  requirements: PolicyRequirement[];
}

type Grades<T> = Record<'I' | 'II' | 'III' | 'IV', T>;

export interface ConfirmationPoliciesConfig {
  /** Per grade, for an activated post. */
  default: Grades<PolicyRequirement[]>;
  /** When the post is not activated (属地管理): usually nothing is required, so nothing escalates. */
  belowThreshold: PolicyRequirement[];
  /** Per post code, per grade: replaces the default of that grade. */
  posts: Record<string, Partial<Grades<PolicyRequirement[]>>>;
}

/** The policy for an incident of this post and grade (activated or not). */
export function policyFor(
  config: ConfirmationPoliciesConfig,
  postCode: string,
  severity: keyof Grades<unknown>,
  activated: boolean,
): ConfirmationPolicy {
  if (!activated) return { source: 'belowThreshold', requirements: config.belowThreshold };
  const own = config.posts[postCode]?.[severity];
  if (own) return { source: `posts.${postCode}.${severity}`, requirements: own };
  return { source: `default.${severity}`, requirements: config.default[severity] };
}

/** One person told about the incident, as the policy sees them. */
export interface PolicyRecipient {
  personId: string;
  personName: string;
  roles: ReadonlyArray<{ body: string; role: string }>;
  /** When the person confirmed; null while not. */
  confirmedAt: Date | null;
}

export interface RequirementState {
  requirement: PolicyRequirement;
  /** How many confirmations this requirement needs (ALL: every holder). */
  needed: number;
  /** Person ids holding the role. */
  holders: string[];
  /** Person ids holding the role who have confirmed. */
  confirmed: string[];
  met: boolean;
}

export interface PolicyState {
  policy: ConfirmationPolicy;
  met: boolean;
  requirements: RequirementState[];
  /** Person ids whose confirmation counts towards a requirement (required), the others are informed. */
  required: Set<string>;
  /** Required persons not confirmed, of requirements not met: who reminders go to. */
  waitingFor: string[];
}

function holds(recipient: PolicyRecipient, body: string, role: string): boolean {
  return recipient.roles.some((r) => r.body === body && r.role === role);
}

export function bodyCode(requirement: PolicyRequirement, postCode: string): string {
  return requirement.body === 'HQ' ? HQ_BODY : postCode;
}

/** Where the policy stands, counting confirmations made at or before `at` (all of them when at is omitted). */
export function evaluatePolicy(
  policy: ConfirmationPolicy,
  postCode: string,
  recipients: readonly PolicyRecipient[],
  at?: Date,
): PolicyState {
  const confirmedBy = (r: PolicyRecipient) =>
    r.confirmedAt !== null && (!at || r.confirmedAt.getTime() <= at.getTime());
  const required = new Set<string>();
  const waiting = new Set<string>();
  const requirements = policy.requirements.map((requirement): RequirementState => {
    const body = bodyCode(requirement, postCode);
    const holders = recipients.filter((r) => holds(r, body, requirement.role));
    const confirmed = holders.filter(confirmedBy);
    const needed = requirement.need === 'ALL' ? holders.length : requirement.need;
    // A need above the number of holders (seats vacant) is capped: the holders there are all confirm.
    const met = holders.length > 0 && confirmed.length >= Math.min(needed, holders.length);
    for (const h of holders) required.add(h.personId);
    if (!met) for (const h of holders) if (!confirmedBy(h)) waiting.add(h.personId);
    return {
      requirement,
      needed,
      holders: holders.map((h) => h.personId),
      confirmed: confirmed.map((h) => h.personId),
      met,
    };
  });
  return {
    policy,
    met: requirements.every((r) => r.met),
    requirements,
    required,
    waitingFor: recipients.filter((r) => waiting.has(r.personId)).map((r) => r.personId),
  };
}

/**
 * The instant the policy was first met: the confirmation that completed it. Null while it is not
 * met (or when it requires nothing: then there is nothing to wait for, and no instant to report).
 */
export function policyMetAt(
  policy: ConfirmationPolicy,
  postCode: string,
  recipients: readonly PolicyRecipient[],
): Date | null {
  if (policy.requirements.length === 0) return null;
  const times = recipients
    .map((r) => r.confirmedAt)
    .filter((t): t is Date => t !== null)
    .sort((a, b) => a.getTime() - b.getTime());
  for (const t of times) if (evaluatePolicy(policy, postCode, recipients, t).met) return t;
  return null;
}

/** "指挥长全部确认、办公室主任至少1人确认" — the policy in words, for messages and the console. */
export function describePolicy(
  policy: ConfirmationPolicy,
  roleName: (body: PolicyBody, role: string) => string,
): string {
  if (policy.requirements.length === 0) return '无须确认';
  return policy.requirements
    .map(
      (r) =>
        `${r.body === 'HQ' ? '总指挥部' : ''}${roleName(r.body, r.role)}${r.need === 'ALL' ? '全部确认' : `至少${r.need}人确认`}`,
    )
    .join('、');
}
