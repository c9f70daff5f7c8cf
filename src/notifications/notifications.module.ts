import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module';
import { AckController } from './ack.controller';
import { ProviderCallbacksController } from './providers/provider-callbacks.controller';
import { ConfirmationPersonResolver, ConfirmationsResolver } from './confirmations/confirmations.resolver';
import { ConfirmationsService } from './confirmations/confirmations.service';
import { NotificationDeliveryModule } from './delivery/delivery.module';
import { LiveUpdatesResolver } from './live/live-updates.resolver';
import { NotificationDeliveryResolver } from './notification-delivery.resolver';
import { DeliveryErrorResolver } from './delivery-error.resolver';
import { NotificationResolver } from './notification.resolver';
import { NotificationsService } from './notifications.service';
import { IncidentNotificationsResolver } from './incident-notifications.resolver';
import { IncidentOutboxHandler } from './incident-outbox.handler';

/**
 * The notification outbox (table notification) and its GraphQL type; delivery (the relay, queues,
 * workers, escalation: NotificationDeliveryModule), acknowledgement (acknowledgeNotification,
 * GET /ack/:token) and the live subscriptions. Reacts to incident changes (IncidentOutboxHandler)
 * without incidents importing it.
 */
@Module({
  imports: [RosterModule, NotificationDeliveryModule],
  controllers: [AckController, ProviderCallbacksController],
  providers: [
    NotificationsService,
    NotificationResolver,
    NotificationDeliveryResolver,
    DeliveryErrorResolver,
    LiveUpdatesResolver,
    IncidentNotificationsResolver,
    IncidentOutboxHandler,
    ConfirmationsService,
    ConfirmationsResolver,
    ConfirmationPersonResolver,
  ],
  exports: [NotificationsService, NotificationDeliveryModule, IncidentOutboxHandler, ConfirmationsService],
})
export class NotificationsModule {}
