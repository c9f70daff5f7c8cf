import { Inject, Injectable } from '@nestjs/common';
import { BadInputException } from '../common/domain.exception';
import { Severity } from '../common/core/severity';
import { AppConfig } from '../config/app.config';
import type { IncidentTypeDef } from '../config/rules.config';
import { RosterViewService } from '../roster/roster-view.service';
import { DutyActivationService } from '../duty/duty-activation.service';
import { ActivationResult, resolveActivation } from './core/resolve-activation';

/**
 * Resolves activations against the current in-memory roster view (RosterViewService.current():
 * indexed, invalidated on change): no database query per recipient, at most one cheap revision
 * check per second.
 */
@Injectable()
export class ActivationService {
  private readonly types: Map<string, IncidentTypeDef>;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly views: RosterViewService,
    private readonly duty: DutyActivationService,
  ) {
    this.types = new Map(config.incidentTypes.types.map((t) => [t.code, t]));
  }

  /** The incident type of a code; a BadInputException naming the field, the value and the known codes otherwise. */
  incidentType(code: string, field = 'incidentType'): IncidentTypeDef {
    const type = this.types.get(code);
    if (!type) {
      const near = this.near(code);
      throw new BadInputException(
        field,
        code,
        `is not a known incident type${near ? `; did you mean ${near.code} (${near.name})?` : ''}; known codes: ${[...this.types.keys()].join(', ')}`,
        near ? `不是事件类型代码，是否为 ${near.code}（${near.name}）？` : undefined,
      );
    }
    return type;
  }

  /** The type a wrong code most likely meant: the code in other case, or the type whose Chinese name it is part of. */
  private near(text: string): IncidentTypeDef | undefined {
    const wanted = text.normalize('NFKC').replace(/\s+/g, '');
    if (!wanted) return undefined;
    const types = [...this.types.values()];
    return (
      types.find((t) => t.code === wanted.toUpperCase()) ??
      types.find((t) => t.name === wanted) ??
      types.find((t) => t.name.includes(wanted) || wanted.includes(t.name))
    );
  }

  /** Resolves at instant `at`, on the roster as recorded by `knownAt` (as it is known now when omitted). */
  async resolve(
    incidentType: string,
    severity: Severity,
    at: Date,
    field = 'incidentType',
    knownAt: Date | null = null,
  ): Promise<ActivationResult> {
    const type = this.incidentType(incidentType, field);
    const view = await this.views.asKnown(knownAt);
    const result = resolveActivation(view, this.config.activationRules, type, severity, at);
    // The 带班领导 on the duty roster at `at` first (config/duty.yaml activation.leaderOnDuty).
    return this.duty.addLeaderOnDuty(result, view, at, knownAt);
  }
}
