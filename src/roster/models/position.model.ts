import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PersonModel } from './person.model';

@ObjectType('Tenure', {
  description: 'A person holding a position over a period, with when it took effect and when it was recorded.',
})
export class TenureModel {
  @Field(() => ID)
  id!: string;

  @Field()
  positionTitle!: string;

  @Field(() => PersonModel)
  person!: PersonModel;

  @Field(() => Date)
  effectiveFrom!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'Exclusive end; null while open. For an acting holder: the end of the acting period.',
  })
  effectiveTo!: Date | null;

  @Field(() => Date, { description: 'When the tenure was recorded.' })
  recordedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When its end was recorded.' })
  endRecordedAt!: Date | null;

  @Field({ description: '代理 / 主持工作.' })
  acting!: boolean;

  @Field(() => String, { nullable: true })
  documentRef!: string | null;
}

@ObjectType('Position', { description: 'A title seats are listed under (市应急管理局局长) and who holds it.' })
export class PositionModel {
  @Field(() => ID, { description: 'Stable: a position keeps its id for life, whoever holds it.' })
  id!: string;

  @Field()
  title!: string;

  @Field({ description: 'Held by several people at once (副市长, 市政府副秘书长).' })
  multiHolder!: boolean;

  @Field(() => [String], { description: 'Other spellings of the title (市交通局局长).' })
  aliases!: string[];

  @Field(() => [PersonModel], { description: 'Who holds the position at asOf (acting holders included; see tenures).' })
  holders!: PersonModel[];

  @Field(() => [TenureModel], { description: 'The tenures in force at asOf.' })
  tenures!: TenureModel[];

  @Field(() => Date, { description: 'The instant holders and tenures are given for.' })
  asOf!: Date;
}
