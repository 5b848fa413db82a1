import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DEMO, type Database } from '@lockstep/db';
import { Public } from '../auth/public.decorator.js';
import { DATABASE } from '../database/database.module.js';
import { PageQueryDto } from '../pagination/page-query.dto.js';
import { Problems } from '../problems/problems.js';
import { PropertyPageDto } from './dto/property.dto.js';
import { PropertiesService } from './properties.service.js';

@ApiTags('properties')
@Controller('v1/properties')
export class PropertiesController {
  constructor(
    private readonly properties: PropertiesService,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  // Skeleton: unauthenticated, lists the demo organization's properties until auth lands.
  @Public()
  @Get()
  @ApiOkResponse({ type: PropertyPageDto })
  async list(@Query() query: PageQueryDto): Promise<PropertyPageDto> {
    const org = await this.db.organization.findUnique({ where: { slug: DEMO.organization.slug } });
    if (!org) throw Problems.notFound('organization');
    return this.properties.list({ organizationId: org.id }, query);
  }
}
