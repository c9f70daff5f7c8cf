import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiRole } from '../../auth/api-role.enum';

export enum UserStatusValue {
  ACTIVE = 'ACTIVE',
  LOCKED = 'LOCKED',
  DISABLED = 'DISABLED',
}
registerEnumType(UserStatusValue, {
  name: 'UserStatus',
  description: 'ACTIVE; LOCKED after repeated wrong passwords (for a while); DISABLED by an administrator.',
});

@ObjectType('User', { description: 'A person who signs in to the console. The password hash is never returned.' })
export class UserModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Login name (lower case).' })
  username!: string;

  @Field({ description: 'Name shown in the console and the audit log, e.g. 张伟（值班员）.' })
  displayName!: string;

  @Field(() => [ApiRole])
  roles!: ApiRole[];

  @Field(() => UserStatusValue)
  status!: UserStatusValue;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastSignInAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Set while the account is locked after repeated wrong passwords.' })
  lockedUntil!: Date | null;

  @Field(() => Date, { nullable: true })
  disabledAt!: Date | null;
}

@ObjectType('Me', { description: 'Who is calling: a signed-in user or an API key.' })
export class MeModel {
  @Field({ description: 'USER (console session) or API_KEY.' })
  kind!: string;

  @Field({ description: 'The display name of the user, or the name of the key.' })
  name!: string;

  @Field(() => [ApiRole])
  roles!: ApiRole[];

  @Field(() => UserModel, { nullable: true })
  user!: UserModel | null;
}

@InputType('CreateUserInput')
export class CreateUserInput {
  @Field({ description: 'Login name: 2 to 64 lower-case letters, digits, "." "_" "-".' })
  username!: string;

  @Field({ description: 'Name shown in the console, e.g. 张伟.' })
  displayName!: string;

  @Field({ description: 'At least 10 characters, not containing the username. Stored only as an argon2id hash.' })
  password!: string;

  @Field(() => [ApiRole])
  roles!: ApiRole[];
}

@InputType('ChangePasswordInput')
export class ChangePasswordInput {
  @Field(() => String, { nullable: true, description: 'Your current password; required when changing your own.' })
  currentPassword?: string | null;

  @Field()
  newPassword!: string;

  @Field(() => ID, { nullable: true, description: 'Whose password to reset (admin only); your own when omitted.' })
  userId?: string | null;
}
