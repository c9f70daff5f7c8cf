import { existsSync } from 'node:fs';
import { AppConfig } from '../config/app.config';
import { configPath } from '../config/env.schema';
import { ConfigFileError } from '../config/yaml-file.reader';
import { COMMAND_ROLES, CommandRole } from '../roster/core/command-role';
import { readDutyConfig } from './core/duty-config';
import { DutySettingsService } from './duty-settings.service';

export const DUTY_FILE = 'duty.yaml';

/** config/duty.yaml, read and checked at boot (a bad file stops the process naming file, line and field). */
export function loadDutySettings(config: AppConfig): DutySettingsService {
  const path = configPath(config.env, DUTY_FILE);
  if (!existsSync(path))
    throw new ConfigFileError(DUTY_FILE, [`not found at ${path} (CONFIG_DIR=${config.env.CONFIG_DIR})`]);
  const duty = readDutyConfig(path);
  const unknown = duty.activation.fallback.roles.filter((r) => !COMMAND_ROLES.includes(r as CommandRole));
  if (unknown.length > 0) {
    throw new ConfigFileError(DUTY_FILE, [
      `activation.fallback.roles: unknown role(s) ${unknown.join(', ')}; expected some of ${COMMAND_ROLES.join(', ')}`,
    ]);
  }
  return new DutySettingsService(duty);
}
