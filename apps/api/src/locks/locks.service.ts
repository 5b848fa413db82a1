import { createPublicKey, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type TCodeSealer } from '@lockstep/access-codes';
import { type TApiConfig } from '@lockstep/config';
import { LockStatus, type Prisma, type TransactionClient } from '@lockstep/db';
import { type Actor } from '../access/actor.js';
import { AuditService, auditSubjectOf } from '../audit/audit.service.js';
import { CODE_SEALER } from '../access-codes/code-sealer.provider.js';
import { API_CONFIG } from '../config/api-config.module.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { Problems } from '../problems/problems.js';
import { PropertiesRepository } from '../properties/properties.repository.js';
import { UnitsRepository } from '../units/units.repository.js';
import { deviceCredentialHashes, generateDeviceSecret, newDeviceId } from '@lockstep/device-credentials';
import {
  type CommissionedLockDto,
  type CommissionLockDto,
  type DeviceKeysDto,
  type ListLocksQueryDto,
  LockDto,
  type LockRow,
  type RegisterLockDto,
  type UpdateLockDto,
} from './dto/lock.dto.js';
import { isKnownLockModel } from './lock-models.js';
import { LocksRepository, type StoredDeviceKeys } from './locks.repository.js';

@Injectable()
export class LocksService {
  constructor(
    private readonly locks: LocksRepository,
    private readonly properties: PropertiesRepository,
    private readonly units: UnitsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(API_CONFIG) private readonly config: TApiConfig,
    @Inject(CODE_SEALER) private readonly sealer: TCodeSealer,
  ) {}

  async list(actor: Actor, query: ListLocksQueryDto): Promise<Page<LockDto>> {
    const where: Prisma.LockWhereInput = {
      ...(query.propertyId ? { propertyId: query.propertyId } : {}),
      ...(query.unitId ? { unitId: query.unitId } : {}),
      ...(query.status ? { status: query.status } : {}),
    };
    const rows = await this.locks.list(actor, where, query.limit, decodeCursor(query.cursor)?.id);
    return toPage(rows, query.limit, (row) => LockDto.from(row));
  }

  async get(actor: Actor, id: string): Promise<LockDto> {
    return LockDto.from(await this.visibleLock(actor, id));
  }

  async register(actor: Actor, input: RegisterLockDto): Promise<LockDto> {
    if (!isKnownLockModel(input.model)) {
      throw Problems.validation([
        { field: 'model', message: `unknown lock model ${JSON.stringify(input.model)}` },
      ]);
    }
    return this.transactions.run(async (tx) => {
      if (!(await this.properties.findVisible(actor, input.propertyId, tx))) {
        throw Problems.referenceNotFound('propertyId', 'property');
      }
      if (input.unitId) await this.assertUnitOfProperty(tx, actor, input.unitId, input.propertyId);
      const row = await this.locks.create(tx, actor, {
        propertyId: input.propertyId,
        unitId: input.unitId ?? null,
        name: input.name,
        serial: input.serial,
        model: input.model,
      });
      const dto = LockDto.from(row);
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'lock.registered',
        resourceType: 'lock',
        resourceId: row.id,
        after: dto,
      });
      return dto;
    });
  }

  async update(actor: Actor, id: string, expectedVersion: number, input: UpdateLockDto): Promise<LockDto> {
    return this.transactions.run(async (tx) => {
      const before = await this.visibleLock(actor, id, tx);
      if (input.unitId) await this.assertUnitOfProperty(tx, actor, input.unitId, before.propertyId);
      if (
        before.version !== expectedVersion ||
        !(await this.locks.update(tx, actor, id, expectedVersion, input))
      ) {
        throw Problems.preconditionFailed('lock', before.version);
      }
      return this.recordChange(tx, actor, 'lock.updated', before);
    });
  }

  /**
   * Gives the lock its device identity and a fresh broker password, returned this once. A lock that
   * was decommissioned can be commissioned again: it keeps its device id and gets a new password.
   */
  async commission(actor: Actor, id: string, input: CommissionLockDto = {}): Promise<CommissionedLockDto> {
    if ((input.publicKey === undefined) !== (input.fingerprintKey === undefined)) {
      const missing = input.publicKey === undefined ? 'publicKey' : 'fingerprintKey';
      throw Problems.validation([
        {
          field: missing,
          message: 'publicKey and fingerprintKey are given together (the lock identity output)',
        },
      ]);
    }
    const keys =
      input.publicKey !== undefined && input.fingerprintKey !== undefined
        ? this.storedKeys({ publicKey: input.publicKey, fingerprintKey: input.fingerprintKey })
        : null;
    const password = generateDeviceSecret();
    const hashes = deviceCredentialHashes(password);
    return this.transactions.run(async (tx) => {
      const before = await this.visibleLock(actor, id, tx);
      if (before.status === LockStatus.commissioned) {
        throw Problems.conflict(
          'The lock is already commissioned; decommission it first to issue new credentials.',
        );
      }
      const deviceId = await this.locks.provisionDevice(tx, actor, before, newDeviceId(), hashes, keys);
      if (!(await this.locks.update(tx, actor, id, before.version, { status: LockStatus.commissioned }))) {
        throw Problems.preconditionFailed('lock', before.version);
      }
      const lock = await this.recordChange(tx, actor, 'lock.commissioned', before);
      return {
        lock,
        credentials: {
          deviceId,
          username: deviceId,
          password,
          mqttUrl: this.config.DEVICE_MQTT_URL ?? this.config.MQTT_URL,
        },
      };
    });
  }

  /**
   * The key exchange after commissioning, for a lock commissioned without it: stores the lock's X25519
   * public key and its fingerprint key (sealed). Keys already stored are not replaced (409; decommission
   * and commission again for new hardware); sending the same keys again changes nothing.
   */
  async setDeviceKeys(actor: Actor, id: string, input: DeviceKeysDto): Promise<LockDto> {
    const keys = this.storedKeys(input);
    return this.transactions.run(async (tx) => {
      const before = await this.visibleLock(actor, id, tx);
      const device =
        before.status === LockStatus.commissioned ? await this.locks.deviceKeys(tx, actor, id) : null;
      if (!device) throw Problems.conflict(`The lock is ${before.status}; commission it first.`);
      if (device.publicKey !== null || device.keyId !== null) {
        const same =
          device.publicKey === input.publicKey &&
          device.fingerprintKeySealed !== null &&
          device.keyId !== null &&
          timingSafeEqual(
            this.sealer.openDeviceKey(device.fingerprintKeySealed, device.keyId),
            Buffer.from(input.fingerprintKey, 'base64url'),
          );
        if (same) return LockDto.from(before);
        throw Problems.conflict(
          'The lock already has device keys; decommission and commission it again to replace them.',
        );
      }
      await this.locks.setDeviceKeys(tx, actor, id, keys);
      await this.locks.requestReconcile(tx, id);
      const after = LockDto.from(await this.visibleLock(actor, id, tx));
      await this.audit.record(tx, auditSubjectOf(actor), {
        action: 'lock.device_keys_set',
        resourceType: 'lock',
        resourceId: id,
        before: LockDto.from(before),
        after,
      });
      return after;
    });
  }

  /** Checks the lock identity output and seals the fingerprint key (the public key stays as given). */
  private storedKeys(input: { publicKey: string; fingerprintKey: string }): StoredDeviceKeys {
    try {
      createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: input.publicKey }, format: 'jwk' });
    } catch {
      throw Problems.validation([{ field: 'publicKey', message: 'is not an X25519 public key' }]);
    }
    const fingerprintKey = Buffer.from(input.fingerprintKey, 'base64url');
    if (fingerprintKey.length !== 32 || fingerprintKey.toString('base64url') !== input.fingerprintKey) {
      throw Problems.validation([{ field: 'fingerprintKey', message: 'must be 32 bytes in base64url' }]);
    }
    const sealed = this.sealer.sealDeviceKey(fingerprintKey);
    return {
      publicKey: input.publicKey,
      fingerprintKeySealed: new Uint8Array(sealed.sealed),
      keyId: sealed.keyId,
    };
  }

  async decommission(actor: Actor, id: string): Promise<LockDto> {
    return this.transactions.run(async (tx) => {
      const before = await this.visibleLock(actor, id, tx);
      if (before.status !== LockStatus.commissioned) {
        throw Problems.conflict(`The lock is ${before.status}, not commissioned.`);
      }
      await this.locks.retireDevice(tx, actor, id);
      if (!(await this.locks.update(tx, actor, id, before.version, { status: LockStatus.decommissioned }))) {
        throw Problems.preconditionFailed('lock', before.version);
      }
      return this.recordChange(tx, actor, 'lock.decommissioned', before);
    });
  }

  private async visibleLock(actor: Actor, id: string, tx?: TransactionClient): Promise<LockRow> {
    const row = await this.locks.findVisible(actor, id, tx);
    if (!row) throw Problems.notFound('lock');
    return row;
  }

  private async recordChange(
    tx: TransactionClient,
    actor: Actor,
    action: string,
    before: LockRow,
  ): Promise<LockDto> {
    const after = LockDto.from(await this.visibleLock(actor, before.id, tx));
    await this.audit.record(tx, auditSubjectOf(actor), {
      action,
      resourceType: 'lock',
      resourceId: before.id,
      before: LockDto.from(before),
      after,
    });
    return after;
  }

  private async assertUnitOfProperty(
    tx: TransactionClient,
    actor: Actor,
    unitId: string,
    propertyId: string,
  ): Promise<void> {
    const unit = await this.units.findVisible(actor, unitId, tx);
    if (!unit) throw Problems.referenceNotFound('unitId', 'unit');
    if (unit.propertyId !== propertyId) {
      throw Problems.validation([
        { field: 'unitId', message: "unitId must be a unit of the lock's property" },
      ]);
    }
  }
}
