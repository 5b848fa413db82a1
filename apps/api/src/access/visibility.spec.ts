import { describe, expect, it } from 'vitest';
import { type Actor, type Reach } from './actor.js';
import { reachesWholeOrganization, visible } from './visibility.js';

const actor = (reach: Reach, userId: string | null = 'user-1'): Actor => ({
  organizationId: 'org-1',
  role: 'manager',
  userId,
  apiKeyId: null,
  membershipId: null,
  permissions: new Set(),
  reach,
  origin: { ip: null, userAgent: null, requestId: 'r' },
});

describe('visible', () => {
  it('adds nothing for actors who reach the whole organization', () => {
    const a = actor({ kind: 'organization' });
    expect([
      visible.property(a),
      visible.unit(a),
      visible.lock(a),
      visible.lockEvent(a),
      visible.tenancy(a),
    ]).toEqual([{}, {}, {}, {}, {}]);
    expect(reachesWholeOrganization(a)).toBe(true);
  });

  it('limits a property-scoped manager to their properties', () => {
    const a = actor({ kind: 'properties', propertyIds: ['p1'] });
    expect(visible.property(a)).toEqual({ id: { in: ['p1'] } });
    expect(visible.unit(a)).toEqual({ propertyId: { in: ['p1'] } });
    expect(visible.lock(a)).toEqual({ propertyId: { in: ['p1'] } });
    expect(visible.lockEvent(a)).toEqual({ lock: { propertyId: { in: ['p1'] } } });
    expect(reachesWholeOrganization(a)).toBe(false);
  });

  it('limits a tenant to their units and their own tenancies', () => {
    const a = actor({ kind: 'units', propertyIds: ['p1'], unitIds: ['u1'] }, 'tenant-1');
    expect(visible.unit(a)).toEqual({ id: { in: ['u1'] } });
    expect(visible.lock(a)).toEqual({ unitId: { in: ['u1'] } });
    expect(visible.tenancy(a)).toEqual({ userId: 'tenant-1' });
  });

  it('limits a technician to the locks of their codes, and no tenancies', () => {
    const a = actor({ kind: 'locks', propertyIds: ['p1'], unitIds: ['u2'], lockIds: ['l2'] });
    expect(visible.lock(a)).toEqual({ id: { in: ['l2'] } });
    expect(visible.lockEvent(a)).toEqual({ lockId: { in: ['l2'] } });
    expect(visible.tenancy(a)).toEqual({ id: { in: [] } });
  });
});
