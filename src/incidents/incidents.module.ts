import { Module } from '@nestjs/common';
import { ActivationModule } from '../activation/activation.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { IncidentsResolver } from './incidents.resolver';
import { IncidentsService } from './incidents.service';
import { IntakeAssistResolver } from './intake-assist.resolver';
import { IntakeAssistService } from './intake-assist.service';

/** Incident intake and lifecycle, and the intake assistants (assessSeverity, suggestIncidentTypes). */
@Module({
  imports: [ActivationModule, NotificationsModule],
  providers: [IncidentsService, IncidentsResolver, IntakeAssistService, IntakeAssistResolver],
  exports: [IncidentsService],
})
export class IncidentsModule {}
