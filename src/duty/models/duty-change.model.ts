import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../roster/models/person.model';
import { DutyShiftModel } from './duty-shift.model';

@ObjectType('DutyChange', {
  description: 'One recorded change of a duty roster: an import, a swap (换班) or an absence (请假 / 出差).',
})
export class DutyChangeModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'IMPORT, SWAP or ABSENCE.' })
  kind!: string;

  @Field()
  office!: string;

  @Field({ description: 'What changed, in Chinese.' })
  summary!: string;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => Date)
  recordedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The name of the API key that made the change.' })
  actorName!: string | null;
}

@ObjectType('DutyChangeResult', { description: 'A change and the shifts it touched, as they stand after it.' })
export class DutyChangeResultModel {
  @Field(() => DutyChangeModel)
  change!: DutyChangeModel;

  @Field(() => [DutyShiftModel])
  shifts!: DutyShiftModel[];
}

@ObjectType('DutyImportResult', {
  description: 'The outcome of importing a month of a duty roster from a spreadsheet.',
})
export class DutyImportResultModel {
  @Field()
  office!: string;

  @Field({ description: 'The month imported, YYYY-MM.' })
  month!: string;

  @Field({ description: 'True when nothing was written (dryRun).' })
  dryRun!: boolean;

  @Field(() => ID, { nullable: true, description: 'The recorded change; null on a dry run.' })
  changeId!: string | null;

  @Field(() => Int, { description: 'Shifts (rows) read from the spreadsheet.' })
  shiftsRead!: number;

  @Field(() => Int, { description: 'Person-shifts recorded (值班员 and 带班领导).' })
  assignments!: number;

  @Field(() => Int, { description: 'Person-shifts of that month recorded before, now superseded.' })
  replaced!: number;

  @Field(() => Int, { description: 'Phone numbers added as contact methods of the persons (never shown to readers).' })
  contactMethodsAdded!: number;

  @Field(() => [DutyShiftModel], {
    description: 'The month’s shifts that lack a 值班员 or a 带班领导 after the import.',
  })
  gaps!: DutyShiftModel[];
}

@ObjectType('DutyRosterFile', { description: 'A month of a duty roster as a spreadsheet, in the import layout.' })
export class DutyRosterFileModel {
  @Field()
  filename!: string;

  @Field()
  mimeType!: string;

  @Field({ description: 'The file, base64-encoded.' })
  contentBase64!: string;
}

@ObjectType('DutyCalendarLink', {
  description: 'A person’s calendar-feed link. Shown once: only a hash of the token is kept.',
})
export class DutyCalendarLinkModel {
  @Field(() => PersonModel)
  person!: PersonModel;

  @Field({ description: 'Subscribe to this URL in a calendar app (.ics); it needs no API key.' })
  url!: string;
}

@ObjectType('DutyShiftDef', { description: 'A shift as config/duty.yaml defines it (China time).' })
export class DutyShiftDefModel {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'HH:MM' })
  start!: string;

  @Field({ description: 'HH:MM; the next day when not after start.' })
  end!: string;

  @Field(() => [String])
  aliases!: string[];
}

@ObjectType('DutyOffice', { description: 'An office that keeps a duty roster.' })
export class DutyOfficeModel {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true, description: 'The command body whose office it is.' })
  body!: string | null;

  @Field({ description: 'True when its shifts are checked for gaps even before a roster is imported.' })
  required!: boolean;

  @Field(() => [DutyShiftDefModel])
  shifts!: DutyShiftDefModel[];

  @Field({
    description:
      'Whether the asking key or console user may change this roster (import, swap, absence, calendar links): a roster_editor, or a duty_officer bound to the office.',
  })
  mayChange!: boolean;
}
