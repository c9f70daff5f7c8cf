import { DomainException } from '../../common/domain.exception';
import type { CommandRole } from './command-role';
import { formatInstant } from './text-match';
import type { CommandBodyEntity } from '../entities/command-body.entity';
import type { PersonEntity } from '../entities/person.entity';
import type { PositionEntity } from '../entities/position.entity';
import type { SeatAssignmentEntity } from '../entities/seat-assignment.entity';
import type { SeatEntity } from '../entities/seat.entity';
import type { TenureEntity } from '../entities/tenure.entity';

/** Every version of every roster row, as read from the database (roster-versions.ts). */
export interface RosterRows {
  revision: number;
  bodies: CommandBodyEntity[];
  seats: SeatEntity[];
  assignments: SeatAssignmentEntity[];
  persons: PersonEntity[];
  aliases: Array<{ personId: string; alias: string; recordedAt: Date | null; supersededAt?: Date | null }>;
  positions: PositionEntity[];
  tenures: TenureEntity[];
}

export interface PersonRecord {
  id: string;
  name: string;
  aliases: string[];
}

export interface PositionRecord {
  id: string;
  jurisdiction: string;
  title: string;
  multiHolder: boolean;
  aliases: string[];
}

/** A tenure with its person, for history and holder lists. */
export interface TenureRecord {
  id: string;
  positionId: string;
  person: PersonRecord;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  recordedAt: Date;
  endRecordedAt: Date | null;
  acting: boolean;
  documentRef: string | null;
}

/** One period in which a person filled a seat. */
export interface AssignmentRecord {
  id: string;
  seatId: string;
  body: BodyRecord;
  role: CommandRole;
  title: string;
  positionId: string;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  recordedAt: Date;
  endRecordedAt: Date | null;
  acting: boolean;
  tenureId: string | null;
}

export interface BodyRecord {
  id: string;
  jurisdiction: string;
  code: string;
  kind: 'HEADQUARTERS' | 'POST';
  name: string;
  otherNames: string[];
  ordinal: number;
  duties: string;
  membersText: string | null;
  officeHostUnit: string;
  officeDuties: string;
  documentRef: string | null;
  establishedAt: Date;
}

/** A seat as it stood at one instant: who filled it, if anyone. */
export interface SeatAt {
  seatId: string;
  body: BodyRecord;
  role: CommandRole;
  ordinal: number;
  title: string;
  /** The title exactly as the source lists it for this seat, when it differs from the position's. */
  listedTitle: string | null;
  positionId: string;
  person: PersonRecord | null;
  acting: boolean;
  /** When the current filling (or vacancy) began, if an assignment covers the instant. */
  since: Date | null;
  /** The tenure the assignment follows from. */
  tenureId: string | null;
}

/** Throws NOT_ESTABLISHED for an instant before the body was established: there is no roster for it. */
export function assertEstablished(body: BodyRecord, asOf: Date): void {
  if (asOf.getTime() >= body.establishedAt.getTime()) return;
  throw new DomainException(
    'NOT_ESTABLISHED',
    `asOf: ${body.name} was established on ${body.establishedAt.toISOString()} (${body.documentRef ?? ''}); there is no roster for ${asOf.toISOString()}`,
    {
      field: 'asOf',
      value: asOf.toISOString(),
      problemZh: `${body.name}设立于 ${formatInstant(body.establishedAt)}${body.documentRef ? `（${body.documentRef}）` : ''}，请查询此后的时点`,
    },
  );
}
