import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { RecipientRoleModel } from '../../../activation/models/recipient-role.model';
import { CommandRole } from '../../../roster/core/command-role';
import { NotificationStatus } from '../../models/notification-status.enum';

export enum ConfirmationState {
  CONFIRMED = 'CONFIRMED',
  WAITING = 'WAITING',
}

registerEnumType(ConfirmationState, {
  name: 'ConfirmationState',
  valuesMap: {
    CONFIRMED: { description: 'The person acknowledged the notification.' },
    WAITING: { description: 'Not yet.' },
  },
});

@ObjectType('Confirmation', {
  description:
    'One person told about an incident: whether the confirmation policy needs them, and whether, when and how they confirmed.',
})
export class ConfirmationModel {
  @Field(() => ID, { description: 'The notification (Notification.id).' })
  notificationId!: string;

  // person: Person! is a field resolver (ConfirmationsResolver).
  personId!: string;
  personName!: string;
  createdAt!: Date;

  @Field(() => [RecipientRoleModel], { description: 'The roles the person holds in the activation.' })
  roles!: RecipientRoleModel[];

  @Field({ description: 'True when the person counts towards the confirmation policy; false: informed only.' })
  required!: boolean;

  @Field(() => ConfirmationState)
  state!: ConfirmationState;

  @Field(() => NotificationStatus, {
    description: 'How far the notification got (QUEUED, SENT, DELIVERED, ACKNOWLEDGED, FAILED …).',
  })
  notificationStatus!: NotificationStatus;

  @Field({ description: 'The channel of the latest send (log, webhook, email …).' })
  channel!: string;

  @Field(() => Date, { nullable: true })
  confirmedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'API, PHONE, LINK or REPLY.' })
  via!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Who recorded it (API key name); null for the link and replies.',
  })
  recordedBy!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When it was recorded; confirmedAt is when the person confirmed (the time of the call for a telephone confirmation recorded afterwards).',
  })
  recordedAt!: Date | null;
}

@ObjectType('ConfirmationRequirement', {
  description: 'One requirement of a confirmation policy, and how far it is met.',
})
export class ConfirmationRequirementModel {
  @Field({ description: "POST (the incident type's post) or HQ (the headquarters)." })
  body!: string;

  @Field(() => CommandRole)
  role!: CommandRole;

  @Field({ description: 'ALL or a number.' })
  need!: string;

  @Field(() => Int, { description: 'Confirmations needed now (ALL: how many hold the role).' })
  needed!: number;

  @Field(() => Int, { description: 'Persons told in that role.' })
  holders!: number;

  @Field(() => Int)
  confirmed!: number;

  @Field()
  met!: boolean;
}

@ObjectType('EscalationState', {
  description: 'Where the escalation of an incident stands (notifications.yaml escalation).',
})
export class EscalationStateModel {
  @Field({
    description:
      'WAITING (the next escalation fires at dueAt unless the policy is met first), CANCELLED (the policy was met), EXHAUSTED (maxLevels escalations fired with the policy unmet; the duty office was alerted), NONE (nobody must confirm) or CLOSED.',
  })
  status!: string;

  @Field(() => Int, { description: 'Escalations fired so far.' })
  level!: number;

  @Field(() => Int, {
    description: 'Escalations in one run (a regrade that leaves the policy unmet starts a new run).',
  })
  maxLevels!: number;

  @Field(() => Date, { nullable: true, description: 'When the next escalation fires (WAITING only).' })
  dueAt!: Date | null;
}

@ObjectType('ConfirmationPolicyState', {
  description: 'The confirmation policy of an incident (config/confirmation-policies.yaml) and where it stands.',
})
export class ConfirmationPolicyStateModel {
  @Field({ description: 'Where the policy comes from: default.II, posts.EARTHQUAKE.IV, belowThreshold.' })
  source!: string;

  @Field({ description: 'The policy in words, e.g. 指挥长全部确认、办公室主任至少1人确认.' })
  description!: string;

  @Field({ description: 'Every requirement met (an empty policy is met from the start).' })
  met!: boolean;

  @Field(() => Date, { nullable: true, description: 'The confirmation that completed the policy.' })
  metAt!: Date | null;

  @Field(() => [ConfirmationRequirementModel])
  requirements!: ConfirmationRequirementModel[];

  @Field(() => EscalationStateModel, {
    nullable: true,
    description: 'The escalation that keeps reaching people until the policy is met; null before it started.',
  })
  escalation!: EscalationStateModel | null;
}
