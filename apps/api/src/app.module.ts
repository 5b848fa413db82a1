import { type DynamicModule, Module } from '@nestjs/common';
import { type TApiConfig } from '@lockstep/config';
import { ApiConfigModule } from './config/api-config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { PropertiesModule } from './properties/properties.module.js';

@Module({})
export class AppModule {
  static forRoot(config: Readonly<TApiConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [ApiConfigModule.forRoot(config), DatabaseModule, HealthModule, PropertiesModule],
    };
  }
}
