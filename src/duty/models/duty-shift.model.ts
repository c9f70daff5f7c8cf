import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PersonModel } from '../../roster/models/person.model';

export enum DutyRole {
  OFFICER = 'OFFICER',
  LEADER = 'LEADER',
}
registerEnumType(DutyRole, {
  name: 'DutyRole',
  description: 'OFFICER: 值班员 (duty officer); LEADER: 带班领导 (leader on duty).',
});

@ObjectType('DutyAssignment', { description: 'One person on one shift in one duty role.' })
export class DutyAssignmentModel {
  @Field(() => PersonModel)
  person!: PersonModel;

  @Field(() => DutyRole)
  role!: DutyRole;

  @Field(() => PersonModel, {
    nullable: true,
    description: 'Whom this person stands in for (换班, 请假, 出差), if anyone.',
  })
  replaces!: PersonModel | null;

  @Field(() => String, { nullable: true, description: 'Why they stand in (the swap or absence and its reason).' })
  note!: string | null;

  @Field(() => Date, { description: 'When this assignment was recorded.' })
  recordedAt!: Date;
}

@ObjectType('DutyShift', {
  description: 'A shift of a duty office with its 值班员 and 带班领导, as the roster gives them.',
})
export class DutyShiftModel {
  @Field({ description: 'The duty office: HQ (市应急管理局总值班室) or a post code (that post’s office).' })
  office!: string;

  @Field()
  officeName!: string;

  @Field({ description: 'The China date (UTC+8) the shift starts on, YYYY-MM-DD.' })
  date!: string;

  @Field({ description: 'The shift code, e.g. DAY or NIGHT (config/duty.yaml).' })
  shift!: string;

  @Field({ description: 'The shift name, e.g. 白班, 夜班.' })
  shiftName!: string;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Date)
  endsAt!: Date;

  @Field(() => [DutyAssignmentModel], { description: '值班员, in the order listed.' })
  officers!: DutyAssignmentModel[];

  @Field(() => DutyAssignmentModel, { nullable: true, description: '带班领导; null when the shift has none.' })
  leader!: DutyAssignmentModel | null;

  @Field(() => [DutyRole], {
    description: 'What the shift lacks: OFFICER (no 值班员), LEADER (no 带班领导); empty when complete.',
  })
  missing!: DutyRole[];
}
