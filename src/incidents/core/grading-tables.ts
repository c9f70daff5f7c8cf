/**
 * The grading tables of config/grading.yaml (突发事件分级标准), as a zod schema like every other
 * config file: config/incident.config.ts reads the file through it, so each problem is reported
 * with its line and path. Pure: no Nest, no database, no file access.
 */
import { z } from 'zod';
import { SEVERITIES, Severity } from '../../common/core/severity';
import {
  BOOLEAN_FIGURES,
  BURNED_LANDS,
  BurnedLand,
  describeValue,
  FIGURE_NAMES,
  FIGURES,
  NUMERIC_FIGURES,
} from './severity-figures';

/** The grading value of incident types whose criteria are qualitative. */
export const QUALITATIVE = 'QUALITATIVE';

const gotValue = (expectation: string) => (issue: { input?: unknown }) =>
  `${expectation}, got ${describeValue(issue.input)}`;

/** Unknown keys are named together with the keys that are allowed. */
const knownKeys = (allowed: readonly string[]) => (issue: z.core.$ZodRawIssue) =>
  issue.code === 'unrecognized_keys'
    ? `unknown key ${(issue.keys as string[]).map((key) => JSON.stringify(key)).join(', ')} (expected one of ${allowed.join(', ')})`
    : issue.code === 'invalid_type'
      ? `must be a mapping, got ${describeValue(issue.input)}`
      : undefined;

const notYesNo = (issue: z.core.$ZodRawIssue) =>
  issue.code === 'unrecognized_keys'
    ? `${(issue.keys as string[]).join(', ')} is not a yes/no figure (expected one of ${BOOLEAN_FIGURES.join(', ')})`
    : undefined;

function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, { error: knownKeys(Object.keys(shape)) });
}

const text = z
  .string({ error: gotValue('must be a non-empty string') })
  .trim()
  .min(1, 'must not be empty');
const texts = z.array(text, { error: gotValue('must be a list of texts') }).default([]);
const code = text.regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case code like PRODUCTION_SAFETY');
const bound = z
  .number({ error: gotValue('must be a number') })
  .refine((value) => Number.isFinite(value) && value >= 0, { error: gotValue('must be a finite non-negative number') });
const nonEmptyList = <T extends z.ZodType>(item: T) =>
  z.array(item, { error: gotValue('must be a non-empty list') }).min(1, 'must be a non-empty list, got []');

/** One grade of a criterion. Numeric figures: exactly one of min (>=) and above (>). Yes/no figures: text only. */
const bandSchema = strict({
  /** Inclusive lower bound (以上 includes the number). */
  min: bound.optional(),
  /** Exclusive lower bound, for bands worded "X以下" whose lower end is "more than zero". */
  above: bound.optional(),
  /** The criterion as the regulation words it. */
  text,
});
export type GradingBand = z.infer<typeof bandSchema>;

const criterionSchema = strict({
  figure: z.enum(FIGURE_NAMES, { error: gotValue(`must be one of ${FIGURE_NAMES.join(', ')}`) }),
  /** Figures added to `figure` before comparing (e.g. missing, for 死亡(含失踪)). */
  add: z.array(z.enum(NUMERIC_FIGURES, { error: gotValue('must be a numeric figure') })).optional(),
  /** The criterion applies only when these yes/no figures have these values (absent = false). */
  when: z
    .partialRecord(z.enum(BOOLEAN_FIGURES), z.boolean({ error: gotValue('must be true or false') }), {
      error: notYesNo,
    })
    .optional(),
  /** Optional label, e.g. 灾情 / 险情. */
  group: text.optional(),
  bands: z.partialRecord(z.enum(SEVERITIES as [Severity, ...Severity[]]), bandSchema, {
    error: knownKeys(SEVERITIES),
  }),
}).superRefine((criterion, context) => {
  const numeric = FIGURES[criterion.figure].kind === 'number';
  const problem = (path: PropertyKey[], message: string) => context.addIssue({ code: 'custom', path, message });
  if (criterion.add !== undefined) {
    if (!numeric) problem(['add'], 'is only allowed on numeric figures');
    criterion.add.forEach((name, i) => {
      if (name === criterion.figure) problem(['add', i], 'must be a numeric figure other than the criterion figure');
    });
  }
  const grades = SEVERITIES.filter((severity) => criterion.bands[severity] !== undefined);
  if (grades.length === 0) problem(['bands'], 'must define at least one of I, II, III, IV');
  if (!numeric) {
    if (grades.length > 1) problem(['bands'], 'must define exactly one grade for a yes/no figure');
    for (const severity of grades) {
      for (const key of ['min', 'above'] as const) {
        if (criterion.bands[severity]?.[key] !== undefined) {
          problem(['bands', severity, key], 'is not allowed on a yes/no figure (text only)');
        }
      }
    }
    return;
  }
  let previous: { severity: Severity; bound: number } | null = null;
  for (const severity of grades) {
    const band = criterion.bands[severity] as GradingBand;
    if ((band.min === undefined) === (band.above === undefined)) {
      problem(['bands', severity], 'must have exactly one of min (inclusive) or above (exclusive)');
      continue;
    }
    const lower = band.min ?? band.above ?? 0;
    if (previous !== null && !(lower < previous.bound)) {
      problem(
        ['bands', severity],
        `lower bound ${lower} must be below the bound of ${previous.severity} (${previous.bound})`,
      );
    }
    previous = { severity, bound: lower };
  }
});
export type GradingCriterion = z.infer<typeof criterionSchema>;

const tableSchema = strict({
  id: code.refine((id) => id !== QUALITATIVE, `must not be ${QUALITATIVE} (reserved for qualitative types)`),
  name: text,
  regulation: text,
  /** Interpretations the table applies (Chinese); returned with every assessment, never as a quote. */
  decisions: texts,
  criteria: nonEmptyList(criterionSchema),
});
export type GradingTable = z.infer<typeof tableSchema>;

/** A grading chosen by a report: e.g. forest or grassland fire tables by burnedLand. */
const selectorSchema = strict({
  id: text,
  name: text,
  by: z.literal('burnedLand', { error: gotValue('must be burnedLand') }),
  tables: strict({ FOREST: text, GRASSLAND: text }),
  default: z.enum(BURNED_LANDS, { error: gotValue(`must be one of ${BURNED_LANDS.join(', ')}`) }),
  decisions: texts,
});
export type GradingSelector = z.infer<typeof selectorSchema> & { tables: Record<BurnedLand, string> };

/** config/grading.yaml. */
export const gradingTablesSchema = strict({
  tables: nonEmptyList(tableSchema),
  selectors: z.array(selectorSchema, { error: gotValue('must be a list') }).default([]),
}).superRefine((file, context) => {
  const ids = new Set<string>();
  file.tables.forEach((table, t) => {
    if (ids.has(table.id)) {
      context.addIssue({ code: 'custom', path: ['tables', t, 'id'], message: `${table.id} must be unique` });
    }
    ids.add(table.id);
  });
  const tableIds = [...ids];
  file.selectors.forEach((selector, s) => {
    if (ids.has(selector.id) || selector.id === QUALITATIVE) {
      context.addIssue({
        code: 'custom',
        path: ['selectors', s, 'id'],
        message: `${selector.id} must differ from every table and selector id`,
      });
    }
    ids.add(selector.id);
    for (const land of BURNED_LANDS) {
      if (!tableIds.includes(selector.tables[land])) {
        context.addIssue({
          code: 'custom',
          path: ['selectors', s, 'tables', land],
          message: `must name a table (${tableIds.join(', ')}), got ${describeValue(selector.tables[land])}`,
        });
      }
    }
  });
});
export type GradingTables = z.infer<typeof gradingTablesSchema>;

/** The ids an incident type's `grading` may name: tables and selectors. */
export function gradingIds(tables: GradingTables): string[] {
  return [...tables.tables.map((table) => table.id), ...tables.selectors.map((selector) => selector.id)];
}
