import { Inject, Injectable } from '@nestjs/common';
import { ActivationService } from '../activation/activation.service';
import { BadInputException } from '../common/domain.exception';
import { Severity } from '../common/core/severity';
import { AppConfig } from '../config/app.config';
import { suggestIncidentTypes } from './core/incident-type-matcher';
import type { AssessSeverityInput } from './inputs/assess-severity.input';
import type { IncidentTypeSuggestionModel } from './models/incident-type-suggestion.model';
import type { SeverityAssessmentModel } from './models/severity-assessment.model';
import { assessSeverity } from './core/severity-assessment';
import { FIGURES, SeverityFigures } from './core/severity-figures';

export const MAX_SUGGESTION_TEXT = 5000;
export const MAX_SUGGESTIONS = 17;

/** What helps the duty officer fill in a report: a suggested grade, suggested types. Advice only. */
@Injectable()
export class IntakeAssistService {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly activations: ActivationService,
  ) {}

  assess(input: AssessSeverityInput): SeverityAssessmentModel {
    const incidentType = (input.incidentType ?? '').trim();
    const type = this.activations.incidentType(incidentType, 'input.incidentType');
    const figures: SeverityFigures = {};
    for (const name of Object.keys(FIGURES) as Array<keyof SeverityFigures>) {
      const value = (input as unknown as Record<string, unknown>)[name];
      if (value === undefined || value === null) continue;
      if (FIGURES[name].kind === 'number' && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        throw new BadInputException(`input.${name}`, value, `must be zero or more (${FIGURES[name].label})`);
      }
      (figures as Record<string, unknown>)[name] = value;
    }
    const result = assessSeverity(this.config.grading, type.grading, figures, { burnedLand: input.burnedLand ?? null });
    return {
      incidentType,
      qualitative: result.qualitative,
      suggested: result.suggested as Severity | null,
      criterion: result.criterion,
      regulation: result.regulation,
      table: result.table,
      matched: result.matched.map((m) => ({
        figure: m.figure,
        value: String(m.value),
        severity: m.severity as Severity,
        criterion: m.criterion,
      })),
      notes: result.notes,
      decisions: result.decisions,
      message: result.message,
    };
  }

  suggest(text: string, limit: number): IncidentTypeSuggestionModel[] {
    if (Array.from(text).length > MAX_SUGGESTION_TEXT) {
      throw new BadInputException(
        'text',
        `${Array.from(text).slice(0, 40).join('')}…`,
        `is longer than ${MAX_SUGGESTION_TEXT} characters`,
      );
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SUGGESTIONS) {
      throw new BadInputException('limit', limit, `must be between 1 and ${MAX_SUGGESTIONS}`);
    }
    const categories = new Map(this.config.incidentTypes.categories.map((c) => [c.code, c.name]));
    const types = new Map(this.config.incidentTypes.types.map((t) => [t.code, t]));
    return suggestIncidentTypes(this.config.incidentTypes.types, text, limit, this.config.incidentTypes.matching).map(
      (s) => {
        const type = types.get(s.code)!;
        return { ...s, categoryName: categories.get(type.category) ?? type.category, postCode: type.post };
      },
    );
  }
}
