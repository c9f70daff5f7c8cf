import { Module } from '@nestjs/common';
import { DutyShiftModule } from '../../duty/duty-shift.module';
import { RosterModule } from '../../roster/roster.module';
import { EmailChannel } from '../channels/email.channel';
import { LogChannel } from '../channels/log.channel';
import { WebhookChannel } from '../channels/webhook.channel';
import { SmsChannel } from '../channels/sms.channel';
import { VoiceChannel } from '../channels/voice.channel';
import { DingtalkChannel } from '../channels/dingtalk.channel';
import { CloudProvidersService } from '../providers/cloud-providers.service';
import { ProviderCallbacksService } from '../providers/provider-callbacks.service';
import { SendBudgetService } from '../providers/send-budget.service';
import { LiveEventsService } from '../live/live-events.service';
import { NotificationQueuesService } from '../queue/notification-queues.service';
import { AckService } from './ack.service';
import { DeliveryHealthService } from './delivery-health.service';
import { DeliveryService } from './delivery.service';
import { EscalationLimitsService } from './escalation-limits.service';
import { EscalationService } from './escalation.service';
import { NotificationWorkersService } from './notification-workers.service';
import { OutboxRelayService } from './outbox-relay.service';

/**
 * Notification delivery without any HTTP or GraphQL: the queues, the relay, the workers (when
 * WORKERS=on), the channels, escalation and acknowledgement. Imported by the API (through
 * NotificationsModule and HealthModule) and by the worker process (src/worker.ts).
 * It reads the roster through RosterModule, so each process holds one roster view.
 */
@Module({
  imports: [RosterModule, DutyShiftModule],
  providers: [
    NotificationQueuesService,
    LiveEventsService,
    LogChannel,
    WebhookChannel,
    EmailChannel,
    CloudProvidersService,
    SendBudgetService,
    SmsChannel,
    VoiceChannel,
    DingtalkChannel,
    ProviderCallbacksService,
    EscalationLimitsService,
    EscalationService,
    DeliveryService,
    OutboxRelayService,
    NotificationWorkersService,
    AckService,
    DeliveryHealthService,
  ],
  exports: [
    EscalationService,
    NotificationQueuesService,
    LiveEventsService,
    OutboxRelayService,
    AckService,
    DeliveryService,
    DeliveryHealthService,
    NotificationWorkersService,
    ProviderCallbacksService,
    SendBudgetService,
    SmsChannel,
  ],
})
export class NotificationDeliveryModule {}
