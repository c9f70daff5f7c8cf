import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum RosterChangeKindValue {
  APPOINT = 'APPOINT',
  APPOINT_ACTING = 'APPOINT_ACTING',
  VACATE = 'VACATE',
  ADD_SEAT = 'ADD_SEAT',
  REMOVE_SEAT = 'REMOVE_SEAT',
  REASSIGN_SEAT = 'REASSIGN_SEAT',
  REORDER_SEATS = 'REORDER_SEATS',
  RENAME_PERSON = 'RENAME_PERSON',
  CONTACT_METHOD = 'CONTACT_METHOD',
  IMPORT = 'IMPORT',
  UPDATE_BODY = 'UPDATE_BODY',
}
registerEnumType(RosterChangeKindValue, { name: 'RosterChangeKind', description: 'What a roster change did.' });

export enum TimeAxis {
  RECORDED = 'RECORDED',
  EFFECTIVE = 'EFFECTIVE',
}
registerEnumType(TimeAxis, {
  name: 'TimeAxis',
  description: 'RECORDED: when a change was entered; EFFECTIVE: when it takes effect.',
});

@ObjectType('RosterChange', {
  description: 'One personnel or seat change, with who recorded it and under which document.',
})
export class RosterChangeModel {
  @Field(() => ID)
  id!: string;

  @Field(() => RosterChangeKindValue)
  kind!: RosterChangeKindValue;

  @Field({ description: 'What changed, in Chinese.' })
  summary!: string;

  @Field(() => Date)
  effectiveFrom!: Date;

  @Field(() => Date)
  recordedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The document, e.g. 晋市政任〔2020〕3号.' })
  documentRef!: string | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The API key that made the change (ADMIN_API_KEY for the bootstrap key; null for imports from the command line).',
  })
  actorKeyId!: string | null;

  @Field(() => String, { nullable: true, description: 'The name of that key, or the program that made the change.' })
  actorName!: string | null;

  @Field({ description: 'The details as JSON (ids, names, titles; never contact values).' })
  details!: string;
}
