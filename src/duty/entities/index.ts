import { DutyAssignmentEntity } from './duty-assignment.entity';
import { DutyCalendarTokenEntity } from './duty-calendar-token.entity';
import { DutyChangeEntity } from './duty-change.entity';
import { DutyOfficeKeyEntity } from './duty-office-key.entity';

/** The duty module's entities, registered in src/database/entities.ts. */
export const DUTY_ENTITIES = [DutyAssignmentEntity, DutyChangeEntity, DutyCalendarTokenEntity, DutyOfficeKeyEntity];
