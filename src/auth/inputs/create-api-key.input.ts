import { Field, InputType } from '@nestjs/graphql';
import { ApiRole } from '../api-role.enum';

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @Field({ description: 'Who or what uses the key, e.g. 市应急管理局值班室.' })
  name!: string;

  @Field(() => [ApiRole])
  roles!: ApiRole[];

  @Field(() => Date, {
    nullable: true,
    description: 'The key is refused from this instant on; never expires when omitted.',
  })
  expiresAt?: Date | null;
}
