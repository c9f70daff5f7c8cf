import { Field, InputType } from '@nestjs/graphql';
import { Severity } from '../../common/models/severity.enum';
import { IncidentStatus } from '../models/incident-status.enum';

@InputType('IncidentFilter', { description: 'All given conditions must hold.' })
export class IncidentFilter {
  @Field(() => IncidentStatus, { nullable: true })
  status?: IncidentStatus | null;

  @Field(() => String, { nullable: true, description: 'An incident type code.' })
  incidentType?: string | null;

  @Field(() => Severity, { nullable: true, description: 'The current grade.' })
  severity?: Severity | null;

  @Field(() => String, { nullable: true, description: 'A county or district of config/jurisdiction.yaml.' })
  county?: string | null;

  @Field(() => Date, { nullable: true, description: 'Reported at or after this instant.' })
  reportedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Reported before this instant.' })
  reportedTo?: Date | null;
}
