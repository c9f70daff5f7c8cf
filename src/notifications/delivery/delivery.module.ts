import { Module } from '@nestjs/common';
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
import { LiveEvents } from '../live/live-events.service';
import { NotificationQueues } from '../queue/notification-queues.provider';
import { AckService } from './ack.service';
import { DeliveryHealth } from './delivery-health.service';
import { DeliveryService } from './delivery.service';
import { EscalationService } from './escalation.service';
import { NotificationWorkers } from './notification-workers.service';
import { OutboxRelay } from './outbox-relay.service';

/**
 * Notification delivery without any HTTP or GraphQL: the queues, the relay, the workers (when
 * WORKERS=on), the channels, escalation and acknowledgement. Imported by the API (through
 * NotificationsModule and HealthModule) and by the worker process (src/worker.ts).
 * It reads the roster through RosterModule, so each process holds one roster view.
 */
@Module({
  imports: [RosterModule],
  providers: [
    NotificationQueues,
    LiveEvents,
    LogChannel,
    WebhookChannel,
    EmailChannel,
    CloudProvidersService,
    SendBudgetService,
    SmsChannel,
    VoiceChannel,
    DingtalkChannel,
    ProviderCallbacksService,
    EscalationService,
    DeliveryService,
    OutboxRelay,
    NotificationWorkers,
    AckService,
    DeliveryHealth,
  ],
  exports: [
    NotificationQueues,
    LiveEvents,
    OutboxRelay,
    AckService,
    DeliveryService,
    DeliveryHealth,
    NotificationWorkers,
    ProviderCallbacksService,
    SendBudgetService,
    SmsChannel,
  ],
})
export class NotificationDeliveryModule {}
