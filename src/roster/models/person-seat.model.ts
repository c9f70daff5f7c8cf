import { Field, ObjectType } from '@nestjs/graphql';
import { CommandRole } from './command-role.enum';

@ObjectType('PersonSeat', { description: 'A seat a person fills: on which body, in which role, under which title.' })
export class PersonSeatModel {
  @Field({ description: 'HQ or a post code.' })
  body!: string;

  @Field()
  bodyName!: string;

  @Field(() => CommandRole)
  role!: CommandRole;

  @Field()
  roleName!: string;

  @Field()
  title!: string;

  @Field()
  acting!: boolean;

  @Field(() => Date, { nullable: true, description: 'Since when the person has filled the seat.' })
  since!: Date | null;
}
