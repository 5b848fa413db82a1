import { SetMetadata } from '@nestjs/common';

export const SECRET_FIELDS = 'lockstep:secret-fields';

/**
 * Names response fields (dotted paths) that hold a secret shown once: an API key, an invitation
 * token, a device password. The idempotency store keeps the response with these set to null, so no
 * secret rests in clear in the database; a replay says so in `Idempotent-Replayed: secrets-withheld`.
 */
export const SecretFields = (...paths: string[]) => SetMetadata(SECRET_FIELDS, paths);
