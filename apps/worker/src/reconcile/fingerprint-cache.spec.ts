import { describe, expect, it } from 'vitest';
import { FingerprintCache } from './fingerprint-cache.js';

const sealed = (byte: number) => Buffer.alloc(48, byte);

describe('FingerprintCache', () => {
  it('knows a device only after its key opened, and keeps what was remembered under the same sealed key', () => {
    const cache = new FingerprintCache();
    expect(cache.lookup('dev-1', sealed(1), 'k1')).toBeUndefined();
    cache.remember('dev-1', sealed(1), 'k1').set('2:code-a', 'fp-a');
    expect(cache.lookup('dev-1', sealed(1), 'k1')?.get('2:code-a')).toBe('fp-a');
    expect(cache.lookup('dev-2', sealed(1), 'k1')).toBeUndefined();
  });

  it('forgets a device whose sealed key or key id changed (re-commissioned or resealed)', () => {
    const cache = new FingerprintCache();
    cache.remember('dev-1', sealed(1), 'k1').set('2:code-a', 'fp-a');
    expect(cache.lookup('dev-1', sealed(2), 'k1')).toBeUndefined();
    // The stale entry is gone, not merely skipped.
    expect(cache.lookup('dev-1', sealed(1), 'k1')).toBeUndefined();
    cache.remember('dev-1', sealed(1), 'k1').set('2:code-a', 'fp-a');
    expect(cache.lookup('dev-1', sealed(1), 'k2')).toBeUndefined();
  });

  it('does not share the caller’s buffer: a later change to it does not match', () => {
    const cache = new FingerprintCache();
    const key = sealed(1);
    cache.remember('dev-1', key, 'k1');
    key[0] = 9;
    expect(cache.lookup('dev-1', key, 'k1')).toBeUndefined();
  });

  it('holds at most its bound of devices, dropping the least recently used', () => {
    const cache = new FingerprintCache(2);
    cache.remember('a', sealed(1), 'k');
    cache.remember('b', sealed(1), 'k');
    expect(cache.lookup('a', sealed(1), 'k')).toBeDefined(); // a is now the most recent
    cache.remember('c', sealed(1), 'k');
    expect(cache.size).toBe(2);
    expect(cache.lookup('b', sealed(1), 'k')).toBeUndefined();
    expect(cache.lookup('a', sealed(1), 'k')).toBeDefined();
    expect(cache.lookup('c', sealed(1), 'k')).toBeDefined();
  });
});
