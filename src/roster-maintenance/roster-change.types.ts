import type { CommandRole } from '../roster/core/command-role';

/** What every change may carry: when it takes effect (default now), the document, the reason. */
export interface ChangeMeta {
  effectiveFrom?: Date | null;
  documentRef?: string | null;
  reason?: string | null;
  /**
   * The roster revision the change was decided on (Query.rosterRevision); when the roster has
   * moved since, the change is refused with CONFLICT and writes nothing. Omitted: applied to the
   * roster as it is when the change's turn comes.
   */
  expectedRevision?: number | null;
}

export interface AppointCommand extends ChangeMeta {
  positionTitle: string;
  personName: string;
  personId?: string | null;
  replacing?: string | null;
}

export interface AppointActingCommand extends AppointCommand {
  /** The end of the acting period (exclusive); open (until further notice) when omitted. */
  until?: Date | null;
}

export interface VacateCommand extends ChangeMeta {
  positionTitle: string;
  personName?: string | null;
  personId?: string | null;
}

export interface AddSeatCommand extends ChangeMeta {
  body: string;
  role: CommandRole;
  positionTitle: string;
  personName?: string | null;
  personId?: string | null;
  /** Create the position when no position has this title. */
  createPosition?: boolean | null;
  /** For a position created here: held by several people at once. */
  multiHolder?: boolean | null;
  /** The title as the source lists it for this seat, when it differs from the position's. */
  listedTitle?: string | null;
  /** Leave the new seat empty (imports of a file listing a vacant seat). */
  vacant?: boolean | null;
}

export interface RemoveSeatCommand extends ChangeMeta {
  seatId: string;
}

export interface ReassignSeatCommand extends ChangeMeta {
  seatId: string;
  /** Move the seat under another title. */
  positionTitle?: string | null;
  personName?: string | null;
  personId?: string | null;
}

export interface ReorderSeatsCommand extends ChangeMeta {
  body: string;
  role: CommandRole;
  seatIds: string[];
}

export interface RenamePersonCommand extends ChangeMeta {
  personId: string;
  name: string;
}

/** Where a change leaves things, for the mutation's answer. */
export interface ChangeOutcome {
  at: Date;
  positionId?: string;
  seatId?: string;
  seatIds?: string[];
  personId?: string;
  changeIds: string[];
}
