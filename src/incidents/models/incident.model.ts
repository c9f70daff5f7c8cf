import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ActivationModel } from '../../activation/models/activation.model';
import { Severity } from '../../common/models/severity.enum';
import { IncidentStatus } from './incident-status.enum';

@ObjectType('Incident', {
  description: 'An incident as reported, with the activation frozen when it was reported or last regraded.',
})
export class IncidentModel {
  @Field(() => ID)
  id!: string;

  @Field()
  incidentType!: string;

  @Field(() => Severity, { description: 'The current grade.' })
  severity!: Severity;

  @Field()
  title!: string;

  @Field(() => Date)
  reportedAt!: Date;

  @Field(() => ActivationModel, {
    description:
      'Who commands and who is told, as resolved when the incident was reported (or last regraded); later roster changes do not rewrite it. ' +
      'Earlier activations are kept in the events.',
  })
  activation!: ActivationModel;

  // notifications: [Notification!]! and events: [IncidentEvent!]! are field resolvers (IncidentFieldsResolver).

  @Field({ description: 'The name of the incident type, e.g. 煤矿生产安全事故.' })
  incidentTypeName!: string;

  @Field(() => IncidentStatus)
  status!: IncidentStatus;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'Where it happened, free text.' })
  location!: string | null;

  @Field(() => String, { nullable: true, description: 'The county or district (县(市、区)).' })
  county!: string | null;

  @Field(() => String, { nullable: true })
  reporter!: string | null;

  @Field(() => Date, { nullable: true })
  occurredAt!: Date | null;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => String, { nullable: true })
  idempotencyKey!: string | null;

  @Field({
    description: 'A drill (演练): its messages start with 【演练】; left out of the response figures unless asked for.',
  })
  exercise!: boolean;
}
