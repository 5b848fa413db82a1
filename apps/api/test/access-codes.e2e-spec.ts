import { OUTBOX_ENTRIES } from '@lockstep/queue';
import { type LockModel, type UnitModel } from '@lockstep/db';
import { generateDeviceKeyPair, generateFingerprintKey } from '@lockstep/lock-protocol/node';
import { type DestinationStream } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createLock,
  createOrganizationFixture,
  createUnit,
  HELD_CODE,
  type OrganizationFixture,
  type TestRole,
} from './factories.js';
import { startTestApp, type TestApp } from './test-app.js';

interface Target {
  lockId: string;
  lockName: string;
  slot: number | null;
  status: string;
  warnings: string[];
  failureReason: string | null;
  installedAt: string | null;
  removedAt: string | null;
}
interface Code {
  id: string;
  unitId: string;
  kind: string;
  label: string;
  maskedCode: string;
  codeLength: number;
  generated: boolean;
  state: string;
  schedule: Record<string, unknown>;
  timeZone: string;
  holderUserId: string | null;
  maxUses: number | null;
  supersedesId: string | null;
  revokedAt: string | null;
  revokedById: string | null;
  targets: Target[];
  version: number;
}
interface Issued {
  accessCode: Code;
  code: string | null;
}
interface PlanProblemView {
  code: string;
  field?: string;
  lockId?: string;
  lockName?: string | null;
  detail: string;
  conflictsWith?: {
    codeId: string;
    label: string | null;
    kind: string;
    slot: number | null;
    conflict?: string;
    window: { startsAt: string; endsAt: string } | null;
    overlappingWindow: { startsAt: string; endsAt: string } | null;
  }[];
}
interface Problem {
  type: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  problems?: PlanProblemView[];
}
interface Timeline {
  timeZone: string;
  items: (Code & { windows: { startsAt: string | null; endsAt: string | null }[] })[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Log lines the API writes (level trace), for the canary. */
const logLines: string[] = [];
const capture: DestinationStream = {
  write(line: string) {
    logLines.push(line);
  },
};

describe('access codes', () => {
  let t: TestApp;
  let fx: OrganizationFixture;
  /** A unit with a 30-slot lock (slots are never the limit there). */
  let wide: { unit: UnitModel; lock: LockModel };

  beforeAll(async () => {
    t = await startTestApp('access-codes', { LOG_LEVEL: 'trace' }, { logDestination: capture });
    fx = await createOrganizationFixture(t.database.db, 'codes', t.sealer);
    wide = await wideUnit(fx.properties.p1.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function wideUnit(propertyId: string) {
    const unit = await createUnit(t.database.db, fx.organization.id, propertyId);
    const lock = await t.database.db.lock.create({
      data: {
        organizationId: fx.organization.id,
        propertyId,
        unitId: unit.id,
        name: 'Lobby door',
        serial: `SN-${unit.id.slice(-12)}`,
        model: 'lockstep-db30',
      },
    });
    return { unit, lock };
  }

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    role: TestRole = 'owner',
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...authHeaders(fx, role), ...headers },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });

  const issue = (unitId: string, body: Record<string, unknown>, role: TestRole = 'owner') =>
    inject('POST', `/v1/units/${unitId}/access-codes`, role, {
      kind: 'maintenance',
      label: 'Boiler check',
      ...body,
    });

  const once = (start: number, end: number) => ({
    kind: 'once',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(end).toISOString(),
  });

  const outboxOf = (codeId: string) =>
    t.database.db.$queryRawUnsafe<{ queue: string; name: string; data: Record<string, unknown> }[]>(
      `SELECT queue, name, data FROM ${OUTBOX_ENTRIES} outbox WHERE data->>'refId' = $1 ORDER BY id`,
      codeId,
    );
  const reconcileJobs = (lockId: string) =>
    t.database.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${OUTBOX_ENTRIES} outbox WHERE queue = 'reconcile' AND data->>'lockId' = $1`,
      lockId,
    );

  describe('issuing', () => {
    it('creates a code for every lock of the unit, shows it once, and writes targets, transitions, audit and outbox in one transaction', async () => {
      const start = Date.now() + 10 * DAY;
      const res = await issue(fx.units.u1.id, {
        code: '246803',
        schedule: once(start, start + 2 * HOUR),
        holderUserId: fx.users.technician.user.id,
        maxUses: 1,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers['cache-control']).toBe('no-store');
      const { accessCode, code } = res.json<Issued>();
      expect(code).toBe('246803');
      expect(accessCode).toMatchObject({
        kind: 'maintenance',
        maskedCode: '••••03',
        codeLength: 6,
        generated: false,
        state: 'active',
        maxUses: 1,
        holderUserId: fx.users.technician.user.id,
        timeZone: 'America/New_York',
        schedule: { kind: 'once', startsAt: new Date(start).toISOString() },
      });
      expect(accessCode.targets).toEqual([
        expect.objectContaining({ lockId: fx.locks.l1.id, slot: 2, status: 'scheduled', warnings: [] }),
      ]);

      const db = t.database.db;
      const transitions = await db.accessCodeTransition.findMany({
        where: { target: { accessCodeId: accessCode.id } },
      });
      expect(transitions).toEqual([
        expect.objectContaining({ fromStatus: null, toStatus: 'scheduled', cause: 'created' }),
      ]);
      const outbox = await outboxOf(accessCode.id);
      expect(outbox).toEqual([
        expect.objectContaining({
          queue: 'domain-events',
          name: 'access_code.created',
          data: expect.objectContaining({
            type: 'access_code.created',
            organizationId: fx.organization.id,
            refId: accessCode.id,
          }) as unknown,
        }),
      ]);
      // Same transaction: every row of the change carries the same inserting transaction id (xmin).
      const xmin = (table: string, column: string, value: string) =>
        db
          .$queryRawUnsafe<{ x: string }[]>(
            `SELECT xmin::text AS x FROM ${table} WHERE ${column} = $1`,
            value,
          )
          .then((rows) => rows.map((r) => r.x));
      const [codeTx] = await xmin('access_codes', 'id::text', accessCode.id);
      expect(codeTx).toBeDefined();
      expect(await xmin('access_code_targets', 'access_code_id::text', accessCode.id)).toEqual([codeTx]);
      expect(await xmin('audit_log', 'resource_id', accessCode.id)).toEqual([codeTx]);
      expect(await xmin(`outbox`, `data->>'refId'`, accessCode.id)).toEqual([codeTx]);
      const reconcile = await db.$queryRawUnsafe<{ x: string; data: { lockId: string; reason: string } }[]>(
        `SELECT xmin::text AS x, data FROM outbox WHERE queue = 'reconcile' AND xmin::text = $1`,
        codeTx,
      );
      expect(reconcile.map((r) => r.data)).toEqual([{ lockId: fx.locks.l1.id, reason: 'schedule' }]);
    });

    it("generates a code of the organization's minimum length when none is given", async () => {
      const start = Date.now() + 40 * DAY;
      const res = await issue(wide.unit.id, { schedule: once(start, start + HOUR) });
      expect(res.statusCode, res.body).toBe(201);
      const { accessCode, code } = res.json<Issued>();
      expect(code).toMatch(/^\d{6}$/);
      expect(accessCode.generated).toBe(true);
      const longer = await issue(wide.unit.id, { codeLength: 8, schedule: once(start, start + HOUR) });
      expect(longer.json<Issued>().code).toMatch(/^\d{8}$/);
    });

    it('refuses a code below the minimum length, a weak code and a bad schedule with 422 naming the field', async () => {
      const start = Date.now() + 12 * DAY;
      const short = await issue(wide.unit.id, { code: '2580', schedule: once(start, start + HOUR) });
      expect(short.statusCode).toBe(422);
      const shortProblem = short.json<Problem>();
      expect(shortProblem.type).toMatch(/access-code-invalid$/);
      expect(shortProblem.problems?.[0]).toMatchObject({ code: 'too_short', field: 'code' });
      expect(shortProblem.errors?.map((e) => e.field)).toContain('code');
      expect(short.body).not.toContain('2580');

      const weak = await issue(wide.unit.id, { code: '121212', schedule: once(start, start + HOUR) });
      expect(weak.statusCode).toBe(422);
      expect(weak.json<Problem>().problems?.[0]).toMatchObject({ code: 'weak_single_button', field: 'code' });
      expect(weak.body).not.toContain('121212');

      const backwards = await issue(wide.unit.id, { code: '918273', schedule: once(start, start - HOUR) });
      expect(backwards.statusCode).toBe(422);
      expect(backwards.json<Problem>().problems).toEqual([
        expect.objectContaining({ code: 'empty_window', field: 'schedule.endsAt' }),
      ]);

      const ended = await issue(wide.unit.id, {
        code: '918273',
        schedule: once(start - 20 * DAY, start - 19 * DAY),
      });
      expect(ended.json<Problem>().problems?.[0]?.code).toBe('window_ended');

      await t.database.db.organization.update({
        where: { id: fx.organization.id },
        data: { minCodeLength: 8 },
      });
      try {
        const sevenDigits = await issue(wide.unit.id, {
          code: '9182736',
          schedule: once(start, start + HOUR),
        });
        expect(sevenDigits.statusCode).toBe(422);
        expect(sevenDigits.json<Problem>().problems?.[0]?.detail).toMatch(/at least 8 digits/);
      } finally {
        await t.database.db.organization.update({
          where: { id: fx.organization.id },
          data: { minCodeLength: 6 },
        });
      }
    });

    it('refuses lockIds outside the unit, and a holder who is not a technician', async () => {
      const start = Date.now() + 13 * DAY;
      const foreign = await issue(wide.unit.id, {
        lockIds: [fx.locks.l3.id],
        schedule: once(start, start + HOUR),
      });
      expect(foreign.statusCode).toBe(422);
      expect(foreign.json<Problem>().errors).toEqual([expect.objectContaining({ field: 'lockIds.0' })]);
      const holder = await issue(wide.unit.id, {
        holderUserId: fx.users.tenant.user.id,
        schedule: once(start, start + HOUR),
      });
      expect(holder.statusCode).toBe(404);
      expect(holder.json<Problem>().errors?.[0]?.field).toBe('holderUserId');
    });

    it('refuses a button-level equal or prefix code overlapping in time (409 naming the code, lock and windows), accepts it at another time', async () => {
      const { unit, lock } = await wideUnit(fx.properties.p1.id);
      const start = Date.now() + 20 * DAY;
      const first = await issue(unit.id, {
        label: 'Electrician',
        code: '135724',
        schedule: once(start, start + 4 * HOUR),
      });
      expect(first.statusCode, first.body).toBe(201);
      const firstId = first.json<Issued>().accessCode.id;
      const outboxBefore = await t.database.db.$queryRawUnsafe<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM outbox',
      );

      // 2468 13 presses the same buttons as 1357 24.
      const equal = await issue(unit.id, { code: '246813', schedule: once(start + HOUR, start + 6 * HOUR) });
      expect(equal.statusCode).toBe(409);
      const problem = equal.json<Problem>();
      expect(problem.type).toMatch(/access-code-conflict$/);
      expect(problem.detail).toContain('"Electrician"');
      expect(problem.detail).toContain(firstId);
      expect(problem.problems).toEqual([
        expect.objectContaining({
          code: 'conflict_equal',
          field: 'code',
          lockId: lock.id,
          lockName: 'Lobby door',
          conflictsWith: [
            expect.objectContaining({
              codeId: firstId,
              label: 'Electrician',
              conflict: 'equal',
              window: {
                startsAt: new Date(start).toISOString(),
                endsAt: new Date(start + 4 * HOUR).toISOString(),
              },
              // This code's window that collides, widened by the guard interval (2 min each side).
              overlappingWindow: {
                startsAt: new Date(start + HOUR - 120_000).toISOString(),
                endsAt: new Date(start + 6 * HOUR + 120_000).toISOString(),
              },
            }),
          ],
        }),
      ]);
      for (const digits of ['135724', '246813']) expect(equal.body).not.toContain(digits);

      // Seven digits starting with the same six buttons: the shorter code would fire first.
      const prefix = await issue(unit.id, { code: '2468130', schedule: once(start, start + HOUR) });
      expect(prefix.statusCode).toBe(409);
      expect(prefix.json<Problem>().problems?.[0]).toMatchObject({
        code: 'conflict_prefix',
        lockId: lock.id,
      });
      expect(prefix.json<Problem>().problems?.[0]?.conflictsWith?.[0]?.codeId).toBe(firstId);

      const refusedWroteNothing = await t.database.db.$queryRawUnsafe<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM outbox',
      );
      expect(refusedWroteNothing[0]?.n).toBe(outboxBefore[0]?.n);

      const later = await issue(unit.id, {
        code: '246813',
        schedule: once(start + 2 * DAY, start + 2 * DAY + HOUR),
      });
      expect(later.statusCode, later.body).toBe(201);
    });

    it('refuses a code when no slot is free for its window, naming the codes holding the slots', async () => {
      const unit = await createUnit(t.database.db, fx.organization.id, fx.properties.p1.id);
      const lock = await createLock(t.database.db, fx.organization.id, fx.properties.p1.id, unit.id);
      const start = Date.now() + 25 * DAY;
      const holder = await issue(unit.id, {
        label: 'Cleaner',
        code: '918273',
        schedule: once(start, start + 3 * HOUR),
      });
      expect(holder.statusCode, holder.body).toBe(201);
      const holderId = holder.json<Issued>().accessCode.id;
      const full = await issue(unit.id, { code: '372819', schedule: once(start + HOUR, start + 2 * HOUR) });
      expect(full.statusCode).toBe(409);
      const problem = full.json<Problem>();
      expect(problem.detail).toMatch(/No slot is free on lock "Front door"/);
      expect(problem.detail).toContain('"Cleaner"');
      expect(problem.problems).toEqual([
        expect.objectContaining({
          code: 'no_free_slot',
          lockId: lock.id,
          conflictsWith: [expect.objectContaining({ codeId: holderId, label: 'Cleaner', slot: 2 })],
        }),
      ]);
      // Within the guard interval after the first window: still held.
      const tooSoon = await issue(unit.id, {
        code: '372819',
        schedule: once(start + 3 * HOUR + 60_000, start + 4 * HOUR),
      });
      expect(tooSoon.statusCode).toBe(409);
      const afterGuard = await issue(unit.id, {
        code: '372819',
        schedule: once(start + 4 * HOUR, start + 5 * HOUR),
      });
      expect(afterGuard.statusCode, afterGuard.body).toBe(201);
      expect(afterGuard.json<Issued>().accessCode.targets[0]?.slot).toBe(2);
    });
  });

  it('serialises concurrent issues for one lock: of three codes racing for its one free slot, one wins', async () => {
    const unit = await createUnit(t.database.db, fx.organization.id, fx.properties.p1.id);
    await createLock(t.database.db, fx.organization.id, fx.properties.p1.id, unit.id);
    const start = Date.now() + 27 * DAY;
    const results = await Promise.all(
      ['918273', '372819', '817263'].map((code) =>
        issue(unit.id, { code, schedule: once(start, start + HOUR) }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await t.database.db.accessCode.count({ where: { unitId: unit.id } })).toBe(1);
  });

  describe('weekly schedules in the property time zone', () => {
    it.each([
      {
        timeZone: 'Europe/Berlin',
        // 2027-03-28: CET → CEST.
        fromDate: '2027-03-22',
        untilDate: '2027-04-02',
        before: ['2027-03-22T08:00:00.000Z', '2027-03-22T16:00:00.000Z'],
        after: ['2027-03-29T07:00:00.000Z', '2027-03-29T15:00:00.000Z'],
      },
      {
        timeZone: 'America/New_York',
        // 2027-03-14: EST → EDT.
        fromDate: '2027-03-08',
        untilDate: '2027-03-19',
        before: ['2027-03-08T14:00:00.000Z', '2027-03-08T22:00:00.000Z'],
        after: ['2027-03-15T13:00:00.000Z', '2027-03-15T21:00:00.000Z'],
      },
    ])(
      '$timeZone: 09:00–17:00 on weekdays, stored as local times and listed across the DST change',
      async (c) => {
        const property = await t.database.db.property.create({
          data: {
            organizationId: fx.organization.id,
            name: `Weekly ${c.timeZone}`,
            addressLine1: '1 Test Street',
            city: 'Testville',
            postalCode: '12345',
            country: 'DE',
            timeZone: c.timeZone,
          },
        });
        const { unit } = await wideUnit(property.id);
        const schedule = {
          kind: 'weekly',
          weekdays: [1, 2, 3, 4, 5],
          localStart: '09:00',
          localEnd: '17:00',
          fromDate: c.fromDate,
          untilDate: c.untilDate,
        };
        const res = await issue(unit.id, { code: '918273', schedule });
        expect(res.statusCode, res.body).toBe(201);
        const { accessCode } = res.json<Issued>();
        expect(accessCode.schedule).toEqual(schedule);
        expect(accessCode.timeZone).toBe(c.timeZone);
        const row = await t.database.db.accessCode.findUniqueOrThrow({ where: { id: accessCode.id } });
        expect(row).toMatchObject({
          scheduleKind: 'weekly',
          localStart: '09:00',
          localEnd: '17:00',
          weekdays: [1, 2, 3, 4, 5],
        });
        expect(row.fromDate?.toISOString().slice(0, 10)).toBe(c.fromDate);

        const from = `${c.fromDate}T00:00:00.000Z`;
        const timeline = await inject(
          'GET',
          `/v1/units/${unit.id}/access-codes?from=${from}&to=${c.untilDate}T23:59:00.000Z`,
        );
        expect(timeline.statusCode, timeline.body).toBe(200);
        const body = timeline.json<Timeline>();
        expect(body.timeZone).toBe(c.timeZone);
        const item = body.items.find((i) => i.id === accessCode.id);
        expect(item?.windows).toHaveLength(10);
        expect(item?.windows[0]).toEqual({ startsAt: c.before[0], endsAt: c.before[1] });
        expect(item?.windows[5]).toEqual({ startsAt: c.after[0], endsAt: c.after[1] });
      },
    );
  });

  describe('reading, by role', () => {
    let u1Maintenance: Code;
    beforeAll(async () => {
      const start = Date.now() + 30 * DAY;
      u1Maintenance = (
        await issue(fx.units.u1.id, { label: 'Painter', code: '372819', schedule: once(start, start + HOUR) })
      ).json<Issued>().accessCode;
    });

    it('lists only what each role reaches: a technician their own codes, a tenant their unit’s', async () => {
      const ids = async (role: TestRole, query = '') => {
        const res = await inject('GET', `/v1/access-codes?limit=200${query}`, role);
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ items: Code[] }>().items;
      };
      const technician = await ids('technician');
      expect(technician.length).toBeGreaterThan(0);
      expect(technician.every((c) => c.holderUserId === fx.users.technician.user.id)).toBe(true);
      expect(technician.map((c) => c.id)).toContain(fx.code.id);
      const tenant = await ids('tenant');
      expect(tenant.map((c) => c.id)).toContain(u1Maintenance.id);
      expect(tenant.every((c) => c.unitId === fx.units.u1.id)).toBe(true);
      expect((await ids('owner')).map((c) => c.id)).toEqual(
        expect.arrayContaining([fx.code.id, u1Maintenance.id]),
      );
      const filtered = await ids('owner', `&unitId=${fx.units.u1.id}&kind=maintenance&state=active`);
      expect(filtered.every((c) => c.unitId === fx.units.u1.id && c.kind === 'maintenance')).toBe(true);
      const held = await ids('owner', `&holderUserId=${fx.users.technician.user.id}`);
      expect(held.map((c) => c.id)).toContain(fx.code.id);
      expect(held.map((c) => c.id)).not.toContain(u1Maintenance.id);
    });

    it('gets a code with its targets, and its transitions; 404 outside reach', async () => {
      const res = await inject('GET', `/v1/access-codes/${u1Maintenance.id}`, 'tenant');
      expect(res.statusCode).toBe(200);
      expect(res.json<Code>().targets).toEqual([
        {
          id: expect.any(String) as unknown,
          lockId: fx.locks.l1.id,
          lockName: 'Front door',
          slot: 2,
          status: 'scheduled',
          warnings: [],
          failureReason: null,
          installedAt: null,
          removedAt: null,
          updatedAt: expect.any(String) as unknown,
        },
      ]);
      expect((await inject('GET', `/v1/access-codes/${u1Maintenance.id}`, 'technician')).statusCode).toBe(
        404,
      );
      expect((await inject('GET', `/v1/access-codes/${fx.code.id}`, 'tenant')).statusCode).toBe(404);
      const transitions = await inject('GET', `/v1/access-codes/${u1Maintenance.id}/transitions`, 'manager');
      expect(
        transitions.json<{ items: { toStatus: string; cause: string; lockId: string }[] }>().items,
      ).toEqual([
        expect.objectContaining({ toStatus: 'scheduled', cause: 'created', lockId: fx.locks.l1.id }),
      ]);
    });

    it('reveals to those allowed, audited without the code and never cached', async () => {
      const owner = await inject('POST', `/v1/access-codes/${u1Maintenance.id}/reveal`);
      expect(owner.statusCode).toBe(200);
      expect(owner.headers['cache-control']).toBe('no-store');
      expect(owner.json<{ code: string }>().code).toBe('372819');
      const entry = await t.database.db.auditLog.findFirstOrThrow({
        where: { action: 'access_code.revealed', resourceId: u1Maintenance.id },
      });
      expect(JSON.stringify(entry)).not.toContain('372819');
      expect(entry.after).toMatchObject({ maskedCode: '••••19' });

      const own = await inject('POST', `/v1/access-codes/${fx.code.id}/reveal`, 'technician');
      expect(own.json<{ code: string }>().code).toBe(HELD_CODE);
      expect(
        (await inject('POST', `/v1/access-codes/${u1Maintenance.id}/reveal`, 'technician')).statusCode,
      ).toBe(404);
      expect((await inject('POST', `/v1/access-codes/${u1Maintenance.id}/reveal`, 'tenant')).statusCode).toBe(
        403,
      );
    });
  });

  describe('primary codes', () => {
    it('lets the tenant set and change their primary; the old one stays active until the worker confirms the new', async () => {
      const first = await inject('POST', `/v1/units/${fx.units.u1.id}/primary-code`, 'tenant', {
        code: '580364',
      });
      expect(first.statusCode, first.body).toBe(201);
      const a = first.json<Issued>();
      expect(a.code).toBe('580364');
      expect(a.accessCode).toMatchObject({
        kind: 'primary',
        schedule: { kind: 'always' },
        holderUserId: fx.users.tenant.user.id,
        targets: [expect.objectContaining({ lockId: fx.locks.l1.id, slot: 1, status: 'scheduled' })],
      });
      const second = await inject('POST', `/v1/units/${fx.units.u1.id}/primary-code`, 'tenant', {});
      expect(second.statusCode, second.body).toBe(201);
      const b = second.json<Issued>();
      expect(b.code).toMatch(/^\d{6}$/);
      expect(b.accessCode.supersedesId).toBe(a.accessCode.id);
      const old = await inject('GET', `/v1/access-codes/${a.accessCode.id}`, 'tenant');
      expect(old.json<Code>().state).toBe('active');
      expect(await outboxOf(b.accessCode.id)).toEqual([
        expect.objectContaining({ name: 'access_code.created' }),
      ]);

      const revealed = await inject('POST', `/v1/access-codes/${b.accessCode.id}/reveal`, 'tenant');
      expect(revealed.json<{ code: string }>().code).toBe(b.code);

      const revoke = await inject('POST', `/v1/access-codes/${b.accessCode.id}/revoke`);
      expect(revoke.statusCode).toBe(409);
      expect(revoke.json<Problem>().detail).toMatch(/primary code cannot be revoked/);

      expect(
        (await inject('POST', `/v1/units/${fx.units.u2.id}/primary-code`, 'tenant', {})).statusCode,
      ).toBe(404);
      expect(
        (await inject('POST', `/v1/units/${fx.units.u1.id}/primary-code`, 'technician', {})).statusCode,
      ).toBe(403);
    });

    it('refuses a primary that conflicts at button level with a code that can be on the lock', async () => {
      const { unit } = await wideUnit(fx.properties.p1.id);
      const start = Date.now() + 3 * DAY;
      expect(
        (
          await issue(unit.id, {
            label: 'Window fitter',
            code: '817263',
            schedule: once(start, start + HOUR),
          })
        ).statusCode,
      ).toBe(201);
      const res = await inject('POST', `/v1/units/${unit.id}/primary-code`, 'owner', { code: '718254' });
      expect(res.statusCode).toBe(409);
      expect(res.json<Problem>().problems?.[0]).toMatchObject({ code: 'conflict_equal' });
    });
  });

  describe('revoking and extending', () => {
    it('revokes early: state, time and who, with a reconcile job and the event', async () => {
      const start = Date.now() + 35 * DAY;
      const { accessCode } = (
        await issue(wide.unit.id, { code: '817263', schedule: once(start, start + HOUR) })
      ).json<Issued>();
      const jobsBefore = (await reconcileJobs(wide.lock.id))[0]?.n ?? 0;
      expect((await inject('POST', `/v1/access-codes/${accessCode.id}/revoke`, 'tenant')).statusCode).toBe(
        403,
      );
      const res = await inject('POST', `/v1/access-codes/${accessCode.id}/revoke`, 'manager');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Code>()).toMatchObject({ state: 'revoked', revokedById: fx.users.manager.user.id });
      expect(res.json<Code>().revokedAt).not.toBeNull();
      expect((await outboxOf(accessCode.id)).map((r) => r.name)).toEqual([
        'access_code.created',
        'access_code.revoked',
      ]);
      expect((await reconcileJobs(wide.lock.id))[0]?.n).toBe(jobsBefore + 1);
      expect((await inject('POST', `/v1/access-codes/${accessCode.id}/revoke`)).statusCode).toBe(409);
    });

    it('extends with If-Match, re-planned against the other codes on its slot', async () => {
      const unit = await createUnit(t.database.db, fx.organization.id, fx.properties.p1.id);
      await createLock(t.database.db, fx.organization.id, fx.properties.p1.id, unit.id);
      const start = Date.now() + 45 * DAY;
      const a = (
        await issue(unit.id, { label: 'A', code: '817263', schedule: once(start, start + HOUR) })
      ).json<Issued>().accessCode;
      const b = (
        await issue(unit.id, {
          label: 'B',
          code: '372819',
          schedule: once(start + 3 * HOUR, start + 4 * HOUR),
        })
      ).json<Issued>().accessCode;
      const url = `/v1/access-codes/${a.id}`;
      expect((await inject('PATCH', url, 'owner', { label: 'A2' })).statusCode).toBe(428);
      expect((await inject('PATCH', url, 'owner', { label: 'A2' }, { 'if-match': '"7"' })).statusCode).toBe(
        412,
      );
      const earlier = await inject(
        'PATCH',
        url,
        'owner',
        { endsAt: new Date(start + HOUR / 2).toISOString() },
        { 'if-match': '"1"' },
      );
      expect(earlier.statusCode).toBe(422);
      expect(earlier.json<Problem>().errors?.[0]?.field).toBe('endsAt');

      const clash = await inject(
        'PATCH',
        url,
        'owner',
        { endsAt: new Date(start + 3.5 * HOUR).toISOString() },
        { 'if-match': '"1"' },
      );
      expect(clash.statusCode).toBe(409);
      expect(clash.json<Problem>().problems?.[0]?.conflictsWith?.[0]).toMatchObject({
        codeId: b.id,
        label: 'B',
      });

      const extended = await inject(
        'PATCH',
        url,
        'owner',
        { endsAt: new Date(start + 2 * HOUR).toISOString(), label: 'A2', maxUses: 3 },
        { 'if-match': '"1"' },
      );
      expect(extended.statusCode, extended.body).toBe(200);
      expect(extended.headers.etag).toBe('"2"');
      expect(extended.json<Code>()).toMatchObject({
        label: 'A2',
        maxUses: 3,
        version: 2,
        schedule: { kind: 'once', endsAt: new Date(start + 2 * HOUR).toISOString() },
      });
      expect((await outboxOf(a.id)).map((r) => r.name)).toEqual([
        'access_code.created',
        'access_code.updated',
      ]);
    });
  });

  describe('commissioning key exchange', () => {
    it('stores the public key and the sealed fingerprint key given at commissioning', async () => {
      const lock = await createLock(t.database.db, fx.organization.id, fx.properties.p1.id, fx.units.u2.id);
      const { publicKey } = generateDeviceKeyPair();
      const fingerprintKey = generateFingerprintKey();
      const onlyOne = await inject('POST', `/v1/locks/${lock.id}/commission`, 'owner', { publicKey });
      expect(onlyOne.statusCode).toBe(400);
      expect(onlyOne.json<Problem>().errors?.[0]?.field).toBe('fingerprintKey');
      const bad = await inject('POST', `/v1/locks/${lock.id}/commission`, 'owner', {
        publicKey: 'short',
        fingerprintKey,
      });
      expect(bad.json<Problem>().errors?.[0]?.field).toBe('publicKey');

      const res = await inject('POST', `/v1/locks/${lock.id}/commission`, 'owner', {
        publicKey,
        fingerprintKey,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(
        res.json<{ lock: { device: { publicKey: string; hasFingerprintKey: boolean } } }>().lock.device,
      ).toMatchObject({
        publicKey,
        hasFingerprintKey: true,
      });
      expect(res.body).not.toContain(fingerprintKey);
      const device = await t.database.db.device.findUniqueOrThrow({ where: { lockId: lock.id } });
      expect(device.publicKey).toBe(publicKey);
      expect(device.keyId).toBe('t1');
      expect(Buffer.from(device.fingerprintKeySealed ?? []).toString('base64url')).not.toContain(
        fingerprintKey,
      );
      expect(
        t.sealer
          .openDeviceKey(device.fingerprintKeySealed ?? new Uint8Array(), device.keyId ?? '')
          .toString('base64url'),
      ).toBe(fingerprintKey);
    });

    it('sets the keys later for a lock commissioned without them, once', async () => {
      const lock = await createLock(t.database.db, fx.organization.id, fx.properties.p1.id, fx.units.u2.id, {
        commissioned: true,
      });
      const keys = { publicKey: generateDeviceKeyPair().publicKey, fingerprintKey: generateFingerprintKey() };
      const url = `/v1/locks/${lock.id}/device-keys`;
      const first = await inject('PUT', url, 'manager', keys);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json<{ device: { publicKey: string } }>().device.publicKey).toBe(keys.publicKey);
      expect((await reconcileJobs(lock.id))[0]?.n).toBe(1);
      expect((await inject('PUT', url, 'manager', keys)).statusCode).toBe(200);
      const other = await inject('PUT', url, 'manager', {
        ...keys,
        fingerprintKey: generateFingerprintKey(),
      });
      expect(other.statusCode).toBe(409);
      const registered = await createLock(
        t.database.db,
        fx.organization.id,
        fx.properties.p1.id,
        fx.units.u2.id,
      );
      expect(
        (await inject('PUT', `/v1/locks/${registered.id}/device-keys`, 'manager', keys)).statusCode,
      ).toBe(409);
      expect((await inject('PUT', url, 'technician', keys)).statusCode).toBe(403);
    });
  });

  describe('canary', () => {
    it('shows a known PIN only in the create and reveal responses: not in reads, audit, outbox, idempotency store or logs', async () => {
      const PIN = '86420975';
      const { unit } = await wideUnit(fx.properties.p1.id);
      const start = Date.now() + 50 * DAY;
      const created = await inject(
        'POST',
        `/v1/units/${unit.id}/access-codes`,
        'owner',
        { kind: 'guest', label: 'Canary', code: PIN, schedule: once(start, start + HOUR) },
        { 'idempotency-key': `canary-${unit.id}` },
      );
      expect(created.statusCode, created.body).toBe(201);
      expect(created.body).toContain(PIN);
      const id = created.json<Issued>().accessCode.id;
      const replay = await inject(
        'POST',
        `/v1/units/${unit.id}/access-codes`,
        'owner',
        { kind: 'guest', label: 'Canary', code: PIN, schedule: once(start, start + HOUR) },
        { 'idempotency-key': `canary-${unit.id}` },
      );
      expect(replay.headers['idempotent-replayed']).toBe('secrets-withheld');
      const revealed = await inject('POST', `/v1/access-codes/${id}/reveal`);
      expect(revealed.body).toContain(PIN);
      const conflict = await inject('POST', `/v1/units/${unit.id}/access-codes`, 'owner', {
        kind: 'guest',
        label: 'Clash',
        code: '75319075',
        schedule: once(start, start + HOUR),
      });
      expect(conflict.statusCode).toBe(409);
      const patched = await inject(
        'PATCH',
        `/v1/access-codes/${id}`,
        'owner',
        { label: 'Canary 2' },
        { 'if-match': '"1"' },
      );
      expect(patched.statusCode).toBe(200);

      const reads = [
        replay,
        conflict,
        patched,
        await inject('GET', '/v1/access-codes?limit=200'),
        await inject('GET', `/v1/access-codes/${id}`),
        await inject('GET', `/v1/access-codes/${id}/transitions`),
        await inject('GET', `/v1/units/${unit.id}/access-codes?from=${new Date(start - DAY).toISOString()}`),
        await inject('GET', '/v1/audit-entries?limit=200'),
        await inject('POST', `/v1/access-codes/${id}/revoke`),
      ];
      for (const res of reads) {
        expect(res.statusCode, res.body).toBeLessThan(410);
        expect(res.body).not.toContain(PIN);
      }
      const db = t.database.db;
      const tables = await db.$queryRawUnsafe<
        { audit: string; outbox: string; idem: string; codes: string }[]
      >(
        `SELECT (SELECT coalesce(string_agg(t::text, ''), '') FROM audit_log t) AS audit,
                (SELECT coalesce(string_agg(t::text, ''), '') FROM outbox t) AS outbox,
                (SELECT coalesce(string_agg(t::text, ''), '') FROM idempotency_records t) AS idem,
                (SELECT coalesce(string_agg(t.code_hint || t.label, ''), '') FROM access_codes t) AS codes`,
      );
      const [dump] = tables;
      expect(dump?.audit).toContain(id);
      expect(dump?.outbox).toContain(id);
      for (const text of [dump?.audit, dump?.outbox, dump?.idem, dump?.codes])
        expect(text).not.toContain(PIN);
      expect(logLines.length).toBeGreaterThan(10);
      expect(logLines.join('')).not.toContain(PIN);
    });
  });
});
