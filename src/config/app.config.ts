import { existsSync } from 'node:fs';
import { ConfigFileError } from './yaml-file.reader';
import { configPath, Env, EnvValidationError } from './env.schema';
import { checkProviderSecrets } from './providers.config';
import { ActivationRules, IncidentTypesFile, readActivationRules, readIncidentTypes } from './rules.config';
import type { GradingTables } from '../incidents/core/grading-tables';
import { crossCheckIncidentConfig, JurisdictionConfig, readGradingTables, readJurisdiction } from './incident.config';
import { NotificationsConfig, readNotificationsConfig } from './notifications.config';
import type { ConfirmationPoliciesConfig } from '../notifications/core/confirmation-policy';
import { readConfirmationPolicies } from './confirmation-policies.config';
import { ReportingConfig, readReportingConfig } from './reporting.config';

/** Everything the service reads from env and config/ at boot, validated, in one injectable value. */
export class AppConfig {
  constructor(
    readonly env: Env,
    readonly activationRules: ActivationRules,
    readonly incidentTypes: IncidentTypesFile,
    /** config/grading.yaml: the tables assessSeverity suggests a grade from. */
    readonly grading: GradingTables,
    /** config/jurisdiction.yaml: the counties/districts an incident is located in. */
    readonly jurisdiction: JurisdictionConfig,
    /** config/notifications.yaml (NOTIFICATIONS_FILE): channels, retries, escalation, message templates. */
    readonly notifications: NotificationsConfig,
    /** config/confirmation-policies.yaml (CONFIRMATION_POLICIES_FILE): who must confirm, per post and grade. */
    readonly confirmationPolicies: ConfirmationPoliciesConfig,
    /** config/reporting.yaml (REPORTING_FILE): reporting deadlines (信息报送) and their alerts. */
    readonly reporting: ReportingConfig,
  ) {}

  get rosterPath(): string {
    return configPath(this.env, this.env.ROSTER_FILE);
  }

  static load(env: Env): AppConfig {
    const read = <T>(file: string, reader: (path: string) => T): T => {
      const path = configPath(env, file);
      if (!existsSync(path)) throw new ConfigFileError(file, [`not found at ${path} (CONFIG_DIR=${env.CONFIG_DIR})`]);
      return reader(path);
    };
    const rules = read('activation-rules.yaml', readActivationRules);
    const types = read('incident-types.yaml', readIncidentTypes);
    const grading = read('grading.yaml', readGradingTables);
    const problems = crossCheckIncidentConfig(types, rules, grading);
    if (problems.length > 0) throw new ConfigFileError('incident-types.yaml', problems);
    const jurisdiction = read('jurisdiction.yaml', readJurisdiction);
    const notifications = read(env.NOTIFICATIONS_FILE, readNotificationsConfig);
    const missing = checkProviderSecrets(env, notifications);
    if (missing.length > 0) throw new EnvValidationError(missing);
    return new AppConfig(
      env,
      rules,
      types,
      grading,
      jurisdiction,
      notifications,
      read(env.CONFIRMATION_POLICIES_FILE, (path) => readConfirmationPolicies(path, rules)),
      read(env.REPORTING_FILE, (path) => readReportingConfig(path, { types, jurisdiction })),
    );
  }
}
