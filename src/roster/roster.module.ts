import { Module } from '@nestjs/common';
import { ContactMethodService } from '../contacts/contact-method.service';
import { DirectoryResolver, PersonResolver } from './directory.resolver';
import { DirectoryService } from './directory.service';
import { RosterBootstrapService } from '../roster-io/roster-bootstrap.service';
import { RosterChangeResolver } from '../roster-maintenance/roster-change.resolver';
import { RosterChangeService } from '../roster-maintenance/roster-change.service';
import { RosterExportService } from '../roster-io/roster-export.service';
import { RosterHistoryService } from './roster-history.service';
import { RosterImportService } from '../roster-io/roster-import.service';
import { RosterIssuesService } from '../roster-maintenance/roster-issues.service';
import { RosterViewService } from './roster-view.service';

@Module({
  providers: [
    RosterViewService,
    RosterImportService,
    RosterBootstrapService,
    DirectoryService,
    DirectoryResolver,
    PersonResolver,
    RosterChangeService,
    RosterHistoryService,
    RosterIssuesService,
    ContactMethodService,
    RosterExportService,
    RosterChangeResolver,
  ],
  exports: [RosterViewService, RosterImportService, DirectoryService, RosterChangeService, ContactMethodService, RosterExportService],
})
export class DirectoryModule {}
