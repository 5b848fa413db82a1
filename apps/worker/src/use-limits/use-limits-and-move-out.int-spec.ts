import { codeSealerFromConfig } from '@lockstep/access-codes';
import { createTestDatabase, type TestDatabase } from '@lockstep/db/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCode, createLock, reportState, workerConfig } from '../../test/factories.js';
import { moveOutInstant } from '../move-out/move-out-instant.js';
import { ManualClock } from '../observability/clock.js';
import { startWorker, type Worker } from '../worker.js';

// Use limits and move-out against real Postgres: the Nth unlock revokes the code (redelivery does not
// count twice), the reconcile then removes it; a tenancy's end rotates the primary once.

describe('use limits and move-out (real Postgres + Redis)', () => {
  let database: TestDatabase;
  let config: ReturnType<typeof workerConfig>;
  let worker: Worker;
  const clock = new ManualClock(Date.parse('2027-02-01T12:00:00Z'));
  const sealer = () =>
    codeSealerFromConfig({ keyRing: config.CODE_KEYS, activeKeyId: config.CODE_ACTIVE_KEY_ID });

  beforeAll(async () => {
    database = await createTestDatabase('worker_limits');
    config = workerConfig(database.url);
    worker = await startWorker(config, { clock, http: false, sweepTimer: false, processors: false });
  });

  afterAll(async () => {
    await worker?.stop();
    await database?.drop();
  });

  const unlock = async (
    lock: { organizationId: string; lockId: string; deviceId: string },
    accessCodeId: string,
  ) => {
    const messageId = randomUUID();
    await database.db.lockEvent.create({
      data: {
        organizationId: lock.organizationId,
        lockId: lock.lockId,
        deviceId: lock.deviceId,
        messageId,
        type: 'unlocked',
        method: 'keypad',
        slot: 2,
        accessCodeId,
        occurredAt: new Date(clock.now()),
      },
    });
    return messageId;
  };

  it('revokes a code at its Nth unlock, idempotently, and the reconcile removes it from the lock', async () => {
    const lock = await createLock(database.db, sealer());
    const now = clock.now();
    const { accessCodeId, targetIds } = await createCode(database.db, sealer(), [lock], {
      code: '52938174',
      startsAt: now - 60_000,
      endsAt: now + 3_600_000,
      maxUses: 2,
    });
    await database.db.accessCodeTarget.update({ where: { id: targetIds[0] }, data: { status: 'set' } });
    await reportState(
      database.db,
      lock,
      [lock.fingerprint(1, '11335577'), lock.fingerprint(2, '52938174')],
      3,
    );

    await unlock(lock, accessCodeId);
    expect(await worker.useLimits.unlocked(accessCodeId)).toEqual({ kind: 'counted', uses: 1 });
    // A redelivered event for the same stored unlock: still one use.
    expect(await worker.useLimits.unlocked(accessCodeId)).toEqual({ kind: 'counted', uses: 1 });
    await unlock(lock, accessCodeId);
    expect(await worker.useLimits.unlocked(accessCodeId)).toEqual({ kind: 'revoked', uses: 2 });
    expect(await worker.useLimits.unlocked(accessCodeId)).toEqual({ kind: 'counted', uses: 2 });
    const code = await database.db.accessCode.findUniqueOrThrow({ where: { id: accessCodeId } });
    expect(code).toMatchObject({ state: 'revoked', useCount: 2, revokedAt: new Date(clock.now()) });

    clock.advance(1);
    await worker.reconciler.reconcile(lock.lockId, 'use_limit');
    const commands = await database.db.command.findMany({ where: { lockId: lock.lockId } });
    expect(commands.map((c) => [c.type, c.slot])).toEqual([['clear_slot', 2]]);
  });

  it('rotates the primary to a landlord-held code at move-out, once, keeping the old one until confirmed', async () => {
    const lock = await createLock(database.db, sealer(), { timeZone: 'America/New_York' });
    const tenant = await database.db.user.create({
      data: { email: `tenant-${randomUUID()}@example.test`, name: 'Tenant' },
    });
    const old = await createCode(database.db, sealer(), [lock], {
      code: '63928417',
      kind: 'primary',
      createdAt: new Date(clock.now() - 86_400_000 * 30),
    });
    await database.db.accessCodeTarget.updateMany({
      where: { organizationId: lock.organizationId, accessCodeId: old.accessCodeId },
      data: { status: 'set' },
    });
    await reportState(database.db, lock, [lock.fingerprint(1, '63928417'), null], 1);
    const tenancy = await database.db.tenancy.create({
      data: {
        organizationId: lock.organizationId,
        unitId: lock.unitId,
        userId: tenant.id,
        startsOn: new Date('2026-01-01T00:00:00Z'),
        endsOn: new Date('2027-03-07T00:00:00Z'),
      },
    });
    const at = moveOutInstant('2027-03-07', 'America/New_York');
    clock.set(at - 1);
    expect(await worker.moveOuts.rotate(tenancy.id)).toEqual({ kind: 'not_due', at });

    clock.set(at);
    const result = await worker.moveOuts.rotate(tenancy.id);
    expect(result).toMatchObject({ kind: 'rotated', lockIds: [lock.lockId] });
    expect(await worker.moveOuts.rotate(tenancy.id)).toEqual({ kind: 'skipped', reason: 'already_rotated' });
    const landlord = await database.db.accessCode.findFirstOrThrow({
      where: { unitId: lock.unitId, kind: 'primary', generated: true },
    });
    expect(landlord).toMatchObject({
      holderUserId: null,
      state: 'active',
      label: 'Landlord code (move-out 2027-03-07)',
    });
    const digits = sealer().open(landlord.codeSealed, landlord.keyId);
    expect(digits).toMatch(/^\d{6}$/);

    await worker.reconciler.reconcile(lock.lockId, 'move_out');
    const [set] = await database.db.command.findMany({ where: { lockId: lock.lockId } });
    expect(set).toMatchObject({ type: 'set_code', slot: 1, accessCodeId: landlord.id });
    // The tenant's code is still the one on the lock until the lock confirms the new one.
    expect(
      await database.db.accessCodeTarget.findFirstOrThrow({ where: { accessCodeId: old.accessCodeId } }),
    ).toMatchObject({ status: 'set' });
    await database.db.command.update({
      where: { id: set!.id },
      data: { status: 'applied', resolvedAt: new Date() },
    });
    await reportState(database.db, lock, [lock.fingerprint(1, digits), null], set!.desiredVersion);
    await worker.reconciler.reconcile(lock.lockId, 'report');
    expect(
      await database.db.accessCodeTarget.findFirstOrThrow({ where: { accessCodeId: old.accessCodeId } }),
    ).toMatchObject({ status: 'removed' });
    expect(await database.db.accessCode.findUniqueOrThrow({ where: { id: old.accessCodeId } })).toMatchObject(
      {
        state: 'superseded',
      },
    );
    expect(await database.db.tenancy.findUniqueOrThrow({ where: { id: tenancy.id } })).toMatchObject({
      primaryRotatedAt: new Date(at),
    });
  });
});
