import { Field, InputType } from '@nestjs/graphql';
import { Severity } from '../../common/models/severity.enum';

@InputType('ReportIncidentInput', {
  description: 'What a duty officer (值班员) reports. Nothing is written if any field is refused.',
})
export class ReportIncidentInput {
  @Field({ description: 'An incident type code (see incidentTypes, suggestIncidentTypes), e.g. COAL_MINE_SAFETY.' })
  incidentType!: string;

  @Field(() => Severity, {
    description: "The duty officer's grade; it decides the activation (assessSeverity only suggests one).",
  })
  severity!: Severity;

  @Field({ description: 'Required, at most 200 characters.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'At most 5000 characters.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it happened, free text, at most 100 characters.' })
  location?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it happened; not in the future (5 minutes of clock skew are allowed).',
  })
  occurredAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'A second report with the same key returns the first incident and notifies no one again.',
  })
  idempotencyKey?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The county or district (县(市、区)) it happened in: one of 城区, 泽州县, 高平市, 阳城县, 陵川县, 沁水县, 开发区 (config/jurisdiction.yaml).',
  })
  county?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Who reports it: the duty officer's name or unit, at most 100 characters.",
  })
  reporter?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'A drill (演练), false when omitted: every message of the incident starts with 【演练】, and it is left out of the response figures unless asked for.',
  })
  exercise?: boolean | null;
}
