/**
 * Reporting deadlines (信息报送, domain.md): when the 首报 (INITIAL), 续报 (FOLLOW_UP) and 终报
 * (FINAL) of an incident are due, from the rules of config/reporting.yaml. Pure: no Nest, no
 * TypeORM, no clock (every function takes the instants it needs).
 *
 * Rules are read in order; each rule that matches the incident (grade, type, county: an omitted
 * list matches everything) overrides the fields it sets, so general rules come first and the
 * specific ones after them.
 */
export type DeadlineKind = 'INITIAL' | 'FOLLOW_UP' | 'FINAL';
export const DEADLINE_KINDS: readonly DeadlineKind[] = ['INITIAL', 'FOLLOW_UP', 'FINAL'];

export const DEADLINE_KIND_NAMES: Record<DeadlineKind, string> = { INITIAL: '首报', FOLLOW_UP: '续报', FINAL: '终报' };

/** 续报: every N hours after the 首报 deadline, or at fixed times of day (China Standard Time, "08:00"). */
export type FollowUpSchedule = { everyHours: number } | { atTimes: string[] };

export interface DeadlineRule {
  name: string;
  grades?: string[];
  types?: string[];
  counties?: string[];
  /** 首报: minutes after the report was received. */
  initialMinutes?: number;
  /** 续报 schedule; null: no scheduled follow-ups. */
  followUp?: FollowUpSchedule | null;
  /** 终报: hours after the incident is closed. */
  finalHours?: number;
}

export interface DeadlinePlan {
  initialMinutes: number;
  followUp: FollowUpSchedule | null;
  finalHours: number;
  /** The names of the rules that set something, in order. */
  rules: string[];
}

export interface IncidentKey {
  severity: string;
  incidentType: string;
  county: string | null;
}

export function ruleMatches(rule: DeadlineRule, incident: IncidentKey): boolean {
  if (rule.grades && !rule.grades.includes(incident.severity)) return false;
  if (rule.types && !rule.types.includes(incident.incidentType)) return false;
  if (rule.counties && (!incident.county || !rule.counties.includes(incident.county))) return false;
  return true;
}

/** The plan of an incident. The first rule must set every field (the configuration loader checks it). */
export function planFor(rules: readonly DeadlineRule[], incident: IncidentKey): DeadlinePlan {
  const plan: DeadlinePlan = { initialMinutes: 60, followUp: null, finalHours: 24, rules: [] };
  for (const rule of rules) {
    if (!ruleMatches(rule, incident)) continue;
    if (rule.initialMinutes !== undefined) plan.initialMinutes = rule.initialMinutes;
    if (rule.followUp !== undefined) plan.followUp = rule.followUp;
    if (rule.finalHours !== undefined) plan.finalHours = rule.finalHours;
    if (rule.initialMinutes !== undefined || rule.followUp !== undefined || rule.finalHours !== undefined)
      plan.rules.push(rule.name);
  }
  return plan;
}

const HOUR = 3600_000;
const CST_OFFSET = 8 * HOUR;

export function initialDue(plan: Pick<DeadlinePlan, 'initialMinutes'>, reportedAt: Date): Date {
  return new Date(reportedAt.getTime() + Math.round(plan.initialMinutes * 60_000));
}

export function finalDue(plan: Pick<DeadlinePlan, 'finalHours'>, closedAt: Date): Date {
  return new Date(closedAt.getTime() + Math.round(plan.finalHours * HOUR));
}

/** "08:00" → minutes after midnight; null when it is not a time of day. */
export function parseTimeOfDay(text: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/**
 * The `seq`-th follow-up (1, 2 …) after `anchor` (the 首报 deadline): anchor + seq × N hours, or the
 * seq-th of the fixed times of day (China Standard Time) strictly after the anchor.
 */
export function followUpDue(schedule: FollowUpSchedule, anchor: Date, seq: number): Date {
  if (seq < 1) throw new RangeError(`seq must be 1 or more, not ${seq}`);
  if ('everyHours' in schedule) return new Date(anchor.getTime() + Math.round(seq * schedule.everyHours * HOUR));
  const minutes = [
    ...new Set(schedule.atTimes.map((t) => parseTimeOfDay(t)).filter((m): m is number => m !== null)),
  ].sort((a, b) => a - b);
  if (minutes.length === 0) throw new RangeError('atTimes names no time of day');
  // Midnight (China Standard Time) of the anchor's day, as an instant.
  const local = anchor.getTime() + CST_OFFSET;
  let day = Math.floor(local / (24 * HOUR)) * 24 * HOUR - CST_OFFSET;
  let found = 0;
  for (;;) {
    for (const m of minutes) {
      const at = day + m * 60_000;
      if (at > anchor.getTime() && ++found === seq) return new Date(at);
    }
    day += 24 * HOUR;
  }
}

/** A deadline as stored. */
export interface DeadlineState {
  kind: DeadlineKind;
  seq: number;
  dueAt: Date;
  filedAt: Date | null;
  cancelledAt: Date | null;
  alertedSoonAt: Date | null;
  alertedOverdueAt: Date | null;
}

export type DeadlineAlertKind = 'DUE_SOON' | 'OVERDUE';

export function isOpen(d: Pick<DeadlineState, 'filedAt' | 'cancelledAt'>): boolean {
  return d.filedAt === null && d.cancelledAt === null;
}

/** Open and past its due time. */
export function isOverdue(d: Pick<DeadlineState, 'filedAt' | 'cancelledAt' | 'dueAt'>, now: Date): boolean {
  return isOpen(d) && now.getTime() >= d.dueAt.getTime();
}

/** Filed after its due time. */
export function filedLate(d: Pick<DeadlineState, 'filedAt' | 'dueAt'>): boolean {
  return d.filedAt !== null && d.filedAt.getTime() > d.dueAt.getTime();
}

/** The alert a scan at `now` should send for this deadline, if any: each kind once per due time. */
export function alertDue(d: DeadlineState, now: Date, dueSoonMinutes: number): DeadlineAlertKind | null {
  if (!isOpen(d)) return null;
  const due = d.dueAt.getTime();
  const t = now.getTime();
  if (t >= due) return d.alertedOverdueAt ? null : 'OVERDUE';
  if (dueSoonMinutes > 0 && t >= due - dueSoonMinutes * 60_000 && !d.alertedSoonAt) return 'DUE_SOON';
  return null;
}

/** What a regrade changes on the deadlines not filed yet: the new due time (alerts reset when it moved). */
export interface DeadlineMove {
  kind: DeadlineKind;
  seq: number;
  from: Date;
  to: Date | null;
}

/**
 * Recomputes the open deadlines of an incident after a regrade (or any change of its plan): the
 * 首报 from the report time, the open 续报 from the new 首报 deadline and its seq, the 终报 from
 * the close. Filed and cancelled deadlines keep what they were. `to: null`: the new plan has no
 * scheduled follow-ups, the open one is cancelled.
 */
export function recompute(
  deadlines: readonly DeadlineState[],
  plan: DeadlinePlan,
  incident: { reportedAt: Date; closedAt: Date | null },
): DeadlineMove[] {
  const anchor = initialDue(plan, incident.reportedAt);
  const moves: DeadlineMove[] = [];
  for (const d of deadlines) {
    if (!isOpen(d)) continue;
    let to: Date | null;
    if (d.kind === 'INITIAL') to = anchor;
    else if (d.kind === 'FOLLOW_UP') to = plan.followUp ? followUpDue(plan.followUp, anchor, d.seq) : null;
    else to = incident.closedAt ? finalDue(plan, incident.closedAt) : d.dueAt;
    if (to === null || to.getTime() !== d.dueAt.getTime()) moves.push({ kind: d.kind, seq: d.seq, from: d.dueAt, to });
  }
  return moves;
}
