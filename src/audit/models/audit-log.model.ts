import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditLogEntry', { description: 'One mutation as it was asked and how it ended.' })
export class AuditLogEntryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { nullable: true, description: 'The API key id; ADMIN_API_KEY for the bootstrap key.' })
  keyId!: string | null;

  @Field(() => String, { nullable: true })
  keyName!: string | null;

  @Field(() => [String])
  roles!: string[];

  @Field({ description: 'The mutation field, e.g. appoint, reportIncident, createApiKey.' })
  operation!: string;

  @Field({ description: 'The arguments as JSON, with contact data and secrets masked (***).' })
  arguments!: string;

  @Field({ description: '"ok" or the error code (BAD_USER_INPUT, CONFLICT, NOT_FOUND …).' })
  result!: string;

  @Field(() => String, { nullable: true })
  errorMessage!: string | null;
}

@ObjectType('AuditLogPage')
export class AuditLogPageModel {
  @Field(() => Int, { description: 'How many entries match the filter in all.' })
  total!: number;

  @Field(() => [AuditLogEntryModel], { description: 'Newest first.' })
  entries!: AuditLogEntryModel[];
}

@InputType('AuditLogFilter')
export class AuditLogFilterInput {
  @Field(() => String, { nullable: true, description: 'The mutation field, e.g. appoint.' })
  operation?: string | null;

  @Field(() => String, { nullable: true })
  keyId?: string | null;

  @Field(() => String, { nullable: true })
  keyName?: string | null;

  @Field(() => String, { nullable: true, description: '"ok" or an error code.' })
  result?: string | null;

  @Field(() => Date, { nullable: true, description: 'From this instant (inclusive).' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Up to this instant (exclusive).' })
  to?: Date | null;
}
