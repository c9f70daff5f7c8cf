import { z } from 'zod';
import { COMMAND_ROLES, CommandRole } from '../roster/core/command-role';
import { SEVERITIES, Severity } from '../common/core/severity';
import { matchingSchema, typeVocabularyShape } from '../incidents/core/incident-type-vocabulary';
import { ConfigFileError, YamlSource } from './yaml-file.reader';

const severity = z.enum(SEVERITIES as [Severity, ...Severity[]], {
  error: (issue) => `unknown grade ${JSON.stringify(issue.input)}; expected one of I, II, III, IV`,
});
const roles = z.array(
  z.enum(COMMAND_ROLES as [CommandRole, ...CommandRole[]], {
    error: (issue) => `unknown role ${JSON.stringify(issue.input)}; expected one of ${COMMAND_ROLES.join(', ')}`,
  }),
);
const text = z.string().trim().min(1, 'must not be empty');

/** config/activation-rules.yaml: which post commands from which grade, and who is told. */
export const activationRulesSchema = z.strictObject({
  document: text,
  posts: z.record(
    z.string(),
    z.strictObject({
      threshold: severity,
      basis: text,
      /** Verbatim: the words of the post's name or duties that give the threshold. */
      source: text,
      /** Verbatim: the post office's own sentence about guiding the counties, quoted below the threshold. */
      officeSource: text,
      /** An interpretation taken where the document is silent; never presented as a quote. */
      decision: text.optional(),
    }),
  ),
  notify: z.strictObject({
    activated: z.strictObject({ roles }),
    belowThreshold: z.strictObject({ roles, decision: text }),
    always: z.array(z.strictObject({ body: text, roles, source: text })),
    headquarters: z.strictObject({ fromGrade: severity, roles, source: text, decision: text }),
  }),
});
export type ActivationRules = z.infer<typeof activationRulesSchema>;

/** config/incident-types.yaml: the incident types, their category, post and keywords. */
export const incidentTypesSchema = z.strictObject({
  categories: z.array(z.strictObject({ code: text, name: text })),
  matching: matchingSchema.default({ window: 10, neutral: [] }),
  /** Word lists shared through YAML anchors (&name / *name); read only through the anchors. */
  contexts: z.record(z.string(), z.array(text)).optional(),
  types: z.array(
    z.strictObject({
      code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case code'),
      name: text,
      category: text,
      post: text,
      grading: text,
      ...typeVocabularyShape,
    }),
  ),
});
export type IncidentTypesFile = z.infer<typeof incidentTypesSchema>;
export type IncidentTypeDef = IncidentTypesFile['types'][number];

export function readActivationRules(path: string): ActivationRules {
  return YamlSource.read(path).parse(activationRulesSchema);
}

export function readIncidentTypes(path: string): IncidentTypesFile {
  const source = YamlSource.read(path);
  const file = source.parse(incidentTypesSchema);
  const categories = new Set(file.categories.map((c) => c.code));
  const problems: string[] = [];
  const seen = new Set<string>();
  file.types.forEach((type, i) => {
    if (seen.has(type.code)) problems.push(`${source.where(['types', i, 'code'])}: duplicate type ${type.code}`);
    seen.add(type.code);
    if (!categories.has(type.category)) {
      problems.push(
        `${source.where(['types', i, 'category'])}: unknown category ${JSON.stringify(type.category)}; expected one of ${[...categories].join(', ')}`,
      );
    }
  });
  if (problems.length > 0) throw new ConfigFileError(source.file, problems);
  return file;
}
