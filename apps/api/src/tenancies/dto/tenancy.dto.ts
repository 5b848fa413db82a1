import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type TenancyModel } from '@lockstep/db';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../pagination/page-query.dto.js';
import { IsCalendarDate, toDateOnly } from '../../validation/is-calendar-date.js';
import { IsOptionalNotNull } from '../../validation/optional.js';

export class TenancyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  unitId!: string;

  @ApiProperty({ format: 'uuid', description: 'The tenant (a member with the tenant role).' })
  userId!: string;

  @ApiProperty({ format: 'date', example: '2026-06-01', description: 'Move-in date.' })
  startsOn!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Move-out date (inclusive).' })
  endsOn!: string | null;

  @ApiProperty({ description: 'Optimistic-concurrency version; send it back as If-Match.' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(row: TenancyModel): TenancyDto {
    return {
      id: row.id,
      unitId: row.unitId,
      userId: row.userId,
      startsOn: toDateOnly(row.startsOn),
      endsOn: row.endsOn ? toDateOnly(row.endsOn) : null,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export class TenancyPageDto {
  @ApiProperty({ type: [TenancyDto] })
  items!: TenancyDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ListTenanciesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Only tenancies active on this date.' })
  @IsOptional()
  @IsCalendarDate()
  activeOn?: string;
}

export class CreateTenancyDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId!: string;

  @ApiProperty({ format: 'date', example: '2026-06-01' })
  @IsCalendarDate()
  startsOn!: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string | null;
}

export class UpdateTenancyDto {
  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalNotNull()
  @IsCalendarDate()
  startsOn?: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'null: open-ended.' })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string | null;
}
