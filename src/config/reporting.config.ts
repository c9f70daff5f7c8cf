import { z } from 'zod';
import { SEVERITIES, Severity } from '../common/core/severity';
import { COMMAND_ROLES, CommandRole } from '../roster/core/command-role';
import { parseTimeOfDay } from '../reporting/core/deadlines';
import type { JurisdictionConfig } from './incident.config';
import type { IncidentTypesFile } from './rules.config';
import { ConfigFileError, YamlSource } from './yaml-file.reader';

const text = z.string().trim().min(1, 'must not be empty');
const timeOfDay = z
  .string()
  .refine((t) => parseTimeOfDay(t) !== null, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a time of day HH:MM (00:00-23:59)`,
  });
const followUp = z.union(
  [
    z.strictObject({
      everyHours: z
        .number()
        .positive()
        .max(24 * 30),
    }),
    z.strictObject({ atTimes: z.array(timeOfDay).min(1, 'name at least one time of day') }),
  ],
  { error: () => 'must be { everyHours: N }, { atTimes: ["08:00", "17:00"] } or null' },
);
const severity = z.enum(SEVERITIES as [Severity, ...Severity[]], {
  error: (issue) => `unknown grade ${JSON.stringify(issue.input)}; expected I, II, III or IV`,
});

const rule = z.strictObject({
  name: text,
  grades: z.array(severity).min(1).optional(),
  types: z.array(text).min(1).optional(),
  counties: z.array(text).min(1).optional(),
  initialMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60)
    .optional(),
  followUp: followUp.nullable().optional(),
  finalHours: z
    .number()
    .positive()
    .max(365 * 24)
    .optional(),
});

/** config/reporting.yaml (see the comments in the file). */
export const reportingSchema = z.strictObject({
  deadlines: z.array(rule).min(1, 'at least the default rule is required'),
  alerts: z.strictObject({
    dueSoonMinutes: z.number().min(0),
    scanIntervalSeconds: z.number().positive(),
    recipients: z
      .array(z.strictObject({ body: text, role: z.enum(COMMAND_ROLES as [CommandRole, ...CommandRole[]]) }))
      .min(1, 'name at least one recipient of the alerts'),
    /** The 值班员 and the 带班领导 on shift (config/duty.yaml activation.office) are alerted too. */
    onShift: z.boolean().default(true),
  }),
  reporterOffice: text,
});
export type ReportingConfig = z.infer<typeof reportingSchema>;

/** Reads config/reporting.yaml and checks its names against the incident types and the jurisdiction. */
export function readReportingConfig(
  path: string,
  refs?: { types: IncidentTypesFile; jurisdiction: JurisdictionConfig },
): ReportingConfig {
  const source = YamlSource.read(path);
  const file = source.parse(reportingSchema);
  const problems: string[] = [];
  const first = file.deadlines[0];
  for (const field of ['initialMinutes', 'followUp', 'finalHours'] as const) {
    if (first[field] === undefined)
      problems.push(`${source.where(['deadlines', 0])}: the first rule gives the defaults and must set ${field}`);
  }
  if (first.grades || first.types || first.counties)
    problems.push(
      `${source.where(['deadlines', 0])}: the first rule gives the defaults and must match every incident (no grades, types or counties)`,
    );
  if (refs) {
    const types = new Set(refs.types.types.map((t) => t.code));
    const counties = new Set(refs.jurisdiction.counties.map((c) => c.name));
    file.deadlines.forEach((r, i) => {
      r.types?.forEach((t, j) => {
        if (!types.has(t))
          problems.push(
            `${source.where(['deadlines', i, 'types', j])}: ${t} is not an incident type of incident-types.yaml`,
          );
      });
      r.counties?.forEach((c, j) => {
        if (!counties.has(c))
          problems.push(
            `${source.where(['deadlines', i, 'counties', j])}: ${c} is not a county of jurisdiction.yaml (${[...counties].join(', ')})`,
          );
      });
    });
  }
  if (problems.length) throw new ConfigFileError(source.file, problems);
  return file;
}
