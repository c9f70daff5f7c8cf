import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyService, keyStatus } from './api-key.service';
import { Roles } from './auth.decorators';
import { ApiKeyEntity } from './entities/api-key.entity';
import { ApiKeyModel, ApiKeyStatusValue, CreatedApiKeyModel } from './models/api-key.model';
import { CreateApiKeyInput } from './inputs/create-api-key.input';
import { ApiRole, parseRoles } from './api-role.enum';

@Resolver()
@Roles(ApiRole.admin)
export class ApiKeyResolver {
  constructor(private readonly keys: ApiKeyService) {}

  @Query(() => [ApiKeyModel], { description: 'Every API key (admin only). Hashes and secrets are never returned.' })
  async apiKeys(): Promise<ApiKeyModel[]> {
    return (await this.keys.list()).map(toModel);
  }

  @Mutation(() => CreatedApiKeyModel, { description: 'Creates a key and returns its secret, once (admin only).' })
  async createApiKey(@Args('input') input: CreateApiKeyInput): Promise<CreatedApiKeyModel> {
    const { key, secret } = await this.keys.create(input);
    return { apiKey: toModel(key), secret };
  }

  @Mutation(() => ApiKeyModel, { description: 'Revokes a key at once; it is refused from now on (admin only).' })
  async revokeApiKey(@Args('id', { type: () => ID }) id: string): Promise<ApiKeyModel> {
    return toModel(await this.keys.revoke(id));
  }
}

export function toModel(key: ApiKeyEntity): ApiKeyModel {
  return {
    id: key.id,
    name: key.name,
    roles: parseRoles(key.roles),
    status: keyStatus(key) as ApiKeyStatusValue,
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    lastUsedAt: key.lastUsedAt,
  };
}
