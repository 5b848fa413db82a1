import { describe, expect, it } from 'vitest';
import { ConfigError, loadApiConfig, requiredVariables, ZApiConfigObject } from './index.js';

const base = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/lockstep',
  REDIS_URL: 'redis://127.0.0.1:6379',
  MQTT_URL: 'mqtt://127.0.0.1:1883',
  // A key ring is configuration like any other; this one is made up and seals nothing.
  CODE_KEYS: `k1:${'A'.repeat(43)}`,
  CODE_ACTIVE_KEY_ID: 'k1',
};

describe('loadConfig', () => {
  it('parses, applies defaults and freezes', () => {
    const cfg = loadApiConfig(base);
    expect(cfg.API_PORT).toBe(3000);
    expect(cfg.QUEUE_BACKEND).toBe('redis');
    expect(Object.isFrozen(cfg)).toBe(true);
  });

  it('names a missing variable', () => {
    expect(() => loadApiConfig({ ...base, DATABASE_URL: undefined })).toThrow(/DATABASE_URL/);
  });

  it('names a bad variable and says why', () => {
    try {
      loadApiConfig({ ...base, API_PORT: 'eighty' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.variable)).toEqual(['API_PORT']);
    }
  });

  it('rejects a URL with the wrong scheme', () => {
    expect(() => loadApiConfig({ ...base, MQTT_URL: 'http://broker' })).toThrow(/MQTT_URL/);
  });

  it('requires REDIS_URL only for the Redis queue backend', () => {
    expect(() => loadApiConfig({ ...base, REDIS_URL: undefined })).toThrow(/REDIS_URL/);
    expect(loadApiConfig({ ...base, REDIS_URL: undefined, QUEUE_BACKEND: 'postgres' }).QUEUE_BACKEND).toBe(
      'postgres',
    );
  });

  it('treats an empty value as unset', () => {
    expect(loadApiConfig({ ...base, API_PORT: '' }).API_PORT).toBe(3000);
  });

  it('lists required variables', () => {
    expect(requiredVariables(ZApiConfigObject).sort()).toEqual([
      'CODE_ACTIVE_KEY_ID',
      'CODE_KEYS',
      'DATABASE_URL',
      'MQTT_URL',
    ]);
  });

  it('names a missing data key ring', () => {
    expect(() => loadApiConfig({ ...base, CODE_KEYS: undefined })).toThrow(/CODE_KEYS/);
  });
});
