import { CommandBodyEntity } from '../directory/entities/command-body.entity';
import { PersonAliasEntity } from '../directory/entities/person-alias.entity';
import { PersonEntity } from '../directory/entities/person.entity';
import { PositionEntity } from '../directory/entities/position.entity';
import { RosterRevisionEntity } from '../directory/entities/roster-revision.entity';
import { SeatAssignmentEntity } from '../directory/entities/seat-assignment.entity';
import { SeatEntity } from '../directory/entities/seat.entity';
import { TenureEntity } from '../directory/entities/tenure.entity';

/** Every entity, registered once for the app, the CLI scripts and the tests. */
export const ENTITIES = [
  PersonEntity,
  PersonAliasEntity,
  PositionEntity,
  TenureEntity,
  CommandBodyEntity,
  SeatEntity,
  SeatAssignmentEntity,
  RosterRevisionEntity,
];
