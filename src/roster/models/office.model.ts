import { Field, ObjectType } from '@nestjs/graphql';
import { SeatModel } from './seat.model';

@ObjectType('Office')
export class OfficeModel {
  @Field({ description: 'The unit the office is set up in, e.g. 市应急管理局.' })
  hostUnit!: string;

  @Field(() => [SeatModel])
  directors!: SeatModel[];

  @Field()
  duties!: string;
}
