import { z } from 'zod';
import { GradingTables, gradingIds, gradingTablesSchema, QUALITATIVE } from '../incidents/core/grading-tables';
import type { ActivationRules, IncidentTypesFile } from './rules.config';
import { ConfigFileError, YamlSource } from './yaml-file.reader';

const text = z.string().trim().min(1, 'must not be empty');

/** config/jurisdiction.yaml: the jurisdiction and the counties/districts an incident is located in. */
export const jurisdictionSchema = z.strictObject({
  jurisdiction: z.strictObject({
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case code'),
    name: text,
  }),
  counties: z
    .array(z.strictObject({ name: text, aliases: z.array(text).default([]) }))
    .min(1, 'at least one county is required'),
});
export type JurisdictionConfig = z.infer<typeof jurisdictionSchema>;

export function readJurisdiction(path: string): JurisdictionConfig {
  const source = YamlSource.read(path);
  const file = source.parse(jurisdictionSchema);
  const owner = new Map<string, string>();
  const problems: string[] = [];
  file.counties.forEach((county, i) => {
    [county.name, ...county.aliases].forEach((name, j) => {
      const seen = owner.get(name);
      if (seen !== undefined) {
        problems.push(
          `${source.where(j === 0 ? ['counties', i, 'name'] : ['counties', i, 'aliases', j - 1])}: ${JSON.stringify(name)} already names ${seen}`,
        );
      }
      owner.set(name, county.name);
    });
  });
  if (problems.length > 0) throw new ConfigFileError(source.file, problems);
  return file;
}

/** config/grading.yaml: the grading tables and the selectors that choose between them. */
export function readGradingTables(path: string): GradingTables {
  return YamlSource.read(path).parse(gradingTablesSchema);
}

/**
 * The references between config files: every incident type's post has an activation rule, and its
 * grading names a table of grading.yaml (or QUALITATIVE). Returns the problems found.
 */
export function crossCheckIncidentConfig(
  types: IncidentTypesFile,
  rules: ActivationRules,
  grading: GradingTables,
): string[] {
  const problems: string[] = [];
  const tables = new Set(gradingIds(grading));
  for (const type of types.types) {
    if (!rules.posts[type.post]) {
      problems.push(
        `incident-types.yaml ${type.code}: post ${type.post} has no rule under posts: in activation-rules.yaml`,
      );
    }
    if (type.grading !== QUALITATIVE && !tables.has(type.grading)) {
      problems.push(
        `incident-types.yaml ${type.code}: grading ${type.grading} is neither ${QUALITATIVE} nor a table or selector of grading.yaml (${[...tables].join(', ')})`,
      );
    }
  }
  return problems;
}
