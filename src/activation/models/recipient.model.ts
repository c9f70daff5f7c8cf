import { Field, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../roster/models/person.model';
import { RecipientRoleModel } from './recipient-role.model';

@ObjectType('Recipient', { description: 'One person to notify, with every role they hold in this activation.' })
export class RecipientModel {
  @Field(() => PersonModel)
  person!: PersonModel;

  @Field(() => [RecipientRoleModel])
  roles!: RecipientRoleModel[];
}
