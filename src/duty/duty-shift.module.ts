import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app.config';
import { RosterModule } from '../roster/roster.module';
import { loadDutySettings } from './duty-settings.loader';
import { DutyOnShiftService } from './duty-on-shift.service';
import { DutyRosterService } from './duty-roster.service';
import { DutySettingsService } from './duty-settings.service';

/**
 * The read side of the duty roster that other modules need (who is on shift), without the roster's
 * editing, spreadsheets or calendars: imported by DutyModule and by notification delivery (an
 * escalation that ran out alerts the duty officer on shift), also in the worker process.
 */
@Module({
  imports: [RosterModule],
  providers: [
    { provide: DutySettingsService, useFactory: loadDutySettings, inject: [AppConfig] },
    DutyRosterService,
    DutyOnShiftService,
  ],
  exports: [DutySettingsService, DutyRosterService, DutyOnShiftService],
})
export class DutyShiftModule {}
