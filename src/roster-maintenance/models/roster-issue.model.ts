import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CommandRole } from '../../roster/models/command-role.enum';
import { PersonModel } from '../../roster/models/person.model';

export enum RosterIssueKind {
  VACANT_SEAT = 'VACANT_SEAT',
  ACTING_PAST_END = 'ACTING_PAST_END',
  TITLE_UNDER_TWO_NAMES = 'TITLE_UNDER_TWO_NAMES',
  NO_CONTACT_METHOD = 'NO_CONTACT_METHOD',
  HOLDER_LEFT_POSITION = 'HOLDER_LEFT_POSITION',
  INFERENCE_TO_CONFIRM = 'INFERENCE_TO_CONFIRM',
  DUTY_SHIFT_WITHOUT_LEADER = 'DUTY_SHIFT_WITHOUT_LEADER',
  DUTY_SHIFT_WITHOUT_OFFICER = 'DUTY_SHIFT_WITHOUT_OFFICER',
  DUTY_ROSTER_MISSING = 'DUTY_ROSTER_MISSING',
}
registerEnumType(RosterIssueKind, {
  name: 'RosterIssueKind',
  description:
    'VACANT_SEAT: no one fills the seat; ACTING_PAST_END: an acting holder still fills seats after the acting period ended; TITLE_UNDER_TWO_NAMES: a single-holder title is filled by different persons in different seats; NO_CONTACT_METHOD: a seat holder has no active contact method, so cannot be notified; HOLDER_LEFT_POSITION: a seat is filled by someone who no longer holds its title; INFERENCE_TO_CONFIRM: a seat shows a title the founding document does not print next to the person (read from elsewhere in the document, roster file inferences), for staff to confirm; DUTY_SHIFT_WITHOUT_LEADER / DUTY_SHIFT_WITHOUT_OFFICER: a duty-roster shift ahead has no 带班领导 / no 值班员 (body: the duty office, title: the shift, since: its start); DUTY_ROSTER_MISSING: an office that must keep a duty roster has none for the days ahead.',
});

@ObjectType('RosterIssue', { description: 'Something in the roster that needs attention.' })
export class RosterIssueModel {
  @Field(() => RosterIssueKind)
  kind!: RosterIssueKind;

  @Field({ description: 'What is wrong, in Chinese.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'HQ or a post code.' })
  body!: string | null;

  @Field(() => CommandRole, { nullable: true })
  role!: CommandRole | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => ID, { nullable: true })
  seatId!: string | null;

  @Field(() => [PersonModel], { description: 'The persons concerned.' })
  persons!: PersonModel[];

  @Field(() => Date, { nullable: true, description: 'Since when (the vacancy began, the acting period ended …).' })
  since!: Date | null;
}
