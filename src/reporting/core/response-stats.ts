/**
 * After-action figures: how fast an incident's people were reached and confirmed. Pure: no Nest,
 * no TypeORM, no clock. Times are milliseconds from the report (incident.reportedAt).
 *
 * Per incident: report → first message (the first send a channel accepted or delivered), → first
 * confirmation, → the confirmation policy met. Per person: report → their first message, → their
 * confirmation, and the channel of their first message.
 *
 * Summaries: count, median (the middle value; the mean of the two middle values for an even count)
 * and 90th percentile by the nearest-rank method (the ⌈0.9·n⌉-th smallest value), so that figures
 * can be checked by hand.
 */
export type StatsGroupBy = 'POST' | 'GRADE' | 'CHANNEL' | 'PERSON';
export const STATS_GROUP_BYS: readonly StatsGroupBy[] = ['POST', 'GRADE', 'CHANNEL', 'PERSON'];

export interface PersonFigureInput {
  personId: string;
  personName: string;
  /** The channel of the person's first message (log, webhook, email …); null when none went out. */
  channel: string | null;
  firstMessageAt: Date | null;
  confirmedAt: Date | null;
  /** Whether the confirmation policy counts this person. */
  required: boolean;
}

export interface IncidentFigureInput {
  incidentId: string;
  reportedAt: Date;
  severity: string;
  postCode: string;
  postName: string;
  exercise: boolean;
  policyMetAt: Date | null;
  people: PersonFigureInput[];
}

export interface PersonFigures {
  personId: string;
  personName: string;
  channel: string | null;
  required: boolean;
  toMessageMs: number | null;
  toConfirmationMs: number | null;
}

export interface IncidentFigures {
  incidentId: string;
  toFirstMessageMs: number | null;
  toFirstConfirmationMs: number | null;
  toPolicyMetMs: number | null;
  people: PersonFigures[];
}

const since = (at: Date | null, from: Date): number | null => (at ? Math.max(0, at.getTime() - from.getTime()) : null);

function minOf(values: Array<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? Math.min(...present) : null;
}

export function incidentFigures(input: IncidentFigureInput): IncidentFigures {
  const people = input.people.map((p): PersonFigures => ({
    personId: p.personId,
    personName: p.personName,
    channel: p.channel,
    required: p.required,
    toMessageMs: since(p.firstMessageAt, input.reportedAt),
    toConfirmationMs: since(p.confirmedAt, input.reportedAt),
  }));
  return {
    incidentId: input.incidentId,
    toFirstMessageMs: minOf(people.map((p) => p.toMessageMs)),
    toFirstConfirmationMs: minOf(people.map((p) => p.toConfirmationMs)),
    toPolicyMetMs: since(input.policyMetAt, input.reportedAt),
    people,
  };
}

export interface Summary {
  count: number;
  /** Seconds; null when count is 0. */
  median: number | null;
  p90: number | null;
}

/** Count, median and nearest-rank 90th percentile of durations in milliseconds, answered in seconds. */
export function summarize(valuesMs: readonly number[]): Summary {
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { count: 0, median: null, p90: null };
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const p90 = sorted[Math.ceil(0.9 * n) - 1];
  return { count: n, median: seconds(median), p90: seconds(p90) };
}

const seconds = (ms: number): number => Math.round(ms) / 1000;

export interface StatsRow {
  groupBy: StatsGroupBy;
  /** POST: post code; GRADE: I…IV; CHANNEL: channel name ("none" when no message went out); PERSON: person id. */
  key: string;
  /** What people read: post name, 较大(III), channel, person name. */
  label: string;
  incidents: number;
  notifications: number;
  confirmations: number;
  toFirstMessage: Summary;
  toFirstConfirmation: Summary;
  toPolicyMet: Summary;
}

export interface StatsOptions {
  includeExercises?: boolean;
  gradeLabel?: (severity: string) => string;
}

interface Bucket {
  key: string;
  label: string;
  incidents: Set<string>;
  notifications: number;
  confirmations: number;
  message: number[];
  confirmation: number[];
  policy: Map<string, number | null>;
}

/**
 * Figures grouped by post or grade (one value per incident: its first message, first confirmation,
 * policy met) or by channel or person (one value per notification: that person's first message and
 * confirmation; policy met over the incidents the group took part in). Exercises are left out
 * unless asked for. Rows are sorted by key.
 */
export function responseStats(
  inputs: readonly IncidentFigureInput[],
  groupBy: StatsGroupBy,
  options: StatsOptions = {},
): StatsRow[] {
  const buckets = new Map<string, Bucket>();
  const bucket = (key: string, label: string): Bucket => {
    let b = buckets.get(key);
    if (!b) {
      b = {
        key,
        label,
        incidents: new Set(),
        notifications: 0,
        confirmations: 0,
        message: [],
        confirmation: [],
        policy: new Map(),
      };
      buckets.set(key, b);
    }
    return b;
  };
  for (const input of inputs) {
    if (input.exercise && !options.includeExercises) continue;
    const figures = incidentFigures(input);
    if (groupBy === 'POST' || groupBy === 'GRADE') {
      const b =
        groupBy === 'POST'
          ? bucket(input.postCode, input.postName)
          : bucket(input.severity, options.gradeLabel ? options.gradeLabel(input.severity) : input.severity);
      b.incidents.add(input.incidentId);
      b.notifications += figures.people.length;
      b.confirmations += figures.people.filter((p) => p.toConfirmationMs !== null).length;
      if (figures.toFirstMessageMs !== null) b.message.push(figures.toFirstMessageMs);
      if (figures.toFirstConfirmationMs !== null) b.confirmation.push(figures.toFirstConfirmationMs);
      b.policy.set(input.incidentId, figures.toPolicyMetMs);
      continue;
    }
    for (const p of figures.people) {
      const b =
        groupBy === 'CHANNEL' ? bucket(p.channel ?? 'none', p.channel ?? 'none') : bucket(p.personId, p.personName);
      b.incidents.add(input.incidentId);
      b.notifications += 1;
      if (p.toConfirmationMs !== null) b.confirmations += 1;
      if (p.toMessageMs !== null) b.message.push(p.toMessageMs);
      if (p.toConfirmationMs !== null) b.confirmation.push(p.toConfirmationMs);
      b.policy.set(input.incidentId, figures.toPolicyMetMs);
    }
  }
  return [...buckets.values()]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((b) => ({
      groupBy,
      key: b.key,
      label: b.label,
      incidents: b.incidents.size,
      notifications: b.notifications,
      confirmations: b.confirmations,
      toFirstMessage: summarize(b.message),
      toFirstConfirmation: summarize(b.confirmation),
      toPolicyMet: summarize([...b.policy.values()].filter((v): v is number => v !== null)),
    }));
}

export const STATS_CSV_HEADER = [
  'group_by',
  'key',
  'label',
  'incidents',
  'notifications',
  'confirmations',
  'first_message_count',
  'first_message_median_s',
  'first_message_p90_s',
  'first_confirmation_count',
  'first_confirmation_median_s',
  'first_confirmation_p90_s',
  'policy_met_count',
  'policy_met_median_s',
  'policy_met_p90_s',
];

/** RFC 4180 CSV (CRLF, quotes doubled); a cell starting with = + - @ is prefixed with ' so spreadsheets do not run it. */
export function statsCsv(rows: readonly StatsRow[]): string {
  const lines = [STATS_CSV_HEADER.join(',')];
  for (const r of rows) {
    const s = (x: Summary) => [x.count, x.median ?? '', x.p90 ?? ''];
    lines.push(
      [
        r.groupBy,
        r.key,
        r.label,
        r.incidents,
        r.notifications,
        r.confirmations,
        ...s(r.toFirstMessage),
        ...s(r.toFirstConfirmation),
        ...s(r.toPolicyMet),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
