import { Field, InputType, registerEnumType } from '@nestjs/graphql';

export enum DutySheetFormat {
  XLSX = 'XLSX',
  CSV = 'CSV',
}
registerEnumType(DutySheetFormat, {
  name: 'DutySheetFormat',
  description: 'XLSX (Excel workbook, first sheet) or CSV (UTF-8 or GB18030).',
});

export enum DutyAbsenceKind {
  LEAVE = 'LEAVE',
  BUSINESS_TRIP = 'BUSINESS_TRIP',
  OTHER = 'OTHER',
}
registerEnumType(DutyAbsenceKind, {
  name: 'DutyAbsenceKind',
  description: 'LEAVE: 请假; BUSINESS_TRIP: 出差; OTHER: 其他.',
});

@InputType('ImportDutyRosterInput')
export class ImportDutyRosterInput {
  @Field(() => String, {
    nullable: true,
    description: 'The duty office; config/duty.yaml defaultOffice (HQ) when omitted.',
  })
  office?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The month, YYYY-MM; every row must fall in it. The month of the first row when omitted.',
  })
  month?: string | null;

  @Field(() => DutySheetFormat)
  format!: DutySheetFormat;

  @Field({ description: 'The spreadsheet, base64-encoded (at most 512 KB; a month is a few KB).' })
  contentBase64!: string;

  @Field(() => Boolean, { nullable: true, description: 'Check and preview only; write nothing.' })
  dryRun?: boolean | null;
}

@InputType('DutyShiftRefInput', {
  description: 'A person on a shift: the date it starts (China time), the shift (name or code) and the name.',
})
export class DutyShiftRefInput {
  @Field({ description: 'YYYY-MM-DD' })
  date!: string;

  @Field({ description: 'The shift: 白班, 夜班, DAY, NIGHT …' })
  shift!: string;

  @Field({ description: 'The person’s name as the directory has it (or an alias).' })
  person!: string;
}

@InputType('SwapDutyShiftsInput', {
  description: '换班: the two people exchange their shifts, each taking the other’s duty role.',
})
export class SwapDutyShiftsInput {
  @Field(() => String, { nullable: true })
  office?: string | null;

  @Field(() => DutyShiftRefInput)
  first!: DutyShiftRefInput;

  @Field(() => DutyShiftRefInput)
  second!: DutyShiftRefInput;

  @Field()
  reason!: string;
}

@InputType('RecordDutyAbsenceInput', {
  description: '请假 / 出差: a substitute takes the person’s place on every shift of theirs in [from, to).',
})
export class RecordDutyAbsenceInput {
  @Field(() => String, { nullable: true })
  office?: string | null;

  @Field({ description: 'Who is away (name).' })
  person!: string;

  @Field({ description: 'Who stands in (name).' })
  substitute!: string;

  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;

  @Field(() => DutyAbsenceKind)
  kind!: DutyAbsenceKind;

  @Field()
  reason!: string;
}
