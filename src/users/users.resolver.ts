import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal.types';
import { ApiRole, grants, parseRoles } from '../auth/api-role.enum';
import { BadInputException, DomainException } from '../common/domain.exception';
import { isLocked } from './core/account-policy';
import { UserEntity } from './entities/user.entity';
import { ChangePasswordInput, CreateUserInput, MeModel, UserModel, UserStatusValue } from './models/user.model';
import { UserService } from './user.service';

@Resolver()
export class UsersResolver {
  constructor(private readonly accounts: UserService) {}

  @Query(() => MeModel, {
    description: 'Who is calling (any role): the signed-in user or the API key, with its roles.',
  })
  @Roles(ApiRole.reader)
  async me(@CurrentPrincipal() principal: Principal): Promise<MeModel> {
    if (principal.userId) {
      const user = await this.accounts.get(principal.userId);
      return { kind: 'USER', name: user.displayName, roles: parseRoles(user.roles), user: toUserModel(user) };
    }
    return { kind: 'API_KEY', name: principal.keyName, roles: principal.roles, user: null };
  }

  @Query(() => [UserModel], { description: 'Every console user (admin only).' })
  @Roles(ApiRole.admin)
  async users(): Promise<UserModel[]> {
    return (await this.accounts.list()).map(toUserModel);
  }

  @Mutation(() => UserModel, {
    description: 'Creates a console user with a password (admin only). The password is never returned or logged.',
  })
  @Roles(ApiRole.admin)
  async createUser(@Args('input') input: CreateUserInput): Promise<UserModel> {
    return toUserModel(await this.accounts.create(input));
  }

  @Mutation(() => UserModel, { description: 'Disables a user and ends their sessions at once (admin only).' })
  @Roles(ApiRole.admin)
  async disableUser(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserModel> {
    if (principal.userId === id) throw new BadInputException('id', id, 'you cannot disable your own account');
    return toUserModel(await this.accounts.disable(id, true));
  }

  @Mutation(() => UserModel, { description: 'Enables a disabled user again and clears a lockout (admin only).' })
  @Roles(ApiRole.admin)
  async enableUser(@Args('id', { type: () => ID }) id: string): Promise<UserModel> {
    return toUserModel(await this.accounts.disable(id, false));
  }

  @Mutation(() => UserModel, {
    description:
      "Changes your own password (give currentPassword; your other sessions end), or, as admin with userId, resets another user's (all their sessions end, a lockout is cleared).",
  })
  @Roles(ApiRole.reader)
  async changePassword(
    @Args('input') input: ChangePasswordInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserModel> {
    const target = input.userId ?? principal.userId;
    if (!target)
      throw new BadInputException('userId', null, 'an API key has no password; name the user whose password to reset');
    const own = target === principal.userId;
    if (!own && !grants(principal.roles, ApiRole.admin)) {
      throw new DomainException(
        'FORBIDDEN',
        "changePassword: only an administrator may reset another user's password",
        { field: 'userId', requiredRoles: [ApiRole.admin] },
      );
    }
    if (own && !input.currentPassword)
      throw new DomainException('BAD_USER_INPUT', 'currentPassword: required to change your own password', {
        field: 'currentPassword',
      });
    const user = await this.accounts.changePassword(
      target,
      input.newPassword,
      own ? input.currentPassword! : null,
      own ? (principal.sessionId ?? null) : null,
    );
    return toUserModel(user);
  }
}

export function toUserModel(user: UserEntity): UserModel {
  const now = new Date();
  const status = user.disabledAt
    ? UserStatusValue.DISABLED
    : isLocked(user, now)
      ? UserStatusValue.LOCKED
      : UserStatusValue.ACTIVE;
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: parseRoles(user.roles),
    status,
    createdAt: user.createdAt,
    lastSignInAt: user.lastSignInAt,
    lockedUntil: isLocked(user, now) ? user.lockedUntil : null,
    disabledAt: user.disabledAt,
  };
}
