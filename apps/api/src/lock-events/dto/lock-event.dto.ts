import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type LockEventModel } from '@lockstep/db';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../../pagination/page-query.dto.js';

export class LockEventDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  lockId!: string;

  @ApiProperty()
  deviceId!: string;

  @ApiProperty({ example: 'unlocked', description: 'Event kind from @lockstep/lock-protocol.' })
  type!: string;

  @ApiProperty({ type: String, nullable: true, example: 'keypad' })
  method!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  slot!: number | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  accessCodeId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Person the slot belonged to.' })
  userId!: string | null;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  data!: unknown;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  static from(row: LockEventModel): LockEventDto {
    return {
      id: row.id,
      lockId: row.lockId,
      deviceId: row.deviceId,
      type: row.type,
      method: row.method,
      slot: row.slot,
      accessCodeId: row.accessCodeId,
      userId: row.userId,
      data: row.data,
      occurredAt: row.occurredAt.toISOString(),
      receivedAt: row.receivedAt.toISOString(),
    };
  }
}

export class LockEventPageDto {
  @ApiProperty({ type: [LockEventDto] })
  items!: LockEventDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ListLockEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  propertyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  lockId?: string;

  @ApiPropertyOptional({ example: 'unlocked' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'type must be an event type such as unlocked' })
  type?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Events at or after this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Events before this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
