import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ContactKindValue } from '../models/contact-method.model';

@InputType('AddContactMethodInput')
export class AddContactMethodInput {
  @Field(() => ID)
  personId!: string;

  @Field(() => ContactKindValue)
  kind!: ContactKindValue;

  @Field({ description: 'Mobile number, telephone number, e-mail address or webhook URL.' })
  value!: string;

  @Field(() => Int, { nullable: true, description: '1 = tried first; after the existing ones when omitted.' })
  priority?: number | null;

  @Field(() => String, { nullable: true })
  label?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  active?: boolean | null;
}

@InputType('UpdateContactMethodInput')
export class UpdateContactMethodInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ContactKindValue, { nullable: true })
  kind?: ContactKindValue | null;

  @Field(() => String, { nullable: true })
  value?: string | null;

  @Field(() => Int, { nullable: true })
  priority?: number | null;

  @Field(() => String, { nullable: true, description: 'An empty string clears the label.' })
  label?: string | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}
