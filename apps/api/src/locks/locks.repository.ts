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
import { type LockRow } from './dto/lock.dto.js';

const withDevice = { device: { select: { id: true, state: true, online: true, lastSeenAt: true } } } as const;

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
      },
      select: { id: true },
    });
    return device.id;
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
