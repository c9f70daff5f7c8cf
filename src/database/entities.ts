import { CommandBodyEntity } from '../directory/entities/command-body.entity';
import { PersonAliasEntity } from '../directory/entities/person-alias.entity';
import { PersonEntity } from '../directory/entities/person.entity';
import { PositionEntity } from '../directory/entities/position.entity';
import { RosterRevisionEntity } from '../directory/entities/roster-revision.entity';
import { SeatAssignmentEntity } from '../directory/entities/seat-assignment.entity';
import { SeatEntity } from '../directory/entities/seat.entity';
import { TenureEntity } from '../directory/entities/tenure.entity';
import { ContactMethodEntity } from '../directory/entities/contact-method.entity';
import { RosterChangeEntity } from '../directory/entities/roster-change.entity';
import { ApiKeyEntity } from '../auth/entities/api-key.entity';
import { AuditLogEntity } from '../audit/entities/audit-log.entity';
import { UserEntity } from '../users/entities/user.entity';
import { UserSessionEntity } from '../users/entities/user-session.entity';
import { IncidentEntity } from '../incidents/entities/incident.entity';
import { IncidentEventEntity } from '../incidents/entities/incident-event.entity';
import { NotificationEntity } from '../notifications/entities/notification.entity';
import { DeliveryAttemptEntity } from '../notifications/entities/delivery-attempt.entity';
import { EscalationEntity } from '../notifications/entities/escalation.entity';

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
  ContactMethodEntity,
  RosterChangeEntity,
  ApiKeyEntity,
  AuditLogEntity,
  IncidentEntity,
  IncidentEventEntity,
  NotificationEntity,
  DeliveryAttemptEntity,
  EscalationEntity,
  UserEntity,
  UserSessionEntity,
];
