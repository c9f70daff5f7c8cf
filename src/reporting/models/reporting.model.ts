import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PersonModel } from '../../roster/models/person.model';

export enum ReportKind {
  INITIAL = 'INITIAL',
  FOLLOW_UP = 'FOLLOW_UP',
  FINAL = 'FINAL',
}

registerEnumType(ReportKind, {
  name: 'ReportKind',
  description: 'A written report up the line (信息报送).',
  valuesMap: {
    INITIAL: { description: '首报: the initial report.' },
    FOLLOW_UP: { description: '续报: a follow-up, on a schedule or as the situation develops.' },
    FINAL: { description: '终报: the final report, after the response ends (the incident is closed).' },
  },
});

export enum StatsGroupByEnum {
  POST = 'POST',
  GRADE = 'GRADE',
  CHANNEL = 'CHANNEL',
  PERSON = 'PERSON',
}

registerEnumType(StatsGroupByEnum, {
  name: 'StatsGroupBy',
  valuesMap: {
    POST: { description: 'The command post of the incident type; one value per incident.' },
    GRADE: { description: 'The incident grade; one value per incident.' },
    CHANNEL: { description: "The channel of each person's first message; one value per notification." },
    PERSON: { description: 'The person told; one value per notification.' },
  },
});

@ObjectType('ReportingDeadline', {
  description: 'When a report (首报/续报/终报) of an incident is due, and when it was filed.',
})
export class ReportingDeadlineModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ReportKind)
  kind!: ReportKind;

  @Field(() => Int, { description: '0 for 首报 and 终报; 1, 2 … for the 续报.' })
  seq!: number;

  @Field(() => Date)
  dueAt!: Date;

  @Field(() => Date, { nullable: true })
  filedAt!: Date | null;

  @Field({ description: 'Not filed and past its due time (clears when filed).' })
  overdue!: boolean;

  @Field({ description: 'Filed after its due time.' })
  filedLate!: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'No longer due: the incident closed before it, or a regrade left no scheduled follow-ups.',
  })
  cancelledAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the due-soon alert went out for the current due time.' })
  alertedSoonAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the overdue alert went out for the current due time.' })
  alertedOverdueAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The report that met it.' })
  reportId!: string | null;
}

@ObjectType('IncidentReport', { description: 'A written report filed up the line.' })
export class IncidentReportModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  incidentId!: string;

  @Field(() => ReportKind)
  kind!: ReportKind;

  @Field()
  text!: string;

  @Field(() => Date)
  filedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Who filed it (API key name).' })
  filedBy!: string | null;

  @Field(() => ReportingDeadlineModel, {
    nullable: true,
    description: 'The deadline it met; null when none of its kind was open.',
  })
  deadline!: ReportingDeadlineModel | null;
}

@InputType('FileReportInput')
export class FileReportInput {
  @Field(() => ID)
  incidentId!: string;

  @Field(() => ReportKind)
  kind!: ReportKind;

  @Field({ description: 'The report as sent (draftReport gives a draft), at most 20000 characters.' })
  text!: string;
}

@ObjectType('ReportDraft', {
  description:
    'A report drafted in the official layout from the incident and its events, for the duty officer to edit and file.',
})
export class ReportDraftModel {
  @Field(() => ReportKind)
  kind!: ReportKind;

  @Field({ description: 'e.g. 关于…的首报.' })
  title!: string;

  @Field({ description: '时间、地点、事件类型与等级、伤亡与损失、已采取的措施、下一步工作、报告人.' })
  text!: string;

  @Field(() => ReportingDeadlineModel, { nullable: true, description: 'The open deadline of this kind, if any.' })
  deadline!: ReportingDeadlineModel | null;
}

@ObjectType('ResponseSummary', {
  description: 'Durations in seconds from the report: how many, the median and the 90th percentile (nearest rank).',
})
export class ResponseSummaryModel {
  @Field(() => Int)
  count!: number;

  @Field(() => Float, { nullable: true })
  median!: number | null;

  @Field(() => Float, { nullable: true })
  p90!: number | null;
}

@ObjectType('ResponseStatsRow', { description: 'After-action figures of one group of incidents or notifications.' })
export class ResponseStatsRowModel {
  @Field(() => StatsGroupByEnum)
  groupBy!: StatsGroupByEnum;

  @Field({ description: 'Post code, grade, channel ("none": no message went out) or person id.' })
  key!: string;

  @Field({ description: 'Post name, grade, channel or person name.' })
  label!: string;

  @Field(() => Int)
  incidents!: number;

  @Field(() => Int)
  notifications!: number;

  @Field(() => Int)
  confirmations!: number;

  @Field(() => ResponseSummaryModel, {
    description: 'Report → first message (per incident for POST/GRADE, per person for CHANNEL/PERSON).',
  })
  toFirstMessage!: ResponseSummaryModel;

  @Field(() => ResponseSummaryModel, {
    description: "Report → first confirmation (per incident), or the person's confirmation.",
  })
  toFirstConfirmation!: ResponseSummaryModel;

  @Field(() => ResponseSummaryModel, {
    description: 'Report → confirmation policy met, over the incidents of the group whose policy was met.',
  })
  toPolicyMet!: ResponseSummaryModel;
}

@ObjectType('PersonResponseFigures')
export class PersonResponseFiguresModel {
  @Field(() => PersonModel)
  person!: PersonModel;

  @Field(() => String, { nullable: true, description: 'The channel of their first message.' })
  channel!: string | null;

  @Field({ description: 'Counted by the confirmation policy.' })
  required!: boolean;

  @Field(() => Float, { nullable: true, description: 'Seconds from the report to their first message.' })
  toMessage!: number | null;

  @Field(() => Float, { nullable: true, description: 'Seconds from the report to their confirmation.' })
  toConfirmation!: number | null;
}

@ObjectType('IncidentResponseFigures', {
  description: 'How fast this incident went: seconds from the report to each step.',
})
export class IncidentResponseFiguresModel {
  @Field(() => Float, { nullable: true })
  toFirstMessage!: number | null;

  @Field(() => Float, { nullable: true })
  toFirstConfirmation!: number | null;

  @Field(() => Float, { nullable: true })
  toPolicyMet!: number | null;

  @Field(() => [PersonResponseFiguresModel])
  people!: PersonResponseFiguresModel[];
}
