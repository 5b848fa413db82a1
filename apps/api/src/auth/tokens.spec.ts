import { describe, expect, it } from 'vitest';
import { apiKeyPrefix, csrfTokenFor, newApiKey, newSecret, sha256Hex, TokenPrefix } from './tokens.js';

describe('tokens', () => {
  it('prefixes each kind and carries 256 random bits', () => {
    const token = newSecret(TokenPrefix.Session);
    expect(token).toMatch(/^lss_[A-Za-z0-9_-]{43}$/);
    expect(newSecret(TokenPrefix.Session)).not.toBe(token);
  });

  it('finds the stored prefix of an API key and refuses anything else', () => {
    const { key, prefix } = newApiKey();
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(apiKeyPrefix(`${key}x`)).toBeUndefined();
    expect(apiKeyPrefix('lsk_notakey')).toBeUndefined();
  });

  it('derives a CSRF token that does not reveal the session token', () => {
    const session = newSecret(TokenPrefix.Session);
    expect(csrfTokenFor(session)).toBe(csrfTokenFor(session));
    expect(csrfTokenFor(session)).not.toContain(session.slice(4, 20));
    expect(sha256Hex(session)).toHaveLength(64);
  });
});
