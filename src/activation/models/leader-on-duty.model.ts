import { Field, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../roster/models/person.model';

@ObjectType('LeaderOnDuty', {
  description:
    'The duty-roster shift at the activation instant and who was told as its 带班领导 (config/duty.yaml activation).',
})
export class LeaderOnDutyModel {
  @Field({ description: 'The duty office whose roster was read, e.g. HQ.' })
  office!: string;

  @Field()
  officeName!: string;

  @Field({ description: 'The China date the shift starts on, YYYY-MM-DD.' })
  shiftDate!: string;

  @Field({ description: 'The shift code, e.g. NIGHT.' })
  shift!: string;

  @Field()
  shiftName!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date)
  endsAt!: Date;

  @Field(() => PersonModel, {
    nullable: true,
    description: 'The 带班领导 on the roster; null when the shift has none.',
  })
  leader!: PersonModel | null;

  @Field(() => [PersonModel], {
    description: 'The 值班员 on the shift (not told by the activation: they are the ones reporting).',
  })
  officers!: PersonModel[];

  @Field({ description: 'True when the shift had no 带班领导 and the configured fallback was told instead.' })
  fallback!: boolean;

  @Field(() => [PersonModel], { description: 'Who was told as the fallback (empty unless fallback).' })
  fallbackPersons!: PersonModel[];

  @Field({ description: 'What happened, in Chinese (also at the end of Activation.reason).' })
  note!: string;
}
