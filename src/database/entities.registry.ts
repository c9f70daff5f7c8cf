import { CommandBodyEntity } from '../roster/entities/command-body.entity';
import { PersonAliasEntity } from '../roster/entities/person-alias.entity';
import { PersonEntity } from '../roster/entities/person.entity';
import { PositionEntity } from '../roster/entities/position.entity';
import { RosterRevisionEntity } from '../roster/entities/roster-revision.entity';
import { SeatAssignmentEntity } from '../roster/entities/seat-assignment.entity';
import { SeatEntity } from '../roster/entities/seat.entity';
import { TenureEntity } from '../roster/entities/tenure.entity';
import { ContactMethodEntity } from '../contacts/entities/contact-method.entity';
import { RosterChangeEntity } from '../roster/entities/roster-change.entity';
import { ApiKeyEntity } from '../auth/entities/api-key.entity';
import { AuditLogEntity } from '../audit/entities/audit-log.entity';
import { UserEntity } from '../users/entities/user.entity';
import { UserSessionEntity } from '../users/entities/user-session.entity';
import { DUTY_ENTITIES } from '../duty/entities';
import { IncidentEntity } from '../incidents/entities/incident.entity';
import { IncidentEventEntity } from '../incidents/entities/incident-event.entity';
import { NotificationEntity } from '../notifications/entities/notification.entity';
import { DeliveryAttemptEntity } from '../notifications/entities/delivery-attempt.entity';
import { EscalationEntity } from '../notifications/entities/escalation.entity';
import { InboundMessageEntity } from '../notifications/entities/inbound-message.entity';
import { ReportingDeadlineEntity } from '../reporting/entities/reporting-deadline.entity';
import { IncidentReportEntity } from '../reporting/entities/incident-report.entity';

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
  InboundMessageEntity,
  ...DUTY_ENTITIES,
  ReportingDeadlineEntity,
  IncidentReportEntity,
];
