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
