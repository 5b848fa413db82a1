import { Injectable } from '@nestjs/common';
import {
  DeviceState,
  type LockStatus,
  type OrgScope,
  type Prisma,
  type TransactionClient,
} from '@lockstep/db';
import { type Actor } from '../access/actor.js';
import { visible } from '../access/visibility.js';
import { OrgScopedRepository } from '../database/org-scoped.repository.js';
import { type DeviceCredentialHashes } from '@lockstep/device-credentials';
import { outboxInsert, QueueName } from '@lockstep/queue';
import { type LockRow } from './dto/lock.dto.js';

const withDevice = {
  device: {
    select: { id: true, state: true, online: true, lastSeenAt: true, publicKey: true, keyId: true },
  },
} as const;

/** Key material of a device as stored: the public key, the fingerprint key sealed. */
export interface StoredDeviceKeys {
  publicKey: string;
  fingerprintKeySealed: Uint8Array<ArrayBuffer>;
  keyId: string;
}

@Injectable()
export class LocksRepository extends OrgScopedRepository {
  list(actor: Actor, where: Prisma.LockWhereInput, limit: number, afterId?: string): Promise<LockRow[]> {
    return this.db.lock.findMany({
      where: this.scoped(actor, {
        AND: [visible.lock(actor), where, afterId ? { id: { gt: afterId } } : {}],
      }),
      include: withDevice,
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  findVisible(actor: Actor, id: string, tx: TransactionClient = this.db): Promise<LockRow | null> {
    return tx.lock.findFirst({
      where: this.scoped(actor, { AND: [visible.lock(actor), { id }] }),
      include: withDevice,
    });
  }

  create(
    tx: TransactionClient,
    scope: OrgScope,
    data: { propertyId: string; unitId: string | null; name: string; serial: string; model: string },
  ): Promise<LockRow> {
    return tx.lock.create({ data: { ...data, organizationId: scope.organizationId }, include: withDevice });
  }

  async update(
    tx: TransactionClient,
    scope: OrgScope,
    id: string,
    expectedVersion: number,
    data: { name?: string; unitId?: string | null; status?: LockStatus },
  ): Promise<boolean> {
    const { count } = await tx.lock.updateMany({
      where: this.scoped(scope, { id, version: expectedVersion }),
      data: { ...data, version: { increment: 1 } },
    });
    return count === 1;
  }

  /** Creates the lock's device identity, or gives the existing one fresh credentials. */
  async provisionDevice(
    tx: TransactionClient,
    scope: OrgScope,
    lock: { id: string; model: string },
    newDeviceId: string,
    hashes: DeviceCredentialHashes,
    keys: StoredDeviceKeys | null = null,
  ): Promise<string> {
    const existing = await tx.device.findFirst({
      where: this.scoped(scope, { lockId: lock.id }),
      select: { id: true },
    });
    if (existing) {
      await tx.device.updateMany({
        where: this.scoped(scope, { id: existing.id }),
        data: {
          ...hashes,
          ...(keys ?? {}),
          model: lock.model,
          state: DeviceState.provisioned,
          online: false,
          sessionId: null,
        },
      });
      return existing.id;
    }
    const device = await tx.device.create({
      data: {
        id: newDeviceId,
        organizationId: scope.organizationId,
        lockId: lock.id,
        model: lock.model,
        state: DeviceState.provisioned,
        ...hashes,
        ...(keys ?? {}),
      },
      select: { id: true },
    });
    return device.id;
  }

  /** The device's stored keys (null fields when the key exchange has not happened). */
  deviceKeys(
    tx: TransactionClient,
    scope: OrgScope,
    lockId: string,
  ): Promise<{
    id: string;
    publicKey: string | null;
    fingerprintKeySealed: Uint8Array | null;
    keyId: string | null;
  } | null> {
    return tx.device.findFirst({
      where: this.scoped(scope, { lockId }),
      select: { id: true, publicKey: true, fingerprintKeySealed: true, keyId: true },
    });
  }

  async setDeviceKeys(
    tx: TransactionClient,
    scope: OrgScope,
    lockId: string,
    keys: StoredDeviceKeys,
  ): Promise<void> {
    await tx.device.updateMany({ where: this.scoped(scope, { lockId }), data: keys });
  }

  /** Asks the reconciler to look at the lock (keys arrived: codes can now be sent), via the outbox. */
  async requestReconcile(tx: TransactionClient, lockId: string): Promise<void> {
    const { text, values } = outboxInsert([
      { queue: QueueName.reconcile, name: 'reconcile', data: { lockId, reason: 'manual' } },
    ]);
    await tx.$executeRawUnsafe(text, ...values);
  }

  /** Retires the lock's device: its credentials stop working. */
  async retireDevice(tx: TransactionClient, scope: OrgScope, lockId: string): Promise<void> {
    await tx.device.updateMany({
      where: this.scoped(scope, { lockId }),
      data: {
        state: DeviceState.retired,
        credentialHash: null,
        brokerPasswordHash: null,
        online: false,
        sessionId: null,
      },
    });
  }
}
