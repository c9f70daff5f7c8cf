import { Args, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/auth.decorators';
import { ApiRole } from '../auth/api-role.enum';
import { asOfArg } from '../roster/directory.resolver';
import { RosterIssueKind, RosterIssueModel } from './models/roster-issue.model';
import { RosterIssuesService } from './roster-issues.service';

/** The roster's health (roster_editor, duty_officer). */
@Resolver()
export class RosterIssuesResolver {
  constructor(private readonly issues: RosterIssuesService) {}

  @Query(() => [RosterIssueModel], {
    description:
      'What needs attention: vacant seats, acting holders past their end date, single-holder titles held under two names, seat holders without a usable contact method, seats whose holder left their position.',
  })
  @Roles(ApiRole.roster_editor, ApiRole.duty_officer)
  rosterIssues(
    @Args(asOfArg) asOf?: Date | null,
    @Args('kinds', { type: () => [RosterIssueKind], nullable: true }) kinds?: RosterIssueKind[] | null,
  ): Promise<RosterIssueModel[]> {
    return this.issues.issues(asOf ?? new Date(), kinds);
  }
}
