import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('IncidentTypeSuggestion', {
  description: 'An incident type proposed for a free-text description, with the words that matched.',
})
export class IncidentTypeSuggestionModel {
  @Field({ description: 'The incident type code.' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => Int, {
    description:
      'Higher is a better match: the sum of the weights of the words that counted (more specific words weigh more).',
  })
  score!: number;

  @Field(() => [String], {
    description: 'The words that counted toward the type, in the order they occur in the text.',
  })
  matchedWords!: string[];

  @Field({
    description:
      'Why the type is proposed and ranked where it is, in Chinese: each word with its weight (and the context word that let it count), ' +
      'the sum, and which rule ordered it before the next suggestion when their scores are equal.',
  })
  explanation!: string;

  @Field({ description: '自然灾害, 事故灾难, 公共卫生事件 or 社会安全事件.' })
  categoryName!: string;

  @Field({ description: 'The code of the post responsible for the type.' })
  postCode!: string;
}
