import DataLoader from 'dataloader';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { loader, RequestContext } from '../common/request-context.helper';
import { IncidentModel } from '../incidents/models/incident.model';
import { NotificationModel } from './models/notification.model';
import { toNotificationModel } from './notification.mapper';
import { heldForRequest } from '../common/request-scope.helper';
import { NotificationEntity } from './entities/notification.entity';
import { heldNotificationsKey, NotificationsService } from './notifications.service';

/** Incident.notifications: served by notifications, so incidents does not import it. */
@Resolver(() => IncidentModel)
export class IncidentNotificationsResolver {
  constructor(private readonly outbox: NotificationsService) {}

  @ResolveField(() => [NotificationModel], {
    description: 'One per person told about this incident, in the order they were created.',
  })
  async notifications(@Parent() incident: IncidentModel, @Context() ctx: RequestContext): Promise<NotificationModel[]> {
    // The report that created the incident in this request holds its rows as committed.
    const held = heldForRequest<NotificationEntity[]>(heldNotificationsKey(incident.id));
    if (held) return held.map(toNotificationModel);
    const byIncident = loader(
      ctx,
      'notificationsByIncident',
      () => new DataLoader((ids: readonly string[]) => this.outbox.byIncidentIds(ids)),
    );
    return (await byIncident.load(incident.id)).map(toNotificationModel);
  }
}
