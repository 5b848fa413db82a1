import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import {
  buildMosquittoConfig,
  type MosquittoConfig,
  type MosquittoConfigInput,
  type MosquittoDeviceCredential,
} from './mosquitto-config.js';
import { buildDynsecConfig } from './mosquitto-dynsec.js';

/** File name of the generated dynamic-security configuration. */
export const DYNSEC_FILE = 'dynamic-security.json';

/** Devices that may connect (provisioned or active) and have a Mosquitto password hash. */
export async function readMosquittoCredentials(pool: pg.Pool): Promise<MosquittoDeviceCredential[]> {
  const result = await pool.query<{ id: string; broker_password_hash: string }>(
    `SELECT id, broker_password_hash FROM devices
     WHERE state IN ('provisioned', 'active') AND broker_password_hash IS NOT NULL
     ORDER BY id`,
  );
  return result.rows.map((r) => ({ deviceId: r.id, brokerPasswordHash: r.broker_password_hash }));
}

/**
 * Writes mosquitto.conf, passwords and acl into `dir`. Mosquitto started as root drops to the
 * `mosquitto` user, so the directory is 0755 and the files 0644 (the password file holds only
 * PBKDF2 hashes). `input` paths are the ones the broker will see (they differ inside a container).
 */
export async function writeMosquittoFiles(
  dir: string,
  input: Omit<MosquittoConfigInput, 'passwordFilePath' | 'aclFilePath' | 'dynsec'> & {
    passwordFilePath?: string;
    aclFilePath?: string;
    /** Dynamic security instead of the two files; `configFilePath` defaults to `<dir>/dynamic-security.json`. */
    dynsec?: { pluginPath: string; configFilePath?: string };
  },
): Promise<MosquittoConfig & { confPath: string }> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
  const { dynsec: dynsecInput, ...rest } = input;
  const config = buildMosquittoConfig({
    ...rest,
    passwordFilePath: input.passwordFilePath ?? join(dir, 'passwords'),
    aclFilePath: input.aclFilePath ?? join(dir, 'acl'),
    ...(dynsecInput
      ? {
          dynsec: {
            pluginPath: dynsecInput.pluginPath,
            configFilePath: dynsecInput.configFilePath ?? join(dir, DYNSEC_FILE),
          },
        }
      : {}),
  });
  const files: [string, string][] = [
    ['mosquitto.conf', config.conf],
    ['passwords', config.passwords],
    ['acl', config.acl],
  ];
  if (input.dynsec) {
    const { config: dynsec } = buildDynsecConfig(input);
    files.push([DYNSEC_FILE, `${JSON.stringify(dynsec, null, 2)}\n`]);
  }
  for (const [name, text] of files) {
    const path = join(dir, name);
    await writeFile(path, text, { mode: 0o644 });
    await chmod(path, 0o644);
  }
  return { ...config, confPath: join(dir, 'mosquitto.conf') };
}
