import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ContactKind } from '../entities/contact-method.entity';

export enum ContactKindValue {
  MOBILE = 'MOBILE',
  OFFICE_PHONE = 'OFFICE_PHONE',
  EMAIL = 'EMAIL',
  WEBHOOK = 'WEBHOOK',
}
registerEnumType(ContactKindValue, {
  name: 'ContactKind',
  description: 'How a person is reached: 手机, 办公电话, 电子邮箱 or a webhook URL.',
});

@ObjectType('ContactMethod', {
  description: 'One way to reach a person. Personal data: visible to roster_editor, duty_officer and admin only.',
})
export class ContactMethodModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ContactKindValue)
  kind!: ContactKind;

  @Field()
  value!: string;

  @Field(() => Int, { description: '1 = tried first.' })
  priority!: number;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field({ description: 'Inactive methods are kept but not used for notifications.' })
  active!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}
