import { describe, expect, it } from 'vitest';
import { Permission, permissionsFor, ROLE_PERMISSIONS } from './permissions.js';

describe('permissions', () => {
  it('gives owners everything and keeps organization settings and API keys from managers', () => {
    expect(ROLE_PERMISSIONS.owner.has(Permission.ApiKeysWrite)).toBe(true);
    expect(ROLE_PERMISSIONS.manager.has(Permission.OrganizationWrite)).toBe(false);
    expect(ROLE_PERMISSIONS.manager.has(Permission.ApiKeysRead)).toBe(false);
    expect(ROLE_PERMISSIONS.manager.has(Permission.LocksCommission)).toBe(true);
  });

  it('lets tenants and technicians read the portfolio, and reveal and set only what object checks allow', () => {
    const objectChecked = new Set<string>([Permission.AccessCodesReveal, Permission.PrimaryCodeWrite]);
    for (const role of ['tenant', 'technician'] as const) {
      const granted = [...ROLE_PERMISSIONS[role]].filter((p) => !objectChecked.has(p));
      expect(
        granted.every((p) => p.endsWith(':read')),
        role,
      ).toBe(true);
      expect(ROLE_PERMISSIONS[role].has(Permission.AccessCodesWrite), role).toBe(false);
    }
    expect(ROLE_PERMISSIONS.tenant.has(Permission.PrimaryCodeWrite)).toBe(true);
    expect(ROLE_PERMISSIONS.technician.has(Permission.PrimaryCodeWrite)).toBe(false);
    expect(ROLE_PERMISSIONS.tenant.has(Permission.TenanciesRead)).toBe(true);
    expect(ROLE_PERMISSIONS.technician.has(Permission.TenanciesRead)).toBe(false);
  });

  it("narrows a key to its scopes, never beyond its role's permissions", () => {
    expect([...permissionsFor('manager', ['properties:read', 'api-keys:write', 'nonsense'])]).toEqual([
      'properties:read',
    ]);
    expect(permissionsFor('manager', [])).toBe(ROLE_PERMISSIONS.manager);
  });
});
