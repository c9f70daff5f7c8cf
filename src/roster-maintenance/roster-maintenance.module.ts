import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { RosterModule } from '../roster/roster.module';
import { RosterChangeResolver } from './roster-change.resolver';
import { RosterIssuesService } from './roster-issues.service';
import { RosterIssueSourceRegistry } from './roster-issue-source.registry';
import { RosterIssuesResolver } from './roster-issues.resolver';
import { PersonChangeService } from './person-change.service';
import { RosterTransactionService } from './roster-transaction.service';
import { SeatChangeService } from './seat-change.service';
import { TenureChangeService } from './tenure-change.service';

/**
 * Personnel and seat changes (tenure, seat and person changes, each run by RosterTransactionService
 * through one transaction helper, roster-tx.helper.ts) and roster issues.
 */
@Module({
  imports: [RosterModule, ContactsModule],
  providers: [
    RosterTransactionService,
    TenureChangeService,
    SeatChangeService,
    PersonChangeService,
    RosterIssuesService,
    RosterIssueSourceRegistry,
    RosterChangeResolver,
    RosterIssuesResolver,
  ],
  exports: [
    RosterTransactionService,
    TenureChangeService,
    SeatChangeService,
    PersonChangeService,
    RosterIssueSourceRegistry,
  ],
})
export class RosterMaintenanceModule {}
