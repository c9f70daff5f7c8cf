import DataLoader from 'dataloader';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { loader, RequestContext } from '../common/request-context.helper';
import { IncidentModel } from '../incidents/models/incident.model';
import { NotificationModel } from './models/notification.model';
import { toNotificationModel } from './notification.mapper';
import { NotificationsService } from './notifications.service';

/** Incident.notifications: served by notifications, so incidents does not import it. */
@Resolver(() => IncidentModel)
export class IncidentNotificationsResolver {
  constructor(private readonly outbox: NotificationsService) {}

  @ResolveField(() => [NotificationModel], {
    description: 'One per person told about this incident, in the order they were created.',
  })
  async notifications(@Parent() incident: IncidentModel, @Context() ctx: RequestContext): Promise<NotificationModel[]> {
    const byIncident = loader(
      ctx,
      'notificationsByIncident',
      () => new DataLoader((ids: readonly string[]) => this.outbox.byIncidentIds(ids)),
    );
    return (await byIncident.load(incident.id)).map(toNotificationModel);
  }
}
