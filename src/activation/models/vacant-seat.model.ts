import { Field, ObjectType } from '@nestjs/graphql';
import { CommandRole } from '../../roster/models/command-role.enum';

@ObjectType('VacantSeat', {
  description:
    'A seat the activation should notify that has no holder at the instant resolved: escalate it instead of dropping it.',
})
export class VacantSeatModel {
  @Field({ description: 'HQ or a post code.' })
  body!: string;

  @Field()
  bodyName!: string;

  @Field(() => CommandRole)
  role!: CommandRole;

  @Field()
  roleName!: string;

  @Field({ description: 'The title the vacant seat is listed under.' })
  title!: string;
}
