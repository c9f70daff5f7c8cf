import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { PersonModel } from '../roster/models/person.model';
import { RosterViewService } from '../roster/roster-view.service';
import { NotificationModel } from './models/notification.model';

@Resolver(() => NotificationModel)
export class NotificationResolver {
  constructor(private readonly views: RosterViewService) {}

  /** The person as frozen on the row (id, name at the time); aliases from the in-memory roster, no query per row. */
  @ResolveField(() => PersonModel)
  async person(@Parent() notification: NotificationModel): Promise<PersonModel> {
    const view = await this.views.current();
    return {
      id: notification.personId,
      name: notification.personName,
      aliases: view.person(notification.personId)?.aliases ?? [],
      asOf: notification.createdAt,
    };
  }
}
