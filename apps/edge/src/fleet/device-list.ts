import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isDeviceId } from '@lockstep/lock-protocol';
import { z } from 'zod';

/** `fleet-0001` … for `--count`, with a prefix. */
export function generatedDeviceIds(count: number, prefix = 'sim-lock'): string[] {
  const width = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, index) => `${prefix}-${String(index + 1).padStart(width, '0')}`);
}

/** A comma list (`--devices a,b`) or a file with one id per line (`#` comments allowed). */
export function parseDeviceIds(text: string, separator: RegExp = /[\s,]+/): string[] {
  const ids = text
    .split('\n')
    .map((line) => line.replace(/#.*$/, ''))
    .join('\n')
    .split(separator)
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const bad = ids.filter((id) => !isDeviceId(id));
  if (bad.length > 0) throw new Error(`invalid device id(s): ${bad.slice(0, 3).join(', ')}`);
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) throw new Error('device ids must be unique');
  return unique;
}

export async function readDeviceIdsFile(path: string): Promise<string[]> {
  return parseDeviceIds(await readFile(path, 'utf8'));
}

const ZPasswordsJsonSchema = z.record(z.string(), z.string().min(1));

/** Per-device broker secrets: JSON `{ "<id>": "<secret>" }`, or lines `<id> <secret>` / `<id>:<secret>`. */
export async function readPasswordsFile(path: string): Promise<Map<string, string>> {
  const text = await readFile(path, 'utf8');
  const trimmed = text.trim();
  if (trimmed.startsWith('{'))
    return new Map(Object.entries(ZPasswordsJsonSchema.parse(JSON.parse(trimmed))));
  const passwords = new Map<string, string>();
  for (const line of trimmed.split('\n')) {
    const match = /^\s*([A-Za-z0-9_-]{1,64})[\s:]+(\S+)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) passwords.set(match[1], match[2]);
  }
  return passwords;
}

/** A broker secret derived from the fleet seed (simulation only): the cloud's demo data can hash the same. */
export function seededBrokerSecret(seed: string, deviceId: string): string {
  return createHmac('sha256', seed).update(`lockstep-edge broker\n${deviceId}`).digest('base64url');
}
