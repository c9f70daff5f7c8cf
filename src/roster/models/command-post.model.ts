import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Severity } from '../../common/models/severity.enum';
import { OfficeModel } from './office.model';
import { SeatModel } from './seat.model';

@ObjectType('CommandPost', {
  description:
    'One of the specialized command posts. Its code is also the code of the incident type it is principally responsible for.',
})
export class CommandPostModel {
  @Field(() => ID, { description: 'Stable: the post code (EARTHQUAKE …) never changes; it identifies the post.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => [String])
  incidentTypes!: string[];

  @Field(() => Severity, { description: 'The lowest grade for which this post itself takes command.' })
  commandThreshold!: Severity;

  @Field({ description: 'The words of the founding document the threshold is read from.' })
  commandThresholdSource!: string;

  @Field(() => [SeatModel])
  commanders!: SeatModel[];

  @Field(() => [SeatModel])
  deputyCommanders!: SeatModel[];

  @Field(() => OfficeModel)
  office!: OfficeModel;

  @Field()
  duties!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Members named by description rather than as seats (有关单位分管负责人).',
  })
  membersText!: string | null;

  @Field(() => String, { nullable: true })
  documentRef!: string | null;

  @Field(() => Date)
  establishedAt!: Date;
}
