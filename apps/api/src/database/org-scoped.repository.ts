import { Inject } from '@nestjs/common';
import { type Database, type OrgScope, scopedWhere, type ScopedWhere } from '@lockstep/db';
import { DATABASE } from './database.token.js';

/**
 * Base of every repository over organization-owned rows (STYLE.md §3, after novu's base repository):
 * the only way a subclass builds a `where` is `scoped(scope, …)`, which requires an `OrgScope`, so a
 * query without the organization does not compile. The Prisma guard in @lockstep/db refuses unscoped
 * bulk writes at run time.
 */
export abstract class OrgScopedRepository {
  constructor(@Inject(DATABASE) protected readonly db: Database) {}

  protected scoped<W extends object>(scope: OrgScope, where?: W): ScopedWhere<W> {
    return scopedWhere(scope, where);
  }
}
