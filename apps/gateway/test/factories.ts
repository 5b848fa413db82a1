import { randomBytes, randomUUID } from 'node:crypto';
import { type Database } from '@lockstep/db';
import { EXAMPLE_MESSAGES } from '@lockstep/lock-protocol';

const SET_CODE_EXAMPLE = EXAMPLE_MESSAGES.setCode;
import { deviceCredentialHashes, generateDeviceSecret } from '@lockstep/device-credentials';

/** Test data from factories (STYLE.md §9): each call makes its own organization. */
export interface DeviceFixture {
  organizationId: string;
  propertyId: string;
  unitId: string;
  lockId: string;
  deviceId: string;
  secret: string;
  model: string;
  publicKey: string | null;
}

export async function createOrganization(db: Database) {
  const tag = randomBytes(4).toString('hex');
  const org = await db.organization.create({ data: { name: `Org ${tag}`, slug: `org-${tag}` } });
  const property = await db.property.create({
    data: {
      organizationId: org.id,
      name: `Property ${tag}`,
      addressLine1: '1 Test Street',
      city: 'Testville',
      postalCode: '00000',
      country: 'US',
      timeZone: 'America/New_York',
    },
  });
  const unit = await db.unit.create({
    data: { organizationId: org.id, propertyId: property.id, name: `U-${tag}` },
  });
  return { organizationId: org.id, propertyId: property.id, unitId: unit.id };
}

export async function createDevice(
  db: Database,
  options: {
    deviceId?: string;
    publicKey?: string | null;
    /** The device's broker secret (default: a fresh one). */
    secret?: string;
    state?: 'provisioned' | 'active' | 'suspended' | 'retired';
    org?: Awaited<ReturnType<typeof createOrganization>>;
  } = {},
): Promise<DeviceFixture> {
  const org = options.org ?? (await createOrganization(db));
  const deviceId = options.deviceId ?? `lock-${randomBytes(6).toString('hex')}`;
  const model = EXAMPLE_MESSAGES.birth.model;
  const lock = await db.lock.create({
    data: {
      organizationId: org.organizationId,
      propertyId: org.propertyId,
      unitId: org.unitId,
      name: `Door ${deviceId}`,
      serial: `SN-${deviceId}`,
      model,
      status: 'commissioned',
    },
  });
  const secret = options.secret ?? generateDeviceSecret();
  const hashes = deviceCredentialHashes(secret);
  const publicKey = options.publicKey === undefined ? EXAMPLE_MESSAGES.birth.publicKey : options.publicKey;
  await db.device.create({
    data: {
      id: deviceId,
      organizationId: org.organizationId,
      lockId: lock.id,
      model,
      publicKey,
      credentialHash: hashes.credentialHash,
      brokerPasswordHash: hashes.brokerPasswordHash,
      state: options.state ?? 'active',
    },
  });
  return { ...org, lockId: lock.id, deviceId, secret, model, publicKey };
}

/** An access code on the fixture's lock with a target row, as the API and reconciler would leave it. */
export async function createCodeTarget(
  db: Database,
  device: DeviceFixture,
  status: 'scheduled' | 'setting' | 'removing' | 'set',
  slot = 2,
  holderUserId: string | null = null,
) {
  const code = await db.accessCode.create({
    data: {
      holderUserId,
      organizationId: device.organizationId,
      unitId: device.unitId,
      kind: 'maintenance',
      label: 'Plumber',
      codeSealed: Buffer.from('sealed'),
      keyId: 'test-key',
      codeLength: 6,
      codeHint: '••••42',
      scheduleKind: 'once',
      startsAt: new Date(Date.now() - 60_000),
      endsAt: new Date(Date.now() + 3_600_000),
    },
  });
  const target = await db.accessCodeTarget.create({
    data: {
      organizationId: device.organizationId,
      accessCodeId: code.id,
      lockId: device.lockId,
      slot,
      status,
    },
  });
  return { accessCodeId: code.id, targetId: target.id };
}

/** A command row as the reconciler writes it, optionally serving a target. */
export async function createCommand(
  db: Database,
  device: DeviceFixture,
  input: {
    type: 'set_code' | 'clear_slot' | 'request_state';
    slot?: number;
    targetId?: string;
    accessCodeId?: string;
    notAfter?: Date;
  },
) {
  const id = randomUUID();
  // A set_code's PIN envelope is the reconciler's business; the gateway passes the payload through.
  const payload =
    input.type === 'clear_slot'
      ? { slot: input.slot ?? 2 }
      : input.type === 'set_code'
        ? { slot: input.slot ?? 2, pin: SET_CODE_EXAMPLE.pin, notAfter: Date.now() + 3_600_000 }
        : {};
  await db.command.create({
    data: {
      id,
      organizationId: device.organizationId,
      lockId: device.lockId,
      deviceId: device.deviceId,
      type: input.type,
      slot: input.slot ?? null,
      accessCodeId: input.accessCodeId ?? null,
      desiredVersion: 7,
      payload,
      ...(input.notAfter ? { notAfter: input.notAfter } : {}),
    },
  });
  if (input.targetId) {
    await db.accessCodeTarget.update({ where: { id: input.targetId }, data: { lastCommandId: id } });
  }
  return id;
}

/** Protocol messages for a device, with fresh ids. */
export const messages = {
  id: () => randomUUID(),
  birth: (session: string) => ({ ...EXAMPLE_MESSAGES.birth, id: randomUUID(), ts: Date.now(), session }),
  presence: (status: 'online' | 'offline', session: string) => ({
    ...EXAMPLE_MESSAGES.presenceOnline,
    id: randomUUID(),
    ts: Date.now(),
    status,
    session,
  }),
  telemetry: (id = randomUUID(), percent = 80) => ({
    ...EXAMPLE_MESSAGES.telemetry,
    id,
    ts: Date.now(),
    battery: { percent, millivolts: 5800 },
  }),
  state: (id = randomUUID(), ts = Date.now()) => ({ ...EXAMPLE_MESSAGES.state, id, ts }),
  unlockedKeypad: (slot: number, id = randomUUID()) => ({
    v: 1,
    type: 'event',
    id,
    ts: Date.now(),
    event: 'unlocked',
    method: 'keypad',
    slot,
    commandId: null,
  }),
  ack: (commandId: string, result: 'applied' | 'rejected' = 'applied') =>
    result === 'applied'
      ? { v: 1, type: 'ack', id: randomUUID(), ts: Date.now(), result, commandId, desiredVersion: 7 }
      : {
          v: 1,
          type: 'ack',
          id: randomUUID(),
          ts: Date.now(),
          result,
          commandId,
          desiredVersion: 6,
          reason: 'busy',
          detail: null,
        },
};

/** Polls until `check` returns a value (tests wait for effects, never for fixed times). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
