import { Injectable } from '@nestjs/common';
import { type Role } from '@lockstep/db';
import { apiKeyPrefix, safeEqualHex, sha256Hex } from '../auth/tokens.js';
import { ApiKeysRepository } from './api-keys.repository.js';

export interface AuthenticatedKey {
  id: string;
  organizationId: string;
  role: Role;
  scopes: string[];
}

const TOUCH_INTERVAL_MS = 60_000;

/** Checks a presented API key: known prefix, matching hash, not revoked, not expired. */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(private readonly keys: ApiKeysRepository) {}

  async authenticate(presented: string): Promise<AuthenticatedKey | null> {
    const prefix = apiKeyPrefix(presented);
    if (!prefix) return null;
    const key = await this.keys.findByPrefix(prefix);
    if (!key || !safeEqualHex(key.keyHash, sha256Hex(presented))) return null;
    const now = new Date();
    if (key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.keys.touch(key.id, now);
    }
    return { id: key.id, organizationId: key.organizationId, role: key.role, scopes: key.scopes };
  }
}
