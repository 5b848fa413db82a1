import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer secrets the API issues. Each kind has a prefix, so a leaked token is recognisable (secret
 * scanners) and the guard knows where to look it up. Only SHA-256 digests are stored: the secrets
 * carry 256 random bits, so a fast hash is enough (unlike passwords).
 */
export const TokenPrefix = {
  Session: 'lss_',
  Invitation: 'lsi_',
  ApiKey: 'lsk_',
} as const;

export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/**
 * The CSRF token of a session: derived from (not equal to) the session token, so the dashboard can
 * read it from a non-HttpOnly cookie while the session token stays HttpOnly. A cross-site page can
 * neither read the cookie nor set the header, so a forged request fails the double-submit check.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf\0${sessionToken}`).digest('base64url');
}

/** API keys: `lsk_<12 hex prefix>_<secret>`; the prefix is stored in clear to find the row. */
export function newApiKey(): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString('hex');
  return { key: `${TokenPrefix.ApiKey}${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

export function apiKeyPrefix(key: string): string | undefined {
  const match = /^lsk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(key);
  return match?.[1];
}
