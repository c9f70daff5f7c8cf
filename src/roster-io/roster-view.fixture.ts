import { RosterFile } from './roster-file.schema';
import { rosterRowsFromFile as buildRows, RosterFileRows } from './roster-rows.helper';
import { RosterView } from '../roster/core/roster-view';

/**
 * Test helper: the rows RosterImportService writes for a roster file, built in memory, so that
 * pure code working on a RosterView (the activation resolver) can be tested against the real
 * roster without a database.
 */
export function rosterRowsFromFile(roster: RosterFile, recordedAt = new Date('2019-09-12T00:00:00Z')): RosterFileRows {
  return buildRows(roster, recordedAt);
}

/** The RosterView of a roster file, as the service would hold it right after importing the file. */
export function rosterViewFromFile(roster: RosterFile, recordedAt?: Date): RosterView {
  return new RosterView(rosterRowsFromFile(roster, recordedAt));
}
