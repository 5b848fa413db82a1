import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type PropertyModel as Property } from '@lockstep/db';
import { IsISO31661Alpha2, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsIanaTimeZone } from '../../validation/is-iana-time-zone.js';
import { IsOptionalNotNull } from '../../validation/optional.js';

export class PropertyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Harbor Lane Apartments' })
  name!: string;

  @ApiProperty({ example: '120 Harbor Lane' })
  addressLine1!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  addressLine2!: string | null;

  @ApiProperty({ example: 'Boston' })
  city!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'MA' })
  region!: string | null;

  @ApiProperty({ example: '02110' })
  postalCode!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2 country code.', example: 'US' })
  country!: string;

  @ApiProperty({ description: 'IANA time zone; schedules are evaluated in it.', example: 'America/New_York' })
  timeZone!: string;

  @ApiProperty({ description: 'Optimistic-concurrency version; send it back as If-Match.' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(row: Property): PropertyDto {
    return {
      id: row.id,
      name: row.name,
      addressLine1: row.addressLine1,
      addressLine2: row.addressLine2,
      city: row.city,
      region: row.region,
      postalCode: row.postalCode,
      country: row.country,
      timeZone: row.timeZone,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export class PropertyPageDto {
  @ApiProperty({ type: [PropertyDto] })
  items!: PropertyDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last.' })
  nextCursor!: string | null;
}

export class CreatePropertyDto {
  @ApiProperty({ minLength: 1, maxLength: 120 })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  addressLine1!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  addressLine2?: string | null;

  @ApiProperty({ minLength: 1, maxLength: 120 })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  city!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120 })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  region?: string | null;

  @ApiProperty({ minLength: 1, maxLength: 20 })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  postalCode!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2.', example: 'US' })
  @IsISO31661Alpha2()
  country!: string;

  @ApiProperty({ description: 'IANA time zone.', example: 'America/New_York' })
  @IsIanaTimeZone()
  timeZone!: string;
}

export class UpdatePropertyDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  addressLine1?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  addressLine2?: string | null;

  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  city?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120 })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  region?: string | null;

  @ApiPropertyOptional({ minLength: 1, maxLength: 20 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  postalCode?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2.' })
  @IsOptionalNotNull()
  @IsISO31661Alpha2()
  country?: string;

  @ApiPropertyOptional({ description: 'IANA time zone.' })
  @IsOptionalNotNull()
  @IsIanaTimeZone()
  timeZone?: string;
}
