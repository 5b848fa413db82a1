import { Global, Module, type DynamicModule } from '@nestjs/common';
import { type TApiConfig } from '@lockstep/config';

/** Injection token of the API's parsed, frozen configuration. */
export const API_CONFIG = Symbol('API_CONFIG');

@Global()
@Module({})
export class ApiConfigModule {
  static forRoot(config: Readonly<TApiConfig>): DynamicModule {
    return {
      module: ApiConfigModule,
      providers: [{ provide: API_CONFIG, useValue: config }],
      exports: [API_CONFIG],
    };
  }
}
