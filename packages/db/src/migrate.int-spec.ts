import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate, MigrationChecksumError } from './migrate.js';
import { migrationsDir } from './paths.js';
import { UnscopedWriteError } from './scoping.js';
import { DEMO, seedDemo } from './seed.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

describe('migrations and seed on the real Postgres', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase('db_migrate');
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('applied every migration, and a second run applies none', async () => {
    const all = await listMigrations();
    expect(all.length).toBeGreaterThanOrEqual(2);
    const again = await migrate(t.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(all.map((m) => m.id));
  });

  it('refuses a migration edited after it was applied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-migrations-'));
    await cp(migrationsDir, dir, { recursive: true });
    const [first] = await listMigrations(dir);
    await writeFile(join(dir, first!.id, 'migration.sql'), `${first!.sql}\n-- edited`);
    await expect(migrate(t.url, { dir })).rejects.toBeInstanceOf(MigrationChecksumError);
  });

  it('seeds the demo portfolio, idempotently, and reads it back', async () => {
    const first = await seedDemo(t.db);
    const second = await seedDemo(t.db);
    expect(second).toEqual(first);

    const org = await t.db.organization.findUniqueOrThrow({ where: { slug: DEMO.organization.slug } });
    const scope = { organizationId: org.id };
    const properties = await t.db.property.findMany({ where: scope, orderBy: { name: 'asc' } });
    expect(properties.map((p) => [p.name, p.timeZone])).toEqual([
      ['Harbor Lane Apartments', 'America/New_York'],
      ['Spreeblick Haus', 'Europe/Berlin'],
    ]);
    expect(await t.db.unit.count({ where: scope })).toBe(6);
    expect(await t.db.lock.count({ where: scope })).toBe(8);
    expect(await t.db.device.count({ where: { ...scope, state: 'active' } })).toBe(8);

    const roles = await t.db.membership.findMany({ where: scope, include: { user: true } });
    expect(roles.map((m) => m.role).sort()).toEqual(['manager', 'owner', 'technician', 'tenant']);
    const tenant = roles.find((m) => m.role === 'tenant')!;
    const tenancies = await t.db.tenancy.findMany({ where: { ...scope, userId: tenant.userId } });
    expect(tenancies).toHaveLength(1);
  });

  it('keeps the audit log append-only', async () => {
    const entry = await t.db.auditLog.create({
      data: { action: 'test.append', resourceType: 'test', before: {}, after: { ok: true } },
    });
    await expect(
      t.db.auditLog.update({ where: { id: entry.id }, data: { action: 'tampered' } }),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.auditLog.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
    expect((await t.db.auditLog.findUniqueOrThrow({ where: { id: entry.id } })).action).toBe('test.append');
  });

  it('refuses unscoped bulk writes and leaves the rows alone', async () => {
    const before = await t.db.lock.count();
    await expect(t.db.lock.updateMany({ where: {}, data: { name: 'x' } })).rejects.toBeInstanceOf(
      UnscopedWriteError,
    );
    await expect(t.db.lock.deleteMany({ where: { name: 'Front door' } })).rejects.toBeInstanceOf(
      UnscopedWriteError,
    );
    await expect(t.db.user.deleteMany()).rejects.toBeInstanceOf(UnscopedWriteError);
    expect(await t.db.lock.count()).toBe(before);
    expect(await t.db.lock.count({ where: { name: 'x' } })).toBe(0);
  });
});
