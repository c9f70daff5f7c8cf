import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { RosterMaintenanceModule } from '../roster-maintenance/roster-maintenance.module';
import { RosterModule } from '../roster/roster.module';
import { DutyAccessService } from './duty-access.service';
import { DutyActivationService } from './duty-activation.service';
import { DutyCalendarController } from './duty-calendar.controller';
import { DutyCalendarService } from './duty-calendar.service';
import { DutyChangeService } from './duty-change.service';
import { DutyShiftModule } from './duty-shift.module';
import { DutySheetService } from './duty-sheet.service';
import { DutyResolver } from './duty.resolver';
import { DutyIssuesRegistration } from './duty-issues.registration';

/** 值班值守: the duty roster (值班表), who is on duty, changes, spreadsheets and calendar feeds. */
@Module({
  imports: [RosterModule, ContactsModule, RosterMaintenanceModule, DutyShiftModule],
  controllers: [DutyCalendarController],
  providers: [
    DutyAccessService,
    DutyChangeService,
    DutySheetService,
    DutyCalendarService,
    DutyResolver,
    DutyActivationService,
    DutyIssuesRegistration,
  ],
  exports: [DutyShiftModule, DutyActivationService],
})
export class DutyModule {}
