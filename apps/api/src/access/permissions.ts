import { Role } from '@lockstep/db';

/**
 * What a route needs. Roles grant sets of permissions; an API key holds a role and, optionally, a
 * narrower list of scopes (permission names), and gets the intersection.
 */
export const Permission = {
  OrganizationRead: 'organization:read',
  OrganizationWrite: 'organization:write',
  MembersRead: 'members:read',
  MembersWrite: 'members:write',
  ApiKeysRead: 'api-keys:read',
  ApiKeysWrite: 'api-keys:write',
  PropertiesRead: 'properties:read',
  PropertiesWrite: 'properties:write',
  UnitsRead: 'units:read',
  UnitsWrite: 'units:write',
  TenanciesRead: 'tenancies:read',
  TenanciesWrite: 'tenancies:write',
  LocksRead: 'locks:read',
  LocksWrite: 'locks:write',
  LocksCommission: 'locks:commission',
  LockEventsRead: 'lock-events:read',
  AuditRead: 'audit:read',
  /** Read access codes (masked) — which ones is object-level: a tenant their unit's, a technician their own. */
  AccessCodesRead: 'access-codes:read',
  /** Issue, revoke and extend maintenance and guest codes (landlords). */
  AccessCodesWrite: 'access-codes:write',
  /** See a code in full (audited); object-level: the holder technician their own, the tenant their primary. */
  AccessCodesReveal: 'access-codes:reveal',
  /** Set or change a unit's primary code (its tenant, or a landlord). */
  PrimaryCodeWrite: 'primary-code:write',
} as const;
export type TPermission = (typeof Permission)[keyof typeof Permission];

export const ALL_PERMISSIONS: readonly TPermission[] = Object.values(Permission);

const READ_PORTFOLIO: TPermission[] = [
  Permission.OrganizationRead,
  Permission.PropertiesRead,
  Permission.UnitsRead,
  Permission.LocksRead,
  Permission.LockEventsRead,
];

/**
 * Role → permissions. Reach (which properties, units and locks) is a separate dimension: a tenant
 * reads locks, but only those of their unit (see reach.ts).
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<TPermission>>> = {
  [Role.owner]: new Set(ALL_PERMISSIONS),
  [Role.manager]: new Set(
    ALL_PERMISSIONS.filter(
      (p) =>
        p !== Permission.OrganizationWrite && p !== Permission.ApiKeysRead && p !== Permission.ApiKeysWrite,
    ),
  ),
  [Role.technician]: new Set([...READ_PORTFOLIO, Permission.AccessCodesRead, Permission.AccessCodesReveal]),
  [Role.tenant]: new Set([
    ...READ_PORTFOLIO,
    Permission.TenanciesRead,
    Permission.AccessCodesRead,
    Permission.AccessCodesReveal,
    Permission.PrimaryCodeWrite,
  ]),
};

/** Roles an API key may hold: keys act for the organization, never as a person. */
export const API_KEY_ROLES = [Role.owner, Role.manager] as const;

export function permissionsFor(role: Role, scopes: readonly string[] = []): ReadonlySet<TPermission> {
  const granted = ROLE_PERMISSIONS[role];
  if (scopes.length === 0) return granted;
  return new Set(scopes.filter((s): s is TPermission => granted.has(s as TPermission)));
}
