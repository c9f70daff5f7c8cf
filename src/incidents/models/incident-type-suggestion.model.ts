import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('IncidentTypeSuggestion', {
  description: 'An incident type proposed for a free-text description, with the words that matched.',
})
export class IncidentTypeSuggestionModel {
  @Field({ description: 'The incident type code.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'Higher is a better match (longer, more specific words weigh more).' })
  score!: number;

  @Field(() => [String], { description: 'The words found in the text, in the order they occur.' })
  matchedWords!: string[];

  @Field({ description: '自然灾害, 事故灾难, 公共卫生事件 or 社会安全事件.' })
  categoryName!: string;

  @Field({ description: 'The code of the post responsible for the type.' })
  postCode!: string;
}
