import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessRepository } from '../access/access.repository.js';
import { ActorResolver } from '../access/actor-resolver.js';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionIssuer } from './session-issuer.js';
import { SessionsRepository } from './sessions.repository.js';

@Module({
  imports: [ApiKeysModule, UsersModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    PasswordHasher,
    SessionIssuer,
    SessionsRepository,
    AccessRepository,
    ActorResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [PasswordHasher, SessionIssuer, AuthService],
})
export class AuthModule {}
