import { Global, Module } from '@nestjs/common';
import { SESSION_AUTHENTICATOR } from '../auth/session-authenticator.types';
import { SecurityModule } from '../security/security.module';
import { AuthController } from './auth.controller';
import { SessionService } from './session.service';
import { UserService } from './user.service';
import { UsersResolver } from './users.resolver';

/** Console users and cookie sessions; provides the session check the global auth guard uses. */
@Global()
@Module({
  imports: [SecurityModule],
  controllers: [AuthController],
  providers: [
    UserService,
    SessionService,
    UsersResolver,
    { provide: SESSION_AUTHENTICATOR, useExisting: SessionService },
  ],
  exports: [SESSION_AUTHENTICATOR, UserService],
})
export class UsersModule {}
