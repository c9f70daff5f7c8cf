import { Injectable } from '@nestjs/common';
import type { ActivationResult } from '../activation/core/resolve-activation';
import { roleLabel } from '../roster/core/command-role';
import type { RosterView } from '../roster/core/roster-view';
import { DutyPersonRef, FallbackSeat, withLeaderOnDuty, withoutDutyRoster } from './core/leader-on-duty';
import { dutyGaps, DutyGap } from './core/duty-gaps';
import { shiftAt } from './core/duty-roster';
import { DutyRosterService } from './duty-roster.service';
import { DutySettingsService } from './duty-settings.service';

const DAY_MS = 86_400_000;

/** The duty roster's part in an activation (the 带班领导 told first) and in rosterIssues (gaps). */
@Injectable()
export class DutyActivationService {
  constructor(
    private readonly settings: DutySettingsService,
    private readonly roster: DutyRosterService,
  ) {}

  get enabled(): boolean {
    return this.settings.config.activation.leaderOnDuty;
  }

  /**
   * Adds the 带班领导 on shift at `at` (or the fallback when the shift has none) as the first
   * recipient; `view` is the roster view the activation was resolved on (same knownAt).
   */
  async addLeaderOnDuty(
    result: ActivationResult,
    view: RosterView,
    at: Date,
    knownAt: Date | null,
  ): Promise<ActivationResult> {
    const config = this.settings.config.activation;
    if (!config.leaderOnDuty) return result;
    const office = this.settings.office(config.office, view);
    // An office that has never recorded a roster here does not keep it in this service: no one is
    // told as its 带班领导 (rosterIssues says DUTY_ROSTER_MISSING), the activation notes it. Its shift
    // has no rows to read (one query, not two; keepsRoster's yes is kept, so one for a keeping office too).
    if (!(await this.roster.keepsRoster(office.code, knownAt)))
      return withoutDutyRoster(result, office, shiftAt(office, [], at));
    const state = await this.roster.onDuty(office, at, knownAt);
    const person = (id: string): DutyPersonRef => {
      const p = view.person(id);
      return { personId: id, personName: p?.name ?? '', personAliases: p?.aliases ?? [] };
    };
    const body = view.body(config.fallback.body);
    const fallback: FallbackSeat[] = body
      ? view
          .seatsAt(body, at)
          .filter((s) => config.fallback.roles.includes(s.role))
          .map((s) => ({
            person: s.person ? person(s.person.id) : null,
            body: body.code,
            bodyName: body.name,
            roleName: roleLabel(s.role, body.kind === 'HEADQUARTERS'),
            title: s.title,
          }))
      : [];
    return withLeaderOnDuty(result, office, state, person, fallback, config.fallback.source);
  }

  /** Gaps in every configured office's roster from asOf to issues.lookaheadDays ahead. */
  async gaps(asOf: Date): Promise<DutyGap[]> {
    const to = new Date(asOf.getTime() + Math.max(1, this.settings.config.issues.lookaheadDays) * DAY_MS);
    const result: DutyGap[] = [];
    for (const office of this.settings.config.offices) {
      const states = await this.roster.shifts(office, asOf, to, null);
      result.push(...dutyGaps(office, states, asOf, to));
    }
    return result;
  }
}
