import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  AccessCodeKind,
  AccessCodeState,
  CodeTargetStatus,
  type AccessCodeModel,
  type AccessCodeTargetModel,
  type AccessCodeTransitionModel,
} from '@lockstep/db';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../../pagination/page-query.dto.js';
import { IsCalendarDate, toDateOnly } from '../../validation/is-calendar-date.js';
import { IsOptionalNotNull } from '../../validation/optional.js';

// ───────────────────────── schedules ─────────────────────────

export class OnceScheduleDto {
  @ApiProperty({ enum: ['once'] })
  kind!: 'once';

  @ApiProperty({ format: 'date-time', description: 'Window start (inclusive), with an offset.' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Window end (exclusive).' })
  endsAt!: string;
}

export class WeeklyScheduleDto {
  @ApiProperty({ enum: ['weekly'] })
  kind!: 'weekly';

  @ApiProperty({ type: [Number], example: [1, 3, 5], description: 'ISO weekdays, 1 = Monday … 7 = Sunday.' })
  weekdays!: number[];

  @ApiProperty({ example: '09:00', description: "Local start time (HH:MM) in the property's time zone." })
  localStart!: string;

  @ApiProperty({
    example: '17:00',
    description: 'Local end time; earlier than localStart = overnight, 24:00 = midnight.',
  })
  localEnd!: string;

  @ApiProperty({ format: 'date', example: '2026-12-07', description: 'First local date (inclusive).' })
  fromDate!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Last local date (inclusive); null or absent: open-ended.',
  })
  untilDate?: string | null;
}

export class AlwaysScheduleDto {
  @ApiProperty({ enum: ['always'], description: 'Ongoing: primary codes.' })
  kind!: 'always';
}

const scheduleOneOf = (
  kinds: (typeof OnceScheduleDto | typeof WeeklyScheduleDto | typeof AlwaysScheduleDto)[],
) => kinds.map((k) => ({ $ref: getSchemaPath(k) }));

// ───────────────────────── views ─────────────────────────

export class AccessCodeTargetDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  lockId!: string;

  @ApiProperty({ example: 'Front door' })
  lockName!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Slot on the lock (1 = primary).' })
  slot!: number | null;

  @ApiProperty({ enum: CodeTargetStatus, enumName: 'CodeTargetStatus' })
  status!: CodeTargetStatus;

  @ApiProperty({
    type: [String],
    example: ['set_late'],
    description: 'set_late, removal_overdue, modified_on_device.',
  })
  warnings!: string[];

  @ApiProperty({ type: String, nullable: true })
  failureReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  installedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  removedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export type ScheduleView =
  | { kind: 'always' }
  | { kind: 'once'; startsAt: string; endsAt: string }
  | {
      kind: 'weekly';
      weekdays: number[];
      localStart: string;
      localEnd: string;
      fromDate: string;
      untilDate: string | null;
    };

export type AccessCodeRow = AccessCodeModel & {
  targets: (AccessCodeTargetModel & { lock: { name: string; model: string } })[];
  unit: { property: { timeZone: string } };
};

@ApiExtraModels(OnceScheduleDto, WeeklyScheduleDto, AlwaysScheduleDto)
export class AccessCodeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  unitId!: string;

  @ApiProperty({ enum: AccessCodeKind, enumName: 'AccessCodeKind' })
  kind!: AccessCodeKind;

  @ApiProperty({ example: 'Boiler service' })
  label!: string;

  @ApiProperty({
    example: '••••42',
    description: 'The code masked: never more than leaves four digits hidden.',
  })
  maskedCode!: string;

  @ApiProperty({ example: 6 })
  codeLength!: number;

  @ApiProperty({ description: 'Chosen by Lockstep (true) or by the person who set it.' })
  generated!: boolean;

  @ApiProperty({ enum: AccessCodeState, enumName: 'AccessCodeState' })
  state!: AccessCodeState;

  @ApiProperty({ oneOf: scheduleOneOf([OnceScheduleDto, WeeklyScheduleDto, AlwaysScheduleDto]) })
  schedule!: ScheduleView;

  @ApiProperty({ example: 'Europe/Berlin', description: "The property's time zone the schedule is read in." })
  timeZone!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The technician it is for.' })
  holderUserId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Who it is for, without an account.' })
  holderName!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Entries allowed (1 = one-time); null: unlimited.',
  })
  maxUses!: number | null;

  @ApiProperty()
  useCount!: number;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The primary this one replaces.',
  })
  supersedesId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  issuedById!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  revokedById!: string | null;

  @ApiProperty({ type: [AccessCodeTargetDto], description: 'Status per target lock.' })
  targets!: AccessCodeTargetDto[];

  @ApiProperty({ description: 'Optimistic-concurrency version; send it back as If-Match.' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  /** The masked view; `maskedCode` comes from the stored hint, so no code is opened to list codes. */
  static from(row: AccessCodeRow): AccessCodeDto {
    return {
      id: row.id,
      unitId: row.unitId,
      kind: row.kind,
      label: row.label,
      maskedCode: row.codeHint,
      codeLength: row.codeLength,
      generated: row.generated,
      state: row.state,
      schedule: scheduleViewOf(row),
      timeZone: row.unit.property.timeZone,
      holderUserId: row.holderUserId,
      holderName: row.holderName,
      maxUses: row.maxUses,
      useCount: row.useCount,
      supersedesId: row.supersedesId,
      issuedById: row.issuedById,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      revokedById: row.revokedById,
      targets: [...row.targets]
        .sort((a, b) => a.lock.name.localeCompare(b.lock.name) || a.lockId.localeCompare(b.lockId))
        .map((t) => ({
          id: t.id,
          lockId: t.lockId,
          lockName: t.lock.name,
          slot: t.slot,
          status: t.status,
          warnings: t.warnings,
          failureReason: t.failureReason,
          installedAt: t.installedAt?.toISOString() ?? null,
          removedAt: t.removedAt?.toISOString() ?? null,
          updatedAt: t.updatedAt.toISOString(),
        })),
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

export function scheduleViewOf(
  row: Pick<
    AccessCodeModel,
    'scheduleKind' | 'startsAt' | 'endsAt' | 'weekdays' | 'localStart' | 'localEnd' | 'fromDate' | 'untilDate'
  >,
): ScheduleView {
  switch (row.scheduleKind) {
    case 'always':
      return { kind: 'always' };
    case 'once':
      return {
        kind: 'once',
        startsAt: row.startsAt?.toISOString() ?? '',
        endsAt: row.endsAt?.toISOString() ?? '',
      };
    case 'weekly':
      return {
        kind: 'weekly',
        weekdays: row.weekdays,
        localStart: row.localStart ?? '',
        localEnd: row.localEnd ?? '',
        fromDate: row.fromDate ? toDateOnly(row.fromDate) : '',
        untilDate: row.untilDate ? toDateOnly(row.untilDate) : null,
      };
  }
}

export class AccessCodePageDto {
  @ApiProperty({ type: [AccessCodeDto] })
  items!: AccessCodeDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class IssuedAccessCodeDto {
  @ApiProperty({ type: AccessCodeDto, description: 'The masked view, as every later response shows it.' })
  accessCode!: AccessCodeDto;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '913542',
    description: 'The code in full, shown this once (null on an idempotent replay); later only by reveal.',
  })
  code!: string | null;
}

export class RevealedAccessCodeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '913542',
    description: 'The code in full (null on a replay).',
  })
  code!: string | null;

  @ApiProperty({ example: '••••42' })
  maskedCode!: string;
}

export class CodeWindowDto {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Null: since before the range (ongoing primary).',
  })
  startsAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null: ongoing.' })
  endsAt!: string | null;
}

export class TimelineCodeDto extends AccessCodeDto {
  @ApiProperty({
    type: [CodeWindowDto],
    description: 'Windows overlapping the range (whole, not clipped; cut at revocation).',
  })
  windows!: CodeWindowDto[];
}

export class UnitTimelineDto {
  @ApiProperty({ format: 'uuid' })
  unitId!: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone!: string;

  @ApiProperty({ format: 'date-time' })
  from!: string;

  @ApiProperty({ format: 'date-time' })
  to!: string;

  @ApiProperty({ type: [TimelineCodeDto], description: 'Codes with a window in the range, by first window.' })
  items!: TimelineCodeDto[];
}

export class AccessCodeTransitionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  targetId!: string;

  @ApiProperty({ format: 'uuid' })
  lockId!: string;

  @ApiProperty({ enum: CodeTargetStatus, enumName: 'CodeTargetStatus', nullable: true })
  fromStatus!: CodeTargetStatus | null;

  @ApiProperty({ enum: CodeTargetStatus, enumName: 'CodeTargetStatus' })
  toStatus!: CodeTargetStatus;

  @ApiProperty({ type: String, nullable: true })
  warning!: string | null;

  @ApiProperty({ example: 'created' })
  cause!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  details!: unknown;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  static from(row: AccessCodeTransitionModel & { target: { lockId: string } }): AccessCodeTransitionDto {
    return {
      id: row.id,
      targetId: row.targetId,
      lockId: row.target.lockId,
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      warning: row.warning,
      cause: row.cause,
      details: row.details ?? null,
      at: row.at.toISOString(),
    };
  }
}

export class AccessCodeTransitionPageDto {
  @ApiProperty({ type: [AccessCodeTransitionDto] })
  items!: AccessCodeTransitionDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

// ───────────────────────── inputs ─────────────────────────

export const TIME_BOUND_KINDS = [AccessCodeKind.maintenance, AccessCodeKind.guest] as const;

export class CreateAccessCodeDto {
  @ApiProperty({ enum: TIME_BOUND_KINDS })
  @IsIn(TIME_BOUND_KINDS)
  kind!: (typeof TIME_BOUND_KINDS)[number];

  @ApiProperty({ minLength: 1, maxLength: 80, example: 'Boiler service' })
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  label!: string;

  @ApiPropertyOptional({
    example: '913542',
    description:
      "The code (digits). Omit it to have Lockstep generate one. At least the organization's minCodeLength.",
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(16)
  code?: string;

  @ApiPropertyOptional({
    minimum: 4,
    maximum: 8,
    description: "Digits of a generated code; default the organization's minCodeLength.",
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(4)
  @Max(8)
  codeLength?: number;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: "Target locks (a subset of the unit's); default every lock of the unit.",
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  lockIds?: string[];

  @ApiProperty({ oneOf: scheduleOneOf([OnceScheduleDto, WeeklyScheduleDto]) })
  @IsObject()
  schedule!: Record<string, unknown>;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'A technician member.' })
  @IsOptional()
  @IsUUID()
  holderUserId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  holderName?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, description: '1 = one-time code.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  maxUses?: number | null;
}

export class SetPrimaryCodeDto {
  @ApiPropertyOptional({
    example: '913542',
    description: 'The new primary code; omit to have one generated.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(16)
  code?: string;

  @ApiPropertyOptional({ minimum: 4, maximum: 8 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(4)
  @Max(8)
  codeLength?: number;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Default every lock of the unit.' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  lockIds?: string[];

  @ApiPropertyOptional({ minLength: 1, maxLength: 80, default: 'Primary code' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  label?: string;
}

export class UpdateAccessCodeDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 80 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  label?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Once schedules: a later end (extend).' })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Weekly schedules: a later last date, or null for open-ended (extend).',
  })
  @IsOptional()
  @IsCalendarDate()
  untilDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  holderUserId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  holderName?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  maxUses?: number | null;
}

export class ListAccessCodesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: AccessCodeKind, enumName: 'AccessCodeKind' })
  @IsOptional()
  @IsEnum(AccessCodeKind)
  kind?: AccessCodeKind;

  @ApiPropertyOptional({ enum: AccessCodeState, enumName: 'AccessCodeState' })
  @IsOptional()
  @IsEnum(AccessCodeState)
  state?: AccessCodeState;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  holderUserId?: string;
}

export class TimelineQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Default now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Default from + 7 days; at most 92 days after from.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class TransitionsQueryDto extends PageQueryDto {}
