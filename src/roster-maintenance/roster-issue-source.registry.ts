import { Injectable } from '@nestjs/common';
import type { RosterIssueModel } from './models/roster-issue.model';

/** Issues another module finds (the duty roster's gaps), asked at the instant rosterIssues is asked about. */
export type RosterIssueSource = (asOf: Date) => Promise<RosterIssueModel[]>;

/**
 * Lets modules that build on the roster add their issues to rosterIssues without the roster
 * importing them back (dependencies run one way): they register a source at start-up.
 */
@Injectable()
export class RosterIssueSourceRegistry {
  private readonly sources: RosterIssueSource[] = [];

  register(source: RosterIssueSource): void {
    this.sources.push(source);
  }

  async collect(asOf: Date): Promise<RosterIssueModel[]> {
    return (await Promise.all(this.sources.map((s) => s(asOf)))).flat();
  }
}
