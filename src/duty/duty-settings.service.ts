import { BadInputException } from '../common/domain.exception';
import type { RosterView } from '../roster/core/roster-view';
import { DutyConfig, OfficeDef } from './core/duty-config';

/** config/duty.yaml, validated at boot, with the office lookup every duty operation starts from. */
export class DutySettingsService {
  constructor(readonly config: DutyConfig) {}

  /**
   * The office a code names: a configured office, or a post's office (any post code of the roster)
   * with the default shifts; the default office when no code is given.
   */
  office(code: string | null | undefined, view: RosterView, field = 'office'): OfficeDef {
    const wanted = (code ?? '').trim() || this.config.defaultOffice;
    const configured = this.config.offices.find((o) => o.code === wanted);
    if (configured) return configured;
    const body = view.body(wanted);
    if (body && body.kind === 'POST') {
      return {
        code: body.code,
        name: `${body.name}办公室`,
        body: body.code,
        required: false,
        shifts: this.config.defaultShifts,
      };
    }
    throw new BadInputException(
      field,
      wanted,
      `is not a duty office; expected one of ${this.config.offices.map((o) => o.code).join(', ')} or a command post code (its office)`,
    );
  }
}
