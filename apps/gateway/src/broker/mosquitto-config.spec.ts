import { describe, expect, it } from 'vitest';
import { mosquittoPasswordHash } from '@lockstep/device-credentials';
import { buildMosquittoConfig, isServiceUsername } from './mosquitto-config.js';

describe('Mosquitto config from the registry', () => {
  const hash = mosquittoPasswordHash('a-long-enough-secret');
  const build = (devices: { deviceId: string; brokerPasswordHash: string }[]) =>
    buildMosquittoConfig({
      devices,
      services: [{ username: 'svc.gateway', brokerPasswordHash: hash }],
      passwordFilePath: '/cfg/passwords',
      aclFilePath: '/cfg/acl',
      port: 1883,
    });

  it('denies anonymous logins and points at the generated files', () => {
    const { conf } = build([]);
    expect(conf).toContain('allow_anonymous false');
    expect(conf).toContain('password_file /cfg/passwords');
    expect(conf).toContain('acl_file /cfg/acl');
  });

  it('writes one password line per device and confines devices with %u patterns', () => {
    const { passwords, acl, skipped } = build([
      { deviceId: 'lock-1', brokerPasswordHash: hash },
      { deviceId: 'bad/id', brokerPasswordHash: hash },
      { deviceId: 'lock-2', brokerPasswordHash: 'scrypt$1$2$3$4$5' },
    ]);
    expect(passwords.trim().split('\n')).toEqual([`svc.gateway:${hash}`, `lock-1:${hash}`]);
    expect(skipped.map((s) => s.deviceId)).toEqual(['bad/id', 'lock-2']);
    expect(acl).toContain('pattern write lockstep/v1/%u/state');
    expect(acl).toContain('pattern read lockstep/v1/%u/cmd');
    expect(acl).not.toMatch(/pattern (read|readwrite) lockstep\/v1\/%u\/(state|event|telemetry)/);
    expect(acl).toContain('user svc.gateway\ntopic read lockstep/v1/+/birth');
    expect(acl).toContain('topic write lockstep/v1/+/cmd');
  });

  it('refuses a service username that could be a device id', () => {
    expect(isServiceUsername('svc.gateway')).toBe(true);
    expect(isServiceUsername('gateway')).toBe(false);
    expect(() =>
      buildMosquittoConfig({
        devices: [],
        services: [{ username: 'gateway', brokerPasswordHash: hash }],
        passwordFilePath: 'p',
        aclFilePath: 'a',
        port: 1,
      }),
    ).toThrow();
  });
});
