import { Field, ObjectType } from '@nestjs/graphql';
import { OfficeModel } from './office.model';
import { SeatModel } from './seat.model';

@ObjectType('Headquarters')
export class HeadquartersModel {
  @Field({ description: 'The body code, HQ.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => [String], { description: 'Other names the headquarters carries (市减灾委员会).' })
  otherNames!: string[];

  @Field(() => [SeatModel])
  commanders!: SeatModel[];

  @Field(() => [SeatModel])
  executiveDeputyCommanders!: SeatModel[];

  @Field(() => [SeatModel])
  deputyCommanders!: SeatModel[];

  @Field(() => [SeatModel])
  members!: SeatModel[];

  @Field(() => OfficeModel)
  office!: OfficeModel;

  @Field()
  duties!: string;

  @Field(() => String, { nullable: true, description: 'The document that established it, e.g. 晋市政办〔2019〕37号.' })
  documentRef!: string | null;

  @Field(() => Date)
  establishedAt!: Date;
}
