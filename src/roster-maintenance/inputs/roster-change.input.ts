import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { CommandRole } from '../../roster/models/command-role.enum';

const EFFECTIVE = {
  nullable: true,
  description:
    'When the change takes effect; now when omitted. A future date takes effect then, without anyone acting.',
} as const;
const DOCUMENT = { nullable: true, description: 'The document, e.g. 晋市政任〔2020〕3号.' } as const;
const REASON = { nullable: true, description: 'Why, in a few words.' } as const;
const EXPECTED_REVISION = {
  nullable: true,
  description:
    'The roster revision (Query.rosterRevision) this change was decided on. When the roster has changed since, the change is refused with CONFLICT and nothing is written. Omitted: applied to the roster as it is when its turn comes (concurrent changes take turns).',
} as const;

/** What every recorded roster change carries: the document it rests on and why. */
@InputType({ isAbstract: true })
abstract class DocumentedChangeInput {
  @Field(() => String, DOCUMENT)
  documentRef?: string | null;

  @Field(() => String, REASON)
  reason?: string | null;

  @Field(() => Int, EXPECTED_REVISION)
  expectedRevision?: number | null;
}

/** A roster change that takes effect at an instant (now by default). */
@InputType({ isAbstract: true })
abstract class DatedChangeInput extends DocumentedChangeInput {
  @Field(() => Date, EFFECTIVE)
  effectiveFrom?: Date | null;
}

@InputType('AppointInput', {
  description: 'A personnel change: personName now holds the position titled positionTitle.',
})
export class AppointInput {
  @Field()
  positionTitle!: string;

  @Field({ description: 'Matched against names and aliases; a person not yet known is created.' })
  personName!: string;

  @Field(() => String, {
    nullable: true,
    description: 'For titles held by several people at once (e.g. 副市长): the name of the holder being replaced.',
  })
  replacing?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Defaults to now. Queries with an earlier asOf still show the previous holder.',
  })
  effectiveFrom?: Date | null;

  @Field(() => String, { nullable: true, description: 'The appointment document, e.g. 晋市政任〔2020〕3号.' })
  documentRef?: string | null;

  @Field(() => ID, { nullable: true, description: 'The person, when several share the name.' })
  personId?: string | null;

  @Field(() => String, REASON)
  reason?: string | null;

  @Field(() => Int, EXPECTED_REVISION)
  expectedRevision?: number | null;
}

@InputType('AppointActingInput', { description: '代理 / 主持工作: an acting holder for a period.' })
export class AppointActingInput extends DatedChangeInput {
  @Field()
  positionTitle!: string;

  @Field()
  personName!: string;

  @Field(() => ID, { nullable: true })
  personId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'For a multi-holder title: the holder the acting holder stands in for.',
  })
  replacing?: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'End of the acting period (exclusive). When the title has a holder, their seats return to them then; when it is vacant, the acting holder keeps the seats and rosterIssues reports ACTING_PAST_END.',
  })
  until?: Date | null;
}

@InputType('VacatePositionInput')
export class VacatePositionInput extends DatedChangeInput {
  @Field()
  positionTitle!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Required for multi-holder titles: who leaves. For any title: an acting holder whose period is cut short.',
  })
  personName?: string | null;

  @Field(() => ID, { nullable: true })
  personId?: string | null;
}

@InputType('AddSeatInput')
export class AddSeatInput extends DatedChangeInput {
  @Field(() => ID, { description: 'HQ or a post code.' })
  body!: string;

  @Field(() => CommandRole)
  role!: CommandRole;

  @Field()
  positionTitle!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Who fills the seat; they must hold the title. Omit for a single-holder title: its holder fills it.',
  })
  personName?: string | null;

  @Field(() => ID, { nullable: true })
  personId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Create the position when no position has this title (personName then becomes its first holder).',
  })
  createPosition?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'For a created position: held by several people at once.' })
  multiHolder?: boolean | null;
}

@InputType('RemoveSeatInput')
export class RemoveSeatInput extends DatedChangeInput {
  @Field(() => ID)
  seatId!: string;
}

@InputType('ReassignSeatInput', {
  description: 'A seat changes hands (a portfolio moves to another deputy mayor) or moves under another title.',
})
export class ReassignSeatInput extends DatedChangeInput {
  @Field(() => ID)
  seatId!: string;

  @Field(() => String, { nullable: true, description: 'The new holder; they must hold the title.' })
  personName?: string | null;

  @Field(() => ID, { nullable: true })
  personId?: string | null;

  @Field(() => String, { nullable: true, description: 'List the seat under another title.' })
  positionTitle?: string | null;
}

@InputType('ReorderSeatsInput')
export class ReorderSeatsInput extends DatedChangeInput {
  @Field(() => ID, { description: 'HQ or a post code.' })
  body!: string;

  @Field(() => CommandRole)
  role!: CommandRole;

  @Field(() => [ID], { description: 'Every seat of that role on the body, in the new order.' })
  seatIds!: string[];
}

@InputType('RenamePersonInput', { description: 'Corrects a name; the old one is kept as an alias.' })
export class RenamePersonInput extends DocumentedChangeInput {
  @Field(() => ID)
  personId!: string;

  @Field()
  name!: string;
}
