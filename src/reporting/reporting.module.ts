import { Module } from '@nestjs/common';
import { DutyShiftModule } from '../duty/duty-shift.module';
import { RosterModule } from '../roster/roster.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { DeadlineMonitorService } from './deadline-monitor.service';
import { IncidentDeadlinesHandler } from './incident-deadlines.handler';
import { ReportDraftService } from './report-draft.service';
import { ReportingDeadlinesService } from './reporting-deadlines.service';
import { ReportingResolver } from './reporting.resolver';
import { ResponseStatsController } from './response-stats.controller';
import { ResponseStatsService } from './response-stats.service';

/**
 * Reporting up the line (信息报送): deadlines of the 首报/续报/终报 and their alerts, reports filed
 * and drafted, and the after-action figures (responseStats, CSV).
 */
@Module({
  imports: [RosterModule, NotificationsModule, DutyShiftModule],
  controllers: [ResponseStatsController],
  providers: [
    ReportingDeadlinesService,
    DeadlineMonitorService,
    ReportDraftService,
    ResponseStatsService,
    ReportingResolver,
    IncidentDeadlinesHandler,
  ],
  exports: [ReportingDeadlinesService, DeadlineMonitorService, IncidentDeadlinesHandler],
})
export class ReportingModule {}
