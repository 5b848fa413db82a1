import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type UnitModel } from '@lockstep/db';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../pagination/page-query.dto.js';
import { IsOptionalNotNull } from '../../validation/optional.js';

export class UnitDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  propertyId!: string;

  @ApiProperty({ example: '2B' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: '2' })
  floor!: string | null;

  @ApiProperty({ description: 'Optimistic-concurrency version; send it back as If-Match.' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(row: UnitModel): UnitDto {
    return {
      id: row.id,
      propertyId: row.propertyId,
      name: row.name,
      floor: row.floor,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export class UnitPageDto {
  @ApiProperty({ type: [UnitDto] })
  items!: UnitDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class ListUnitsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  propertyId?: string;
}

export class CreateUnitDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  propertyId!: string;

  @ApiProperty({ minLength: 1, maxLength: 60 })
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 30 })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  floor?: string | null;
}

export class UpdateUnitDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 60 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 30 })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  floor?: string | null;
}
