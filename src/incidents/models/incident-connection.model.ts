import { Field, Int, ObjectType } from '@nestjs/graphql';
import { IncidentModel } from './incident.model';

@ObjectType('IncidentPageInfo')
export class IncidentPageInfoModel {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;
}

@ObjectType('IncidentConnection', { description: 'A page of incidents, most recently reported first.' })
export class IncidentConnectionModel {
  @Field(() => [IncidentModel])
  nodes!: IncidentModel[];

  @Field(() => Int, { description: 'How many incidents match the filter, on all pages.' })
  totalCount!: number;

  @Field(() => IncidentPageInfoModel)
  pageInfo!: IncidentPageInfoModel;
}
