import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appConfigSchemas, loadConfig, requiredVariables } from '@lockstep/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './repo.js';

// No Docker engine runs here, so docker-compose.yml is kept correct by reading it: every app that
// exists has a service whose environment satisfies that app's own config schema.

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean>;
  volumes?: string[];
  depends_on?: Record<string, unknown>;
}
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/**
 * The .env a user makes from .env.example: every variable it lists, with a made-up value where the
 * user has to generate one (no secret is in the repository).
 */
const dotEnv: Record<string, string> = Object.fromEntries(
  readFileSync(join(repoRoot, '.env.example'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
    .map((line) => {
      const [name, ...value] = line.split('=');
      const given = value.join('=');
      const madeUp = name === 'LOCKSTEP_CODE_KEYS' ? `k1:${'A'.repeat(43)}` : 'made-up-for-the-test-0123';
      return [name!, given === '' ? madeUp : given];
    }),
);

/** `${VAR:-default}` → the .env value, else the default. */
function interpolate(value: string): string {
  return value.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}/g,
    (_, name: string, fallback?: string) => dotEnv[name] ?? fallback ?? '',
  );
}

function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]),
  );
}

const apps = Object.entries(appConfigSchemas).filter(([name]) => existsSync(join(repoRoot, 'apps', name)));

describe('docker-compose.yml', () => {
  it('lists every variable it interpolates in .env.example', () => {
    const text = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
    const used = [...text.matchAll(/\$\{(\w+)/g)].map((m) => m[1]!);
    expect(used.filter((name) => !(name in dotEnv))).toEqual([]);
  });

  it('has postgres, redis and mosquitto', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'mosquitto']));
  });

  it('runs Redis as BullMQ requires: AOF on, noeviction', () => {
    const command = [compose.services.redis?.command ?? []].flat().join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
  });

  it("mounts the project's Mosquitto config", () => {
    const mount = (compose.services.mosquitto?.volumes ?? []).find((v) =>
      v.endsWith(':/mosquitto/config:ro'),
    );
    expect(mount).toBeDefined();
    const dir = join(repoRoot, mount!.split(':')[0]!);
    expect(existsSync(join(dir, 'mosquitto.conf'))).toBe(true);
  });

  it('applies migrations before any app starts', () => {
    expect(compose.services.migrate?.command).toEqual(['node', 'packages/db/dist/cli/migrate.js']);
    for (const [name] of apps) {
      expect(compose.services[name]?.depends_on?.migrate, name).toEqual({
        condition: 'service_completed_successfully',
      });
    }
  });

  it.each(apps.map(([name]) => name))(
    'gives %s every variable its config requires, and no unknown ones',
    (name) => {
      const { object, schema } = appConfigSchemas[name as keyof typeof appConfigSchemas];
      const service = compose.services[name];
      expect(service, `docker-compose.yml has no "${name}" service`).toBeDefined();
      const env = environmentOf(service!);
      for (const variable of requiredVariables(object))
        expect(env, `${name} needs ${variable}`).toHaveProperty(variable);
      const unknown = Object.keys(env).filter((key) => !(key in object.shape));
      expect(unknown, `${name} is given variables its config does not read`).toEqual([]);
      // The whole schema, cross-field rules included (e.g. REDIS_URL when QUEUE_BACKEND=redis).
      expect(() => loadConfig(name, schema, env)).not.toThrow();
    },
  );

  it('points the apps at the compose services, not at localhost', () => {
    const hosts = new Set(Object.keys(compose.services));
    for (const [name] of apps) {
      const env = environmentOf(compose.services[name]!);
      for (const key of ['DATABASE_URL', 'REDIS_URL', 'MQTT_URL'] as const) {
        if (env[key]) expect(hosts.has(new URL(env[key]).hostname), `${name} ${key}`).toBe(true);
      }
    }
  });
});
