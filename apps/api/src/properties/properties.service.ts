import { Injectable } from '@nestjs/common';
import { type OrgScope } from '@lockstep/db';
import { decodeCursor, type Page, toPage } from '../pagination/cursor.js';
import { type PageQueryDto } from '../pagination/page-query.dto.js';
import { PropertyDto } from './dto/property.dto.js';
import { PropertiesRepository } from './properties.repository.js';

@Injectable()
export class PropertiesService {
  constructor(private readonly properties: PropertiesRepository) {}

  async list(scope: OrgScope, query: PageQueryDto): Promise<Page<PropertyDto>> {
    const cursor = decodeCursor(query.cursor);
    const rows = await this.properties.list(scope, {}, query.limit, cursor?.id);
    return toPage(rows, query.limit, (row) => PropertyDto.from(row));
  }
}
