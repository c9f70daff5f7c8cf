import { resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Severity } from '../../common/core/severity';
import { readGradingTables } from '../../config/incident.config';
import { YamlSource } from '../../config/yaml-file.reader';
import { GradingTables, gradingTablesSchema } from './grading-tables';
import { assessSeverity } from './severity-assessment';
import type { SeverityFigures } from './severity-figures';

/** Test fixture (not built into dist/): the real config/grading.yaml and helpers to grade against it. */
export const configDir = resolve(process.cwd(), 'config');
export const tables: GradingTables = readGradingTables(resolve(configDir, 'grading.yaml'));
export const rawGrading: unknown = YamlSource.read(resolve(configDir, 'grading.yaml')).data;

export function grade(table: string, figures: SeverityFigures): Severity | null {
  return assessSeverity(tables, table, figures).suggested;
}

/** A deep copy of the real grading.yaml, to break in validation tests. */
export function rawCopy(): { tables: Array<Record<string, unknown> & { criteria: Array<Record<string, unknown>> }> } {
  return JSON.parse(JSON.stringify(rawGrading)) as ReturnType<typeof rawCopy>;
}

/** Reads `raw` as a grading.yaml file would be read: the ConfigFileError names line and path. */
export function checkGrading(raw: unknown): GradingTables {
  return new YamlSource('grading.yaml', stringify(raw)).parse(gradingTablesSchema);
}

/** A grade as the tables write it. */
export type Grade = `${Severity}`;

/** For each grade, the first value of a figure that gives it and (the top band aside) its last. */
export type Bands = Partial<Record<Grade, readonly [number, number?]>>;

/**
 * One test per edge of the bands of one figure: `gradeOf` gives each band's grade at its first and
 * last value, and no grade at `below` (when given).
 */
export function itGradesBands(
  gradeOf: (figures: SeverityFigures) => Severity | null,
  figure: keyof SeverityFigures,
  bands: Bands,
  below?: number,
): void {
  const cases: Array<[number, Grade | null]> = below === undefined ? [] : [[below, null]];
  for (const [band, [first, last]] of Object.entries(bands) as Array<[Grade, readonly [number, number?]]>) {
    cases.push([first, band]);
    if (last !== undefined) cases.push([last, band]);
  }
  it.each(cases)(`${figure} %s -> %s`, (value, expected) => {
    expect(gradeOf({ [figure]: value })).toBe(expected);
  });
}

/** Grades figures under one table of config/grading.yaml. */
export const gradeIn =
  (table: string) =>
  (figures: SeverityFigures): Severity | null =>
    grade(table, figures);
