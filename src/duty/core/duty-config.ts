/**
 * config/duty.yaml: the offices that keep a duty roster, their shifts, and how the leader on duty
 * joins an activation. Pure: zod and the YAML reader only.
 */
import { z } from 'zod';
import { ConfigFileError, YamlSource } from '../../config/yaml-file.reader';

const text = z.string().trim().min(1, 'must not be empty');
const code = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case code such as HQ or NIGHT');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM (China time), e.g. "08:30"');

const shift = z.strictObject({ code, name: text, start: clock, end: clock, aliases: z.array(text).default([]) });

export const dutyConfigSchema = z.strictObject({
  defaultOffice: code,
  defaultShifts: z.array(shift).min(1, 'must list at least one shift'),
  offices: z
    .array(
      z.strictObject({
        code,
        name: text,
        body: code.nullable().default(null),
        required: z.boolean().default(false),
        shifts: z.array(shift).optional(),
      }),
    )
    .min(1, 'must list at least one office'),
  activation: z.strictObject({
    leaderOnDuty: z.boolean(),
    office: code,
    fallback: z.strictObject({ body: code, roles: z.array(code).min(1), source: text }),
  }),
  issues: z.strictObject({ lookaheadDays: z.number().int().min(0).max(62) }),
});

export type DutyConfigFile = z.infer<typeof dutyConfigSchema>;
export type ShiftDef = z.infer<typeof shift>;

export interface OfficeDef {
  code: string;
  name: string;
  /** The command body whose office keeps the roster (HQ or a post code), if any. */
  body: string | null;
  required: boolean;
  shifts: ShiftDef[];
}

export interface DutyConfig {
  defaultOffice: string;
  defaultShifts: ShiftDef[];
  offices: OfficeDef[];
  activation: DutyConfigFile['activation'];
  issues: DutyConfigFile['issues'];
}

export const MINUTES_PER_DAY = 24 * 60;

export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Minutes a shift lasts; a shift whose end is not after its start runs past midnight (start == end: 24 h). */
export function shiftMinutes(s: Pick<ShiftDef, 'start' | 'end'>): number {
  const d = clockMinutes(s.end) - clockMinutes(s.start);
  return d > 0 ? d : d + MINUTES_PER_DAY;
}

/** Problems with a list of shifts: duplicate codes or names, and shifts that do not tile the day. */
export function shiftProblems(shifts: readonly ShiftDef[]): string[] {
  const problems: string[] = [];
  const names = new Map<string, string>();
  for (const s of shifts) {
    for (const label of [s.code, s.name, ...s.aliases]) {
      const owner = names.get(label);
      if (owner && owner !== s.code) problems.push(`${label} names both shift ${owner} and shift ${s.code}`);
      else if (owner === undefined) names.set(label, s.code);
    }
  }
  if (new Set(shifts.map((s) => s.code)).size !== shifts.length) problems.push('shift codes must be unique');
  const total = shifts.reduce((sum, s) => sum + shiftMinutes(s), 0);
  const sorted = [...shifts].sort((a, b) => clockMinutes(a.start) - clockMinutes(b.start));
  const tiled = sorted.every((s, i) => s.end === sorted[(i + 1) % sorted.length].start);
  if (total !== MINUTES_PER_DAY || !tiled) {
    problems.push(
      `shifts must tile the day, each starting where the one before ends (got ${sorted.map((s) => `${s.code} ${s.start}-${s.end}`).join(', ')})`,
    );
  }
  return problems;
}

export function parseDutyConfig(source: YamlSource): DutyConfig {
  const file = source.parse(dutyConfigSchema);
  const problems: string[] = [];
  for (const p of shiftProblems(file.defaultShifts)) problems.push(`${source.where(['defaultShifts'])}: ${p}`);
  const seen = new Set<string>();
  const offices: OfficeDef[] = file.offices.map((o, i) => {
    if (seen.has(o.code)) problems.push(`${source.where(['offices', i, 'code'])}: duplicate office ${o.code}`);
    seen.add(o.code);
    if (o.shifts)
      for (const p of shiftProblems(o.shifts)) problems.push(`${source.where(['offices', i, 'shifts'])}: ${p}`);
    return { code: o.code, name: o.name, body: o.body, required: o.required, shifts: o.shifts ?? file.defaultShifts };
  });
  if (!seen.has(file.defaultOffice)) {
    problems.push(
      `${source.where(['defaultOffice'])}: ${file.defaultOffice} is not one of the offices (${[...seen].join(', ')})`,
    );
  }
  if (!seen.has(file.activation.office)) {
    problems.push(
      `${source.where(['activation', 'office'])}: ${file.activation.office} is not one of the offices (${[...seen].join(', ')})`,
    );
  }
  if (problems.length > 0) throw new ConfigFileError(source.file, problems);
  return {
    defaultOffice: file.defaultOffice,
    defaultShifts: file.defaultShifts,
    offices,
    activation: file.activation,
    issues: file.issues,
  };
}

export function readDutyConfig(path: string): DutyConfig {
  return parseDutyConfig(YamlSource.read(path));
}
