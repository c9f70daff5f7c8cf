import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { loader, RequestContext } from '../common/request-context.helper';
import { actorOf } from '../auth/principal.types';
import { toDeliveryAttemptModel } from './delivery-attempt.mapper';
import { AckService } from './delivery/ack.service';
import { DeliveryService } from './delivery/delivery.service';
import { DeliveryAttemptModel } from './models/delivery-attempt.model';
import { AcknowledgementVia, NotificationModel } from './models/notification.model';
import { toNotificationModel } from './notification.mapper';

/** Delivery on the Notification type: its attempts, and acknowledgement by a duty officer. */
@Resolver(() => NotificationModel)
export class NotificationDeliveryResolver {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly acks: AckService,
  ) {}

  @Mutation(() => NotificationModel, {
    description:
      'Records that the person acknowledged (confirmed) the notification: status ACKNOWLEDGED with the time, how (via) and who recorded it. ' +
      'via: PHONE for a confirmation taken by telephone, with a note. Once the confirmation policy of the incident is met, its escalation stops. ' +
      'Acknowledging again changes nothing. Needs the role duty_officer.',
  })
  @Roles(ApiRole.duty_officer)
  async acknowledgeNotification(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: RequestContext,
    @Args('via', {
      type: () => AcknowledgementVia,
      nullable: true,
      defaultValue: AcknowledgementVia.API,
      description: 'How the confirmation reached the duty office.',
    })
    via: AcknowledgementVia,
    @Args('note', {
      type: () => String,
      nullable: true,
      description: 'What the duty officer noted (e.g. who called, from where), at most 500 characters.',
    })
    note?: string | null,
    @Args('receivedAt', {
      type: () => Date,
      nullable: true,
      description:
        'When the person confirmed, if before now (a telephone call recorded afterwards): not in the future, not before they were notified. Default: now.',
    })
    receivedAt?: Date | null,
  ): Promise<NotificationModel> {
    const result = await this.acks.acknowledge(id, via ?? AcknowledgementVia.API, actorOf(ctx).name, {
      note,
      receivedAt,
    });
    return toNotificationModel(result.notification);
  }

  @ResolveField(() => [DeliveryAttemptModel], {
    description: 'Every try to deliver it, oldest first: channel, time, outcome, error.',
  })
  async deliveryAttempts(
    @Parent() notification: NotificationModel,
    @Context() ctx: RequestContext,
  ): Promise<DeliveryAttemptModel[]> {
    const attempts = loader(
      ctx,
      'deliveryAttemptsByNotification',
      () => new DataLoader((ids: readonly string[]) => this.delivery.attemptsOf(ids)),
    );
    return (await attempts.load(notification.id)).map(toDeliveryAttemptModel);
  }
}
