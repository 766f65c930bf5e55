import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AccessTokenVerifier } from './access-token-verifier';
import { AuthGuard } from './auth.guard';
import { IdentityController } from './identity.controller';
import { KeycloakTokenVerifier } from './keycloak-token.verifier';
import { UsersService } from './users.service';

@Module({
  controllers: [IdentityController],
  providers: [
    UsersService,
    {
      provide: AccessTokenVerifier,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new KeycloakTokenVerifier({ url: config.identity.url, realm: config.identity.realm, audience: config.identity.apiClientId }),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [UsersService],
})
export class IdentityModule {}
