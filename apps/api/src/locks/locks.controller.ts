import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type Actor } from '../access/actor.js';
import { Permission } from '../access/permissions.js';
import { CurrentActor, RequirePermission } from '../auth/access.decorators.js';
import { ExpectedVersion } from '../concurrency/if-match.js';
import { SecretFields } from '../idempotency/secret-fields.decorator.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { UuidParam } from '../validation/uuid-param.js';
import {
  CommissionedLockDto,
  CommissionLockDto,
  DeviceKeysDto,
  ListLocksQueryDto,
  LockDto,
  LockPageDto,
  RegisterLockDto,
  UpdateLockDto,
} from './dto/lock.dto.js';
import { LocksService } from './locks.service.js';

@ApiTags('locks')
@Controller('v1/locks')
export class LocksController {
  constructor(private readonly locks: LocksService) {}

  @RequirePermission(Permission.LocksRead)
  @Get()
  @ApiOkResponse({ type: LockPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListLocksQueryDto): Promise<LockPageDto> {
    return this.locks.list(actor, query);
  }

  @RequirePermission(Permission.LocksWrite)
  @Post()
  @ApiCreatedResponse({ type: LockDto, description: 'Registered; commission it to give it credentials.' })
  @ApiConflictResponse({ type: ProblemDto, description: 'A lock with this serial exists.' })
  register(@CurrentActor() actor: Actor, @Body() body: RegisterLockDto): Promise<LockDto> {
    return this.locks.register(actor, body);
  }

  @RequirePermission(Permission.LocksRead)
  @Get(':lockId')
  @ApiOkResponse({ type: LockDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  get(@CurrentActor() actor: Actor, @UuidParam('lockId') id: string): Promise<LockDto> {
    return this.locks.get(actor, id);
  }

  @RequirePermission(Permission.LocksWrite)
  @Patch(':lockId')
  @ApiOkResponse({ type: LockDto, description: 'Rename, or assign to a unit (null unassigns).' })
  @ApiNotFoundResponse({ type: ProblemDto })
  update(
    @CurrentActor() actor: Actor,
    @UuidParam('lockId') id: string,
    @ExpectedVersion() version: number,
    @Body() body: UpdateLockDto,
  ): Promise<LockDto> {
    return this.locks.update(actor, id, version, body);
  }

  @RequirePermission(Permission.LocksCommission)
  @Post(':lockId/commission')
  @HttpCode(HttpStatus.OK)
  @SecretFields('credentials.password')
  @ApiOkResponse({
    type: CommissionedLockDto,
    description: 'The broker password is in the response this once.',
  })
  @ApiConflictResponse({ type: ProblemDto, description: 'Already commissioned.' })
  @ApiBody({
    type: CommissionLockDto,
    required: false,
    description: "Optional: the lock's identity output (public key and fingerprint key), the key exchange.",
  })
  commission(
    @CurrentActor() actor: Actor,
    @UuidParam('lockId') id: string,
    @Body() body: CommissionLockDto,
  ): Promise<CommissionedLockDto> {
    return this.locks.commission(actor, id, body);
  }

  @RequirePermission(Permission.LocksCommission)
  @Put(':lockId/device-keys')
  @ApiOkResponse({
    type: LockDto,
    description:
      'The key exchange for a lock commissioned without it: its X25519 public key and fingerprint key (sealed at rest). The same keys again: no change.',
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({
    type: ProblemDto,
    description:
      'Not commissioned, or other keys are stored (decommission and commission again to replace them).',
  })
  setDeviceKeys(
    @CurrentActor() actor: Actor,
    @UuidParam('lockId') id: string,
    @Body() body: DeviceKeysDto,
  ): Promise<LockDto> {
    return this.locks.setDeviceKeys(actor, id, body);
  }

  @RequirePermission(Permission.LocksCommission)
  @Post(':lockId/decommission')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: LockDto,
    description: 'The device identity is retired; its credentials stop working.',
  })
  @ApiConflictResponse({ type: ProblemDto, description: 'Not commissioned.' })
  decommission(@CurrentActor() actor: Actor, @UuidParam('lockId') id: string): Promise<LockDto> {
    return this.locks.decommission(actor, id);
  }
}
