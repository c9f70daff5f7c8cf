import { Field, ObjectType } from '@nestjs/graphql';
import { CommandRole } from '../../roster/models/command-role.enum';

@ObjectType('ActivationCitation', {
  description: 'One rule of config/activation-rules.yaml that applied, with the sentence it quotes.',
})
export class ActivationCitationModel {
  @Field({ description: 'POST_ACTIVATED, POST_BELOW_THRESHOLD, ALWAYS or HEADQUARTERS.' })
  rule!: string;

  @Field({ description: 'The body whose seats the rule adds: HQ or a post code.' })
  body!: string;

  @Field()
  bodyName!: string;

  @Field(() => [CommandRole], { description: 'The roles of that body that are told.' })
  roles!: CommandRole[];

  @Field({ description: 'The words of the source document the rule comes from, verbatim.' })
  source!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The interpretation the rule also rests on where the document is silent (config/activation-rules.yaml decision), in Chinese; ' +
      'a decision, not a quote. Null when the quote alone decides.',
  })
  decision!: string | null;

  @Field({ description: 'The source document, e.g. 晋市政办〔2019〕37号.' })
  documentRef!: string;
}
