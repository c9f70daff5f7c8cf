import { existsSync } from 'node:fs';
import { ConfigFileError } from './yaml-file';
import { configPath, Env } from './env';
import { ActivationRules, IncidentTypesFile, readActivationRules, readIncidentTypes } from './rules-config';

/** Everything the service reads from env and config/ at boot, validated, in one injectable value. */
export class AppConfig {
  constructor(
    readonly env: Env,
    readonly activationRules: ActivationRules,
    readonly incidentTypes: IncidentTypesFile,
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
    return new AppConfig(env, read('activation-rules.yaml', readActivationRules), read('incident-types.yaml', readIncidentTypes));
  }
}
