import { z } from 'zod';
import { SEVERITIES, Severity } from '../common/core/severity';
import { COMMAND_ROLES, CommandRole } from '../roster/core/command-role';
import type { ConfirmationPoliciesConfig } from '../notifications/core/confirmation-policy';
import type { ActivationRules } from './rules.config';
import { ConfigFileError, YamlSource } from './yaml-file.reader';

const role = z.enum(COMMAND_ROLES as [CommandRole, ...CommandRole[]], {
  error: (issue) => `unknown role ${JSON.stringify(issue.input)}; expected one of ${COMMAND_ROLES.join(', ')}`,
});
const requirement = z.strictObject({
  body: z.enum(['POST', 'HQ'], {
    error: (issue) => `unknown body ${JSON.stringify(issue.input)}; expected POST (the incident's post) or HQ`,
  }),
  role,
  need: z.union([z.literal('ALL'), z.number().int().positive()], {
    error: (issue) => `need must be ALL or a whole number of at least 1, not ${JSON.stringify(issue.input)}`,
  }),
});
const policy = z.array(requirement);
const grades = <T extends z.ZodType>(value: T) =>
  z.strictObject(Object.fromEntries(SEVERITIES.map((s) => [s, value])) as Record<Severity, T>);

/** config/confirmation-policies.yaml (see the comments in the file). */
export const confirmationPoliciesSchema = z.strictObject({
  default: grades(policy),
  belowThreshold: policy.default([]),
  posts: z.record(z.string(), grades(policy.optional())).default({}),
});

export function readConfirmationPolicies(path: string, rules?: ActivationRules): ConfirmationPoliciesConfig {
  const source = YamlSource.read(path);
  const file = source.parse(confirmationPoliciesSchema);
  if (rules) {
    const problems = Object.keys(file.posts)
      .filter((code) => !rules.posts[code])
      .map(
        (code) =>
          `${source.where(['posts', code])}: ${code} is not a post of activation-rules.yaml (${Object.keys(rules.posts).join(', ')})`,
      );
    if (problems.length) throw new ConfigFileError(source.file, problems);
  }
  return file as ConfirmationPoliciesConfig;
}
