import type { RosterRows } from './roster-records';

/**
 * History never rewritten (superseded rows). Every roster row is a version: recorded at
 * `recordedAt`, and current until `supersededAt`, when a corrected version was recorded beside it
 * (an acting period cut short, a renamed person, a seat's new order …). The rows known at an instant
 * are exactly the versions recorded by then and not superseded by then, so every `knownAt` answer
 * is what the service answered at that instant. Several current versions may share one stable id
 * when they cover consecutive effective periods (a seat whose order or title changed).
 */
export interface Version {
  recordedAt?: Date | null;
  supersededAt?: Date | null;
}

interface EndRecorded extends Version {
  effectiveTo: Date | null;
  endRecordedAt: Date | null;
}

export const isCurrent = (row: Version): boolean => !row.supersededAt;

/** Recorded by `t` (null: before recording times were kept) and not superseded by then. */
export function knownAt(row: Version, t: number): boolean {
  return (!row.recordedAt || row.recordedAt.getTime() <= t) && (!row.supersededAt || row.supersededAt.getTime() > t);
}

/**
 * Rows written before versions existed had their end set in place (effective_to and
 * end_recorded_at on the same row); as known before that end was recorded they were open.
 * Versions written since never need this: an end is a new version recorded when it was.
 */
function reopenedIfEndUnknown<R extends EndRecorded>(row: R, t: number): R {
  return row.endRecordedAt && row.endRecordedAt.getTime() > t
    ? { ...row, effectiveTo: null, endRecordedAt: null }
    : row;
}

/** The current versions (knownAt null) or the versions as known at an instant. */
export function versionsAsKnown(rows: RosterRows, at: Date | null): RosterRows {
  if (at === null) {
    return {
      revision: rows.revision,
      bodies: rows.bodies.filter(isCurrent),
      seats: rows.seats.filter(isCurrent),
      assignments: rows.assignments.filter(isCurrent),
      persons: rows.persons.filter(isCurrent),
      aliases: rows.aliases.filter(isCurrent),
      positions: rows.positions.filter(isCurrent),
      tenures: rows.tenures.filter(isCurrent),
    };
  }
  const t = at.getTime();
  const known = (row: Version) => knownAt(row, t);
  return {
    revision: rows.revision,
    bodies: rows.bodies.filter(known),
    seats: rows.seats.filter(known).map((r) => reopenedIfEndUnknown(r, t)),
    assignments: rows.assignments.filter(known).map((r) => reopenedIfEndUnknown(r, t)),
    persons: rows.persons.filter(known),
    aliases: rows.aliases.filter(known),
    positions: rows.positions.filter(known),
    tenures: rows.tenures.filter(known).map((r) => reopenedIfEndUnknown(r, t)),
  };
}

/** When each stable id was first recorded (its first version), for history answers. */
export function firstRecorded(rows: Array<{ id: string; recordedAt: Date | null }>): Map<string, Date> {
  const first = new Map<string, Date>();
  for (const row of rows) {
    if (!row.recordedAt) continue;
    const seen = first.get(row.id);
    if (!seen || row.recordedAt.getTime() < seen.getTime()) first.set(row.id, row.recordedAt);
  }
  return first;
}
