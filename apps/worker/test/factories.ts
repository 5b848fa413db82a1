import { randomBytes, randomUUID } from 'node:crypto';
import { mask, type TCodeSealer } from '@lockstep/access-codes';
import { loadWorkerConfig, type TWorkerConfig } from '@lockstep/config';
import { type Database } from '@lockstep/db';
import { SEED_MODEL_PROFILE } from '@lockstep/lock-protocol';
import { generateDeviceKeyPair, slotFingerprint } from '@lockstep/lock-protocol/node';

/** Test data from factories (STYLE.md §9): each call makes its own organization. */

export function testKeyRing(ids: string[] = ['k1']): string {
  return ids.map((id) => `${id}:${randomBytes(32).toString('base64url')}`).join(',');
}

export function workerConfig(
  databaseUrl: string,
  over: Record<string, string | undefined> = {},
): TWorkerConfig & { QUEUE_PREFIX: string } {
  return loadWorkerConfig({
    DATABASE_URL: databaseUrl,
    QUEUE_BACKEND: 'redis',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `wk_${randomBytes(5).toString('hex')}`,
    CODE_KEYS: testKeyRing(),
    CODE_ACTIVE_KEY_ID: 'k1',
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: '8',
    WORKER_HTTP_PORT: '0',
    ...over,
  });
}

export interface LockFixture {
  organizationId: string;
  propertyId: string;
  unitId: string;
  lockId: string;
  deviceId: string;
  deviceKey: Buffer;
  publicKey: string;
  privateKey: string;
  fingerprint: (slot: number, code: string) => string;
}

export async function createLock(
  db: Database,
  sealer: TCodeSealer,
  options: {
    online?: boolean;
    timeZone?: string;
    driftPolicy?: 'restore_managed' | 'adopt_local_primary';
    org?: { organizationId: string; propertyId: string; unitId: string };
  } = {},
): Promise<LockFixture> {
  const tag = randomBytes(4).toString('hex');
  let org = options.org;
  if (!org) {
    const organization = await db.organization.create({
      data: { name: `Org ${tag}`, slug: `org-${tag}`, driftPolicy: options.driftPolicy ?? 'restore_managed' },
    });
    const property = await db.property.create({
      data: {
        organizationId: organization.id,
        name: `Property ${tag}`,
        addressLine1: '1 Test Street',
        city: 'Testville',
        postalCode: '00000',
        country: 'DE',
        timeZone: options.timeZone ?? 'Europe/Berlin',
      },
    });
    const unit = await db.unit.create({
      data: { organizationId: organization.id, propertyId: property.id, name: `U-${tag}` },
    });
    org = { organizationId: organization.id, propertyId: property.id, unitId: unit.id };
  }
  const deviceId = `lock-${tag}`;
  const lock = await db.lock.create({
    data: {
      organizationId: org.organizationId,
      propertyId: org.propertyId,
      unitId: org.unitId,
      name: `Door ${tag}`,
      serial: `SN-${tag}`,
      model: SEED_MODEL_PROFILE.model,
      status: 'commissioned',
    },
  });
  const keys = generateDeviceKeyPair();
  const deviceKey = randomBytes(32);
  const sealedKey = sealer.sealDeviceKey(deviceKey);
  await db.device.create({
    data: {
      id: deviceId,
      organizationId: org.organizationId,
      lockId: lock.id,
      model: SEED_MODEL_PROFILE.model,
      publicKey: keys.publicKey,
      fingerprintKeySealed: new Uint8Array(sealedKey.sealed),
      keyId: sealedKey.keyId,
      state: 'active',
      online: options.online ?? true,
    },
  });
  return {
    ...org,
    lockId: lock.id,
    deviceId,
    deviceKey,
    publicKey: keys.publicKey,
    privateKey: keys.privateKey,
    fingerprint: (slot, code) => slotFingerprint({ deviceKey, deviceId, slot, code }),
  };
}

/** An access code with a target on each lock, as the API writes it (status scheduled, transition `created`). */
export async function createCode(
  db: Database,
  sealer: TCodeSealer,
  locks: LockFixture[],
  input: {
    code: string;
    kind?: 'primary' | 'maintenance' | 'guest';
    startsAt?: number;
    endsAt?: number;
    slot?: number;
    maxUses?: number;
    createdAt?: Date;
  },
): Promise<{ accessCodeId: string; targetIds: string[] }> {
  const first = locks[0]!;
  const kind = input.kind ?? 'guest';
  const sealed = sealer.seal(input.code);
  const code = await db.accessCode.create({
    data: {
      organizationId: first.organizationId,
      unitId: first.unitId,
      kind,
      label: kind === 'primary' ? 'Tenant code' : 'Plumber',
      codeSealed: new Uint8Array(sealed.sealed),
      keyId: sealed.keyId,
      codeLength: input.code.length,
      codeHint: mask(input.code),
      scheduleKind: kind === 'primary' ? 'always' : 'once',
      ...(kind === 'primary'
        ? {}
        : {
            startsAt: new Date(input.startsAt ?? Date.now()),
            endsAt: new Date(input.endsAt ?? Date.now() + 3_600_000),
          }),
      ...(input.maxUses ? { maxUses: input.maxUses } : {}),
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    },
  });
  const targetIds: string[] = [];
  for (const lock of locks) {
    const target = await db.accessCodeTarget.create({
      data: {
        organizationId: lock.organizationId,
        accessCodeId: code.id,
        lockId: lock.lockId,
        slot: input.slot ?? (kind === 'primary' ? 1 : 2),
        status: 'scheduled',
      },
    });
    await db.accessCodeTransition.create({
      data: {
        organizationId: lock.organizationId,
        targetId: target.id,
        fromStatus: null,
        toStatus: 'scheduled',
        cause: 'created',
      },
    });
    targetIds.push(target.id);
  }
  return { accessCodeId: code.id, targetIds };
}

/** What the gateway stores from a state report. */
export async function reportState(
  db: Database,
  lock: LockFixture,
  slots: (string | null)[],
  heldVersion: number,
): Promise<void> {
  const data = {
    organizationId: lock.organizationId,
    heldVersion,
    slots,
    bolt: 'locked',
    messageId: randomUUID(),
    reportedAt: new Date(),
    receivedAt: new Date(),
  };
  await db.lockReportedState.upsert({
    where: { lockId: lock.lockId },
    create: { lockId: lock.lockId, ...data },
    update: data,
  });
}

/** What the gateway does with an `applied` ack: command resolved, its targets moved. */
export async function applyCommand(db: Database, commandId: string): Promise<void> {
  const command = await db.command.update({
    where: { id: commandId },
    data: { status: 'applied', resolvedAt: new Date() },
  });
  await db.accessCodeTarget.updateMany({
    where: { organizationId: command.organizationId, lastCommandId: commandId },
    data: { status: command.type === 'set_code' ? 'set' : 'removed' },
  });
}

export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
