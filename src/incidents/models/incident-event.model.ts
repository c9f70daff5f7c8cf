import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ActivationModel } from '../../activation/models/activation.model';
import { IncidentEventKind } from './incident-status.enum';

@ObjectType('IncidentEvent', { description: 'One change to an incident: what, when and who. Kept for ever.' })
export class IncidentEventModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: '1, 2, 3 … within the incident.' })
  seq!: number;

  @Field(() => IncidentEventKind)
  kind!: IncidentEventKind;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { nullable: true, description: 'Who made the change; null while requests carry no identity.' })
  actor!: string | null;

  @Field({ description: 'What happened, in one line (Chinese).' })
  summary!: string;

  @Field({ description: 'The details as JSON: the facts, the changes (from/to), the reason, who was notified.' })
  data!: string;

  @Field(() => ActivationModel, {
    nullable: true,
    description: 'For REPORTED and REGRADED: the activation resolved then, as frozen.',
  })
  activation!: ActivationModel | null;
}
