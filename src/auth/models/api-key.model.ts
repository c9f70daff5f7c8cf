import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiRole } from '../api-role.enum';

export enum ApiKeyStatusValue {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(ApiKeyStatusValue, { name: 'ApiKeyStatus', description: 'Whether a key is accepted now.' });

@ObjectType('ApiKey', {
  description: 'An API key as an administrator sees it; the secret is shown only once, at creation, and never stored.',
})
export class ApiKeyModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => [ApiRole])
  roles!: ApiRole[];

  @Field(() => ApiKeyStatusValue)
  status!: ApiKeyStatusValue;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the key was last accepted (updated at most once a minute).' })
  lastUsedAt!: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyModel {
  @Field(() => ApiKeyModel)
  apiKey!: ApiKeyModel;

  @Field({ description: 'The key to send as "Authorization: Bearer <secret>". Shown this once only; store it now.' })
  secret!: string;
}
