import { Field, ID, ObjectType } from '@nestjs/graphql';
import { CommandRole } from './command-role.enum';
import { PersonModel } from './person.model';
import { PositionModel, TenureModel } from './position.model';
import { RosterChangeModel } from './roster-change.model';

@ObjectType('SeatPeriod', { description: 'A period in which a person filled a seat.' })
export class SeatPeriodModel {
  @Field(() => ID)
  seatId!: string;

  @Field()
  body!: string;

  @Field()
  bodyName!: string;

  @Field(() => CommandRole)
  role!: CommandRole;

  @Field()
  roleName!: string;

  @Field()
  title!: string;

  @Field(() => Date)
  effectiveFrom!: Date;

  @Field(() => Date, { nullable: true })
  effectiveTo!: Date | null;

  @Field(() => Date)
  recordedAt!: Date;

  @Field(() => Date, { nullable: true })
  endRecordedAt!: Date | null;

  @Field()
  acting!: boolean;
}

@ObjectType('PositionHistory')
export class PositionHistoryModel {
  @Field(() => PositionModel, { description: 'The position and its holders now (or at knownAt).' })
  position!: PositionModel;

  @Field(() => [TenureModel], { description: 'Every tenure, oldest first.' })
  tenures!: TenureModel[];

  @Field(() => [RosterChangeModel], {
    description: 'The recorded changes that concern the position, in the order they were recorded.',
  })
  changes!: RosterChangeModel[];
}

@ObjectType('PersonHistory')
export class PersonHistoryModel {
  @Field(() => PersonModel)
  person!: PersonModel;

  @Field(() => [TenureModel], { description: 'Every position the person held, oldest first.' })
  tenures!: TenureModel[];

  @Field(() => [SeatPeriodModel], { description: 'Every seat the person filled, oldest first.' })
  seats!: SeatPeriodModel[];

  @Field(() => [RosterChangeModel], { description: 'The recorded changes that concern the person.' })
  changes!: RosterChangeModel[];
}
