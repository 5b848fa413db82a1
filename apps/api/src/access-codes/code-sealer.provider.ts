import { Global, Module } from '@nestjs/common';
import { codeSealerFromConfig, type TCodeSealer } from '@lockstep/access-codes';
import { type TApiConfig } from '@lockstep/config';
import { API_CONFIG } from '../config/api-config.module.js';

/** Injection token of the process's code sealer (AES-256-GCM over the `CODE_KEYS` ring). */
export const CODE_SEALER = Symbol('CODE_SEALER');

/**
 * Builds the sealer once from configuration (`CODE_KEYS`, `CODE_ACTIVE_KEY_ID`); it seals access codes
 * and device fingerprint keys. A bad key ring stops start-up here, not on the first request.
 */
@Global()
@Module({
  providers: [
    {
      provide: CODE_SEALER,
      inject: [API_CONFIG],
      useFactory: (config: TApiConfig): TCodeSealer =>
        codeSealerFromConfig({ keyRing: config.CODE_KEYS, activeKeyId: config.CODE_ACTIVE_KEY_ID }),
    },
  ],
  exports: [CODE_SEALER],
})
export class CodeSealerModule {}
