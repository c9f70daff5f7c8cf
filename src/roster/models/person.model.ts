import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Person')
export class PersonModel {
  @Field(() => ID, {
    description: 'Stable: a person keeps their id for life, also when their name is corrected (renamePerson).',
  })
  id!: string;

  @Field()
  name!: string;

  @Field(() => [String], { description: 'Other spellings of the name (OCR variants, former names).' })
  aliases!: string[];

  /** The instant the enclosing query asked about; used by Person.seats when it has no asOf. */
  asOf!: Date;

  /** The knowledge instant of the enclosing query (null: everything recorded). */
  knownAt?: Date | null;
}
