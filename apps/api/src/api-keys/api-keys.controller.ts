import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor } from '../access/actor.js';
import { Permission } from '../access/permissions.js';
import { CurrentActor, RequirePermission } from '../auth/access.decorators.js';
import { SecretFields } from '../idempotency/secret-fields.decorator.js';
import { PageQueryDto } from '../pagination/page-query.dto.js';
import { ProblemDto } from '../problems/problem.dto.js';
import { UuidParam } from '../validation/uuid-param.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto.js';

@ApiTags('api-keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @RequirePermission(Permission.ApiKeysRead)
  @Get()
  @ApiOkResponse({ type: ApiKeyPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<ApiKeyPageDto> {
    return this.keys.list(actor, query);
  }

  @RequirePermission(Permission.ApiKeysWrite)
  @Post()
  @SecretFields('key')
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The key is in the response this once.' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(actor, body);
  }

  @RequirePermission(Permission.ApiKeysWrite)
  @Post(':apiKeyId/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ApiKeyDto, description: 'The key no longer authenticates.' })
  @ApiNotFoundResponse({ type: ProblemDto })
  revoke(@CurrentActor() actor: Actor, @UuidParam('apiKeyId') id: string): Promise<ApiKeyDto> {
    return this.keys.revoke(actor, id);
  }
}
