import { describe, expect, it } from 'vitest';
import { mosquittoPasswordHash } from '@lockstep/device-credentials';
import { buildMosquittoConfig, isServiceUsername } from './mosquitto-config.js';
import { buildDynsecConfig, dynsecPassword } from './mosquitto-dynsec.js';

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

describe('dynamic-security config from the registry', () => {
  const hash = mosquittoPasswordHash('a-long-enough-secret');

  it('reuses the stored $7$ hash, binds each device to its client id and gives it only its own topics', () => {
    const { config, skipped } = buildDynsecConfig({
      devices: [
        { deviceId: 'lock-1', brokerPasswordHash: hash },
        { deviceId: 'lock-2', brokerPasswordHash: 'scrypt$1$2$3$4$5' },
      ],
      services: [{ username: 'svc.gateway', brokerPasswordHash: hash }],
    });
    const [, iterations, salt, password] = hash.split('$').filter((p) => p !== '7');
    expect(skipped).toEqual([{ deviceId: 'lock-2', reason: 'no Mosquitto password hash' }]);
    expect(config.defaultACLAccess).toMatchObject({ publishClientSend: false, subscribe: false });
    expect(config.clients).toEqual([
      expect.objectContaining({ username: 'svc.gateway', password, salt, iterations: Number(iterations) }),
      {
        username: 'lock-1',
        clientid: 'lock-1',
        password,
        salt,
        iterations: Number(iterations),
        roles: [{ rolename: 'device.lock-1' }],
      },
    ]);
    expect(config.clients[0]).not.toHaveProperty('clientid');
    const role = config.roles.find((r) => r.rolename === 'device.lock-1');
    expect(role?.acls).toContainEqual({
      acltype: 'subscribeLiteral',
      topic: 'lockstep/v1/lock-1/cmd',
      allow: true,
    });
    expect(role?.acls.every((a) => a.topic.startsWith('lockstep/v1/lock-1/'))).toBe(true);
  });

  it('reads a Mosquitto $7$ hash into its parts, and nothing else', () => {
    expect(dynsecPassword('$7$101$c2FsdA==$aGFzaA==')).toEqual({
      iterations: 101,
      salt: 'c2FsdA==',
      password: 'aGFzaA==',
    });
    expect(dynsecPassword('scrypt$16384$8$1$a$b')).toBeUndefined();
  });
});
