import { Field, InputType } from '@nestjs/graphql';

@InputType('UpdateIncidentInput', {
  description:
    'Corrects the facts of an incident. Omitted fields stay as they are; null clears an optional field. ' +
    'The type and grade are not facts: change the grade with regradeIncident.',
})
export class UpdateIncidentInput {
  @Field(() => String, { nullable: true, description: 'At most 200 characters; cannot be cleared.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'At most 5000 characters.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'At most 100 characters.' })
  location?: string | null;

  @Field(() => String, { nullable: true, description: 'One of the counties/districts of config/jurisdiction.yaml.' })
  county?: string | null;

  @Field(() => Date, { nullable: true, description: 'Not in the future (5 minutes of clock skew are allowed).' })
  occurredAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'At most 100 characters.' })
  reporter?: string | null;
}
