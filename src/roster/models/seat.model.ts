import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CommandRole } from './command-role.enum';
import { PersonModel } from './person.model';

@ObjectType('Seat', {
  description:
    'A seat on a command body: its role, the title it is listed under, and who fills it (null while vacant).',
})
export class SeatModel {
  @Field(() => ID, {
    description:
      'The seat id, for seat changes (removeSeat, reassignSeat, reorderSeats). Stable: a seat keeps its id for life (a reorder, a new holder or a new title never change it), so clients may cache and store it.',
  })
  id!: string;

  @Field({ description: 'The body the seat is on: HQ or a post code.' })
  body!: string;

  @Field(() => CommandRole)
  role!: CommandRole;

  @Field({ description: 'The role in Chinese as the body names it (总指挥, 指挥长, 副指挥长, 成员, 办公室主任 …).' })
  roleName!: string;

  @Field()
  title!: string;

  @Field(() => Int, { description: 'Order within its role on the body, 1 first.' })
  ordinal!: number;

  @Field(() => PersonModel, { nullable: true })
  person!: PersonModel | null;

  @Field({ description: 'True when no one fills the seat at the instant asked about.' })
  vacant!: boolean;

  @Field({ description: 'True when the holder is acting (代理 / 主持工作).' })
  acting!: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'Since when the seat has been filled by this person (null while vacant).',
  })
  since!: Date | null;
}
