import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type DeviceModel, DeviceState, type LockModel, LockStatus } from '@lockstep/db';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../pagination/page-query.dto.js';
import { IsOptionalNotNull } from '../../validation/optional.js';

export type LockRow = LockModel & {
  device: Pick<DeviceModel, 'id' | 'state' | 'online' | 'lastSeenAt' | 'publicKey' | 'keyId'> | null;
};

export class LockDeviceDto {
  @ApiProperty({ description: 'MQTT client id and topic segment.' })
  id!: string;

  @ApiProperty({ enum: DeviceState, enumName: 'DeviceState' })
  state!: DeviceState;

  @ApiProperty()
  online!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastSeenAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'X25519 public key (base64url) that PINs are encrypted to; null until the key exchange.',
  })
  publicKey!: string | null;

  @ApiProperty({ description: 'Whether the cloud holds the device fingerprint key (sealed at rest).' })
  hasFingerprintKey!: boolean;
}

export class LockDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  propertyId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null while unassigned.' })
  unitId!: string | null;

  @ApiProperty({ example: 'Front door' })
  name!: string;

  @ApiProperty({ example: 'KW-916-000123' })
  serial!: string;

  @ApiProperty({ description: 'Capability profile id.', example: 'lockstep-db2' })
  model!: string;

  @ApiProperty({ enum: LockStatus, enumName: 'LockStatus' })
  status!: LockStatus;

  @ApiProperty({ type: LockDeviceDto, nullable: true })
  device!: LockDeviceDto | null;

  @ApiProperty({ description: 'Optimistic-concurrency version; send it back as If-Match.' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(row: LockRow): LockDto {
    return {
      id: row.id,
      propertyId: row.propertyId,
      unitId: row.unitId,
      name: row.name,
      serial: row.serial,
      model: row.model,
      status: row.status,
      device: row.device
        ? {
            id: row.device.id,
            state: row.device.state,
            online: row.device.online,
            lastSeenAt: row.device.lastSeenAt?.toISOString() ?? null,
            publicKey: row.device.publicKey,
            hasFingerprintKey: row.device.keyId !== null,
          }
        : null,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export class LockPageDto {
  @ApiProperty({ type: [LockDto] })
  items!: LockDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ListLocksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  propertyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: LockStatus, enumName: 'LockStatus' })
  @IsOptional()
  @IsEnum(LockStatus)
  status?: LockStatus;
}

export class RegisterLockDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  propertyId!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  unitId?: string | null;

  @ApiProperty({ minLength: 1, maxLength: 80 })
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  name!: string;

  @ApiProperty({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$', example: 'KW-916-000123' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, {
    message: 'serial must be 3-64 letters, digits, dots, underscores or hyphens',
  })
  serial!: string;

  @ApiProperty({ description: 'Capability profile id of the model.', example: 'lockstep-db2' })
  @IsString()
  @MaxLength(64)
  model!: string;
}

export class UpdateLockDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 80 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  name?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Assign to a unit of the same property; null unassigns.',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string | null;
}

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;

/** The lock's identity output, given to the cloud at commissioning (or later). */
export class DeviceKeysDto {
  @ApiProperty({
    description: 'X25519 public key of the lock, base64url (32 bytes, no padding).',
    example: '3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08',
  })
  @IsString()
  @Matches(BASE64URL_32_BYTES, { message: 'publicKey must be 32 bytes in base64url (43 characters)' })
  publicKey!: string;

  @ApiProperty({
    description: 'The per-device fingerprint key, base64url (32 bytes); stored sealed, never returned.',
  })
  @IsString()
  @Matches(BASE64URL_32_BYTES, { message: 'fingerprintKey must be 32 bytes in base64url (43 characters)' })
  fingerprintKey!: string;
}

export class CommissionLockDto {
  @ApiPropertyOptional({ description: 'With fingerprintKey: the key exchange at commissioning.' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(BASE64URL_32_BYTES, { message: 'publicKey must be 32 bytes in base64url (43 characters)' })
  publicKey?: string;

  @ApiPropertyOptional({ description: 'With publicKey; stored sealed, never returned.' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(BASE64URL_32_BYTES, { message: 'fingerprintKey must be 32 bytes in base64url (43 characters)' })
  fingerprintKey?: string;
}

export class DeviceCredentialsDto {
  @ApiProperty({ description: 'Device id: the MQTT client id and username.' })
  deviceId!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Broker password, shown this once (null on an idempotent replay); only hashes are stored.',
  })
  password!: string | null;

  @ApiProperty({ example: 'mqtt://broker.example:1883' })
  mqttUrl!: string;
}

export class CommissionedLockDto {
  @ApiProperty({ type: LockDto })
  lock!: LockDto;

  @ApiProperty({ type: DeviceCredentialsDto })
  credentials!: DeviceCredentialsDto;
}
