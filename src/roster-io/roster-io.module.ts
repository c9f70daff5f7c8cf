import { Module } from '@nestjs/common';
import { RosterMaintenanceModule } from '../roster-maintenance/roster-maintenance.module';
import { RosterModule } from '../roster/roster.module';
import { RosterBootstrapService } from './roster-bootstrap.service';
import { RosterExportService } from './roster-export.service';
import { RosterImportService } from './roster-import.service';

/** Roster files: the format, import and re-import, export, and the first-start bootstrap. */
@Module({
  imports: [RosterModule, RosterMaintenanceModule],
  providers: [RosterImportService, RosterBootstrapService, RosterExportService],
  exports: [RosterImportService, RosterExportService],
})
export class RosterIoModule {}
