import { Prisma } from './generated/prisma/client.js';

/**
 * Organization scoping in one place (STYLE.md §3).
 *
 * - Types: repository methods take an `OrgScope`; without an organization id a call cannot compile.
 * - Runtime: `guardBulkWrites` refuses `updateMany`/`deleteMany` with an empty `where`, and on any
 *   model that has an `organizationId`, one whose `where` does not name the organization.
 */
export interface OrgScope {
  readonly organizationId: string;
}

/** A Prisma `where` for an organization-owned model that always carries the organization. */
export type ScopedWhere<W> = W & { organizationId: string };

/** Builds the `where` for a scoped query; the only place repositories get one. */
export function scopedWhere<W extends object>(scope: OrgScope, where?: W): ScopedWhere<W> {
  return { ...(where ?? ({} as W)), organizationId: scope.organizationId };
}

export class UnscopedWriteError extends Error {
  constructor(model: string, operation: string, why: string) {
    super(`refused ${model}.${operation}: ${why}`);
    this.name = 'UnscopedWriteError';
  }
}

// Derived from the generated client's scalar-field enums, so a new model with an organizationId is
// guarded without anyone remembering to list it.
const orgOwnedModels = new Set<string>(
  Object.values(Prisma.ModelName).filter((model) => {
    const fields = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[
      `${model}ScalarFieldEnum`
    ];
    return fields !== undefined && 'organizationId' in fields;
  }),
);

/** Models that belong to an organization (have an `organizationId`). */
export const organizationOwnedModels: ReadonlySet<string> = orgOwnedModels;

function isEmptyWhere(where: unknown): boolean {
  return (
    where === undefined || where === null || (typeof where === 'object' && Object.keys(where).length === 0)
  );
}

export const guardBulkWrites = Prisma.defineExtension({
  name: 'lockstep-guard-bulk-writes',
  query: {
    $allModels: {
      async updateMany({ model, args, query }) {
        assertScopedBulk(model, 'updateMany', args.where);
        return query(args);
      },
      async updateManyAndReturn({ model, args, query }) {
        assertScopedBulk(model, 'updateManyAndReturn', args.where);
        return query(args);
      },
      async deleteMany({ model, args, query }) {
        assertScopedBulk(model, 'deleteMany', args?.where);
        return query(args);
      },
    },
  },
});

function assertScopedBulk(model: string, operation: string, where: unknown): void {
  if (isEmptyWhere(where)) {
    throw new UnscopedWriteError(model, operation, 'empty where');
  }
  if (orgOwnedModels.has(model)) {
    const org = (where as { organizationId?: unknown }).organizationId;
    if (typeof org !== 'string' || org.length === 0) {
      throw new UnscopedWriteError(model, operation, 'where does not name the organizationId');
    }
  }
}
