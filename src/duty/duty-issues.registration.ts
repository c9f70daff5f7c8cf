import { Injectable, OnModuleInit } from '@nestjs/common';
import { RosterIssueKind, RosterIssueModel } from '../roster-maintenance/models/roster-issue.model';
import { RosterIssueSourceRegistry } from '../roster-maintenance/roster-issue-source.registry';
import { DutyActivationService } from './duty-activation.service';

/** Adds the duty roster's gaps (shifts ahead without a 带班领导 or 值班员) to rosterIssues. */
@Injectable()
export class DutyIssuesRegistration implements OnModuleInit {
  constructor(
    private readonly sources: RosterIssueSourceRegistry,
    private readonly duty: DutyActivationService,
  ) {}

  onModuleInit(): void {
    this.sources.register(async (asOf) =>
      (await this.duty.gaps(asOf)).map((gap): RosterIssueModel => ({
        kind: RosterIssueKind[gap.kind],
        message: gap.message,
        body: gap.office.body ?? gap.office.code,
        role: null,
        title: gap.shift,
        seatId: null,
        persons: [],
        since: gap.since,
      })),
    );
  }
}
