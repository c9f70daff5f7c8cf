import { Module } from '@nestjs/common';
import { RosterViewService } from '../../roster/roster-view.service';
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
import { DeliveryTrigger } from './delivery-trigger.service';
import { DeliveryService } from './delivery.service';
import { EscalationService } from './escalation.service';
import { NotificationWorkers } from './notification-workers.service';
import { OutboxRelay } from './outbox-relay.service';

/**
 * Notification delivery without any HTTP or GraphQL: the queues, the relay, the workers (when
 * WORKERS=on), the channels, escalation and acknowledgement. Imported by the API (through
 * NotificationsModule and HealthModule) and by the worker process (src/worker.ts).
 * It reads the roster through a RosterViewService of its own (a worker process has no directory module).
 */
@Module({
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
    RosterViewService,
    EscalationService,
    DeliveryService,
    OutboxRelay,
    NotificationWorkers,
    AckService,
    DeliveryHealth,
    DeliveryTrigger,
  ],
  exports: [
    NotificationQueues,
    LiveEvents,
    OutboxRelay,
    AckService,
    DeliveryService,
    DeliveryHealth,
    NotificationWorkers,
    DeliveryTrigger,
    ProviderCallbacksService,
    SendBudgetService,
    SmsChannel,
  ],
})
export class NotificationDeliveryModule {}
