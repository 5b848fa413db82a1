import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { type TApiConfig } from '@lockstep/config';
import { AccessCodesModule } from './access-codes/access-codes.module.js';
import { CodeSealerModule } from './access-codes/code-sealer.provider.js';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ETagInterceptor } from './concurrency/etag.interceptor.js';
import { ApiConfigModule } from './config/api-config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { InvitationsModule } from './invitations/invitations.module.js';
import { LockEventsModule } from './lock-events/lock-events.module.js';
import { LocksModule } from './locks/locks.module.js';
import { MembersModule } from './members/members.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { PropertiesModule } from './properties/properties.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { TenanciesModule } from './tenancies/tenancies.module.js';
import { UnitsModule } from './units/units.module.js';

@Module({})
export class AppModule {
  static forRoot(config: Readonly<TApiConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiConfigModule.forRoot(config),
        DatabaseModule,
        CodeSealerModule,
        RateLimitModule,
        AuditModule,
        AuthModule,
        IdempotencyModule,
        MetricsModule,
        HealthModule,
        OrganizationsModule,
        MembersModule,
        InvitationsModule,
        ApiKeysModule,
        PropertiesModule,
        UnitsModule,
        TenanciesModule,
        LocksModule,
        LockEventsModule,
        AccessCodesModule,
      ],
      providers: [{ provide: APP_INTERCEPTOR, useClass: ETagInterceptor }],
    };
  }
}
