import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { RosterModule } from '../roster/roster.module';
import { RosterChangeResolver } from './roster-change.resolver';
import { RosterChangeService } from './roster-change.service';
import { RosterIssuesService } from './roster-issues.service';
import { RosterIssueSources } from './roster-issue-sources';

/** Personnel and seat changes (through one transaction helper, roster-tx.helper.ts) and roster issues. */
@Module({
  imports: [RosterModule, ContactsModule],
  providers: [RosterChangeService, RosterIssuesService, RosterIssueSources, RosterChangeResolver],
  exports: [RosterChangeService, RosterIssueSources],
})
export class RosterMaintenanceModule {}
