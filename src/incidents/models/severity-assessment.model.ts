import { Field, ObjectType } from '@nestjs/graphql';
import { Severity } from '../../common/models/severity.enum';

@ObjectType('SeverityCriterionMatch', { description: 'A criterion of the grading table that the figures reach.' })
export class SeverityMatchModel {
  @Field({ description: 'The figure compared, e.g. deaths, or deaths+missing where missing persons count as deaths.' })
  figure!: string;

  @Field({ description: 'Its value, as text (a number, or true/false).' })
  value!: string;

  @Field(() => Severity, { description: 'The highest grade this criterion reaches.' })
  severity!: Severity;

  @Field({ description: 'The criterion as the regulation words it.' })
  criterion!: string;
}

@ObjectType('SeverityAssessment', {
  description:
    "A suggested grade, quoting the criterion that decided. Advice only: the duty officer's grade is what activates.",
})
export class SeverityAssessmentModel {
  @Field()
  incidentType!: string;

  @Field({ description: 'True when the type is graded by qualitative criteria: no grade is suggested.' })
  qualitative!: boolean;

  @Field(() => Severity, {
    nullable: true,
    description: 'Null when qualitative, when no figure was given, or below grade IV.',
  })
  suggested!: Severity | null;

  @Field(() => String, { nullable: true, description: 'The criterion that decided, quoted.' })
  criterion!: string | null;

  @Field(() => String, { nullable: true, description: 'The regulation the table comes from.' })
  regulation!: string | null;

  @Field(() => String, { nullable: true, description: 'The grading table applied (config/grading.yaml).' })
  table!: string | null;

  @Field(() => [SeverityMatchModel], { description: 'Every criterion reached, most severe first.' })
  matched!: SeverityMatchModel[];

  @Field(() => [String], { description: 'Assumptions made, e.g. an absent yes/no figure read as no.' })
  notes!: string[];

  @Field(() => [String], {
    description:
      'The interpretations the grading table applies where the regulations leave a choice (config/grading.yaml decisions), in Chinese. ' +
      'Decisions, not quotes of the regulation.',
  })
  decisions!: string[];

  @Field({ description: 'The suggestion in one sentence, for the duty officer (Chinese).' })
  message!: string;
}
