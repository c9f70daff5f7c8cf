import { existsSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { configPath } from '../config/env.schema';
import { ConfigFileError } from '../config/yaml-file.reader';
import { COMMAND_ROLES, CommandRole } from '../roster/core/command-role';
import { ContactsModule } from '../contacts/contacts.module';
import { RosterMaintenanceModule } from '../roster-maintenance/roster-maintenance.module';
import { RosterModule } from '../roster/roster.module';
import { readDutyConfig } from './core/duty-config';
import { DutyAccessService } from './duty-access.service';
import { DutyActivationService } from './duty-activation.service';
import { DutyCalendarController } from './duty-calendar.controller';
import { DutyCalendarService } from './duty-calendar.service';
import { DutyChangeService } from './duty-change.service';
import { DutyRosterService } from './duty-roster.service';
import { DutySettings } from './duty-settings';
import { DutySheetService } from './duty-sheet.service';
import { DutyResolver } from './duty.resolver';
import { DutyIssuesRegistration } from './duty-issues.registration';

export const DUTY_FILE = 'duty.yaml';

/** config/duty.yaml, read and checked at boot (a bad file stops the process naming file, line and field). */
export function loadDutySettings(config: AppConfig): DutySettings {
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
  return new DutySettings(duty);
}

/** 值班值守: the duty roster (值班表), who is on duty, changes, spreadsheets and calendar feeds. */
@Module({
  imports: [RosterModule, ContactsModule, RosterMaintenanceModule],
  controllers: [DutyCalendarController],
  providers: [
    { provide: DutySettings, useFactory: loadDutySettings, inject: [AppConfig] },
    DutyRosterService,
    DutyAccessService,
    DutyChangeService,
    DutySheetService,
    DutyCalendarService,
    DutyResolver,
    DutyActivationService,
    DutyIssuesRegistration,
  ],
  exports: [DutySettings, DutyRosterService, DutyActivationService],
})
export class DutyModule {}
