import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Severity } from '../../common/models/severity.enum';
import { ActivationCitationModel } from './activation-citation.model';
import { LeaderOnDutyModel } from './leader-on-duty.model';
import { RecipientModel } from './recipient.model';
import { VacantSeatModel } from './vacant-seat.model';

@ObjectType('Activation', {
  description: 'The outcome of resolving an incident type and grade against the command system.',
})
export class ActivationModel {
  @Field({ description: 'True when the municipal post takes command.' })
  activated!: boolean;

  // `post: CommandPost` is a field resolver (ActivationResolver), read from the roster at asOf.

  @Field({ description: "True when the general headquarters' leadership is activated as well." })
  headquarters!: boolean;

  @Field(() => [RecipientModel], {
    description: 'Everyone to notify, one entry per person, however many seats they hold.',
  })
  recipients!: RecipientModel[];

  @Field({ description: 'The rule that decided, citing the text it comes from.' })
  reason!: string;

  @Field({ description: 'The incident type resolved.' })
  incidentType!: string;

  @Field(() => Severity)
  severity!: Severity;

  @Field(() => Date, { description: 'The instant the roster was read at.' })
  asOf!: Date;

  /** The roster as recorded at this instant was used (whoCommands knownAt); null: as known now. Not a field. */
  knownAt?: Date | null;

  @Field({ description: 'The code of the post responsible for the incident type, also when it is not activated.' })
  postCode!: string;

  @Field(() => Severity, { description: 'The lowest grade for which the post takes command.' })
  commandThreshold!: Severity;

  @Field(() => [VacantSeatModel], { description: 'Seats that should be told but are vacant at asOf: escalate them.' })
  vacancies!: VacantSeatModel[];

  @Field(() => [ActivationCitationModel], { description: 'Each rule that applied, with the words it quotes.' })
  citations!: ActivationCitationModel[];

  @Field(() => Int, { description: 'The roster revision the activation was resolved against.' })
  rosterRevision!: number;

  @Field(() => LeaderOnDutyModel, {
    nullable: true,
    description:
      'The 带班领导 on the duty roster at asOf, told first (role LEADER_ON_DUTY), or the fallback when the shift had none; null when switched off.',
  })
  leaderOnDuty!: LeaderOnDutyModel | null;
}
