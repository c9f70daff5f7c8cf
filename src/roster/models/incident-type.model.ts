import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('IncidentType')
export class IncidentTypeModel {
  @Field(() => ID)
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'NATURAL_DISASTER, ACCIDENT_DISASTER, PUBLIC_HEALTH_EVENT or SOCIAL_SECURITY_EVENT.' })
  category!: string;

  @Field({ description: '自然灾害, 事故灾难, 公共卫生事件 or 社会安全事件.' })
  categoryName!: string;

  @Field({ description: 'The code of the command post responsible for this type.' })
  postCode!: string;

  @Field(() => [String])
  keywords!: string[];
}
