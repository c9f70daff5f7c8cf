import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyBootstrapService } from './api-key-bootstrap.service';
import { ApiKeyResolver } from './api-key.resolver';
import { ApiKeyService } from './api-key.service';
import { AuthGuard } from './auth.guard';
import { AuthPlugin } from './auth.plugin';
import { RequestAuthenticatorService } from './request-authenticator.service';

/** API keys with roles, the global guard and the GraphQL authentication plugin. */
@Global()
@Module({
  providers: [
    ApiKeyService,
    RequestAuthenticatorService,
    ApiKeyBootstrapService,
    ApiKeyResolver,
    AuthPlugin,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [ApiKeyService, RequestAuthenticatorService],
})
export class AuthModule {}
