import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RecipientRoleModel } from '../../activation/models/recipient-role.model';
import { NotificationStatus } from './notification-status.enum';
import { NotificationMessageKind } from './delivery-attempt.model';
import { DeliveryErrorModel } from './delivery-error.model';

/** How a duty officer says a confirmation reached the office (acknowledgeNotification). */
export enum AcknowledgementVia {
  API = 'API',
  PHONE = 'PHONE',
}

registerEnumType(AcknowledgementVia, {
  name: 'AcknowledgementVia',
  description: 'How a confirmation recorded by a duty officer reached the office.',
  valuesMap: {
    API: { description: 'Recorded by the duty officer (the default).' },
    PHONE: { description: 'The person confirmed by telephone; add a note.' },
  },
});

@ObjectType('Notification', {
  description: 'One person to tell about one incident (the outbox row), and how far delivery got.',
})
export class NotificationModel {
  @Field(() => ID)
  id!: string;

  // `person: Person!` is a field resolver (NotificationResolver), from the frozen person id and name.

  @Field({ description: 'The channel of the latest delivery attempt (log, webhook, email); "log" before the first.' })
  channel!: string;

  @Field(() => NotificationStatus)
  status!: NotificationStatus;

  @Field(() => ID)
  incidentId!: string;

  @Field(() => [RecipientRoleModel], {
    description: 'The roles the person holds in the activation, as when the notification was created.',
  })
  roles!: RecipientRoleModel[];

  @Field(() => String, {
    nullable: true,
    description: 'Why this person is told (the report or the regrading that required it).',
  })
  reason!: string | null;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Why the latest send failed: its code and description, e.g. "HTTP_404 对方地址不存在 (the receiving address does not exist)". Never a contact value, URL or answer of the far side; see lastFailure.',
  })
  lastError!: string | null;

  @Field(() => DeliveryErrorModel, {
    nullable: true,
    description: 'Why the latest send failed, as a code (lastError is its one-line form); null when none failed.',
  })
  lastFailure!: DeliveryErrorModel | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  queuedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  sentAt!: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => Date, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  failedAt!: Date | null;

  // ---- Delivery (src/notifications/delivery) ----

  @Field(() => NotificationMessageKind, {
    description: 'What the current message is: the first one, a reminder or an escalation.',
  })
  messageKind!: NotificationMessageKind;

  @Field(() => Int, { description: 'The escalation level of the current message (0: the first message).' })
  escalationLevel!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'How it was acknowledged: API or PHONE (acknowledgeNotification, recorded by a duty officer), LINK (the link in the message), SMS (a reply "1 <code>") or VOICE (key 1 during a call).',
  })
  acknowledgedVia!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who recorded the acknowledgement (the API key name); null for the link and replies.',
  })
  acknowledgedBy!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the duty officer noted with the acknowledgement (e.g. a telephone confirmation).',
  })
  acknowledgementNote!: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the acknowledgement was recorded; acknowledgedAt is when the person confirmed (earlier for a telephone call recorded afterwards).',
  })
  acknowledgementRecordedAt!: Date | null;

  @Field({
    description:
      'NOTICE (the message about the incident), REPORT_ALERT (a reporting deadline due soon or overdue) or DUTY_ALERT (to the duty office: escalation ran out with the confirmation policy unmet).',
  })
  purpose!: string;

  // `deliveryAttempts: [DeliveryAttempt!]!` is a field resolver (NotificationDeliveryResolver).

  /** The frozen person (Notification.person). */
  personId!: string;
  personName!: string;
}
