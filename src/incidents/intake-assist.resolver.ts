import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { BadInputException } from '../common/domain.exception';
import { parseSeverity } from '../common/core/severity';
import { Severity } from '../common/models/severity.enum';
import { AssessSeverityInput } from './inputs/assess-severity.input';
import { IntakeAssistService, MAX_SUGGESTIONS } from './intake-assist.service';
import { IncidentTypeSuggestionModel } from './models/incident-type-suggestion.model';
import { SeverityAssessmentModel } from './models/severity-assessment.model';

@Resolver()
export class IntakeAssistResolver {
  constructor(private readonly assist: IntakeAssistService) {}

  @Roles(ApiRole.reader)
  @Query(() => SeverityAssessmentModel, {
    description:
      "Suggests a grade from the reported figures, quoting the criterion that decided (config/grading.yaml). Advice: the duty officer's grade activates.",
  })
  assessSeverity(
    @Args('input', { type: () => AssessSeverityInput }) input: AssessSeverityInput,
  ): SeverityAssessmentModel {
    return this.assist.assess(input);
  }

  @Roles(ApiRole.reader)
  @Query(() => [IncidentTypeSuggestionModel], {
    description:
      'Ranks incident types for a free-text description in Chinese, with the matched words; best first, only types with a match.',
  })
  suggestIncidentTypes(
    @Args('text', { type: () => String, description: 'The description, at most 5000 characters.' }) text: string,
    @Args('limit', {
      type: () => Int,
      defaultValue: 5,
      description: `At most this many suggestions (1-${MAX_SUGGESTIONS}).`,
    })
    limit: number,
  ): IncidentTypeSuggestionModel[] {
    return this.assist.suggest(text, limit);
  }

  @Roles(ApiRole.reader)
  @Query(() => Severity, {
    description: 'Reads a grade written as I…IV, Ⅰ…Ⅳ, 一级…四级 or 特别重大…一般 (for forms that take text).',
  })
  parseSeverity(@Args('text', { type: () => String }) text: string): Severity {
    const severity = parseSeverity(text);
    if (!severity)
      throw new BadInputException(
        'text',
        text,
        'is not a grade; write I, II, III, IV, Ⅰ…Ⅳ, 一级…四级 or 特别重大, 重大, 较大, 一般',
      );
    return severity;
  }
}
