import { type OpenAPIObject } from '@nestjs/swagger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createLock,
  createLockEvent,
  createOrganizationFixture,
  createProperty,
  type OrganizationFixture,
} from './factories.js';
import { startTestApp, type TestApp } from './test-app.js';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: { field: string; message: string }[];
}
type Page = { items: { id: string }[]; nextCursor: string | null };
type Schema = {
  type?: string | string[];
  enum?: unknown[];
  $ref?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
};

describe('API conventions', () => {
  let t: TestApp;
  let fx: OrganizationFixture;
  let document: OpenAPIObject;
  const owner = () => authHeaders(fx, 'owner');

  beforeAll(async () => {
    t = await startTestApp('conventions', { METRICS_TOKEN });
    fx = await createOrganizationFixture(t.database.db, 'conv');
    document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenAPIObject>();
  });
  afterAll(async () => {
    await t?.close();
  });

  const property = (name: string) => ({
    name,
    addressLine1: '5 Canal Street',
    city: 'Manchester',
    postalCode: 'M1 3HE',
    country: 'GB',
    timeZone: 'Europe/London',
  });

  describe('body validation, for every operation that takes a body', () => {
    const params = (): Record<string, string> => ({
      organizationId: fx.organization.id,
      memberId: fx.users.technician.membership.id,
      invitationId: '00000000-0000-7000-8000-000000000000',
      apiKeyId: fx.apiKey.id,
      propertyId: fx.properties.p1.id,
      unitId: fx.units.u1.id,
      tenancyId: fx.tenancy.id,
      lockId: fx.locks.l2.id,
      accessCodeId: fx.code.id,
    });
    const resolve = (schema: Schema | undefined): Schema | undefined => {
      if (!schema?.$ref) return schema;
      const name = schema.$ref.split('/').at(-1) ?? '';
      return document.components?.schemas?.[name] ?? schema;
    };
    const wrongValue = (schema: Schema): unknown => {
      const s = resolve(schema.allOf?.[0] ?? schema) ?? {};
      if (s.enum) return '__not_one_of_them__';
      const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
      switch (type) {
        case 'string':
          return 12345;
        case 'integer':
        case 'number':
          return 'many';
        case 'boolean':
          return 'maybe';
        case 'array':
          return 'not-a-list';
        default:
          return 'not-an-object';
      }
    };
    const bodies = () =>
      Object.entries(document.paths).flatMap(([path, item]) =>
        (['post', 'patch', 'put'] as const).flatMap((method) => {
          const op = item[method];
          const ref = (op?.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
            ?.content?.['application/json']?.schema;
          return op && ref ? [{ path, method, op, schema: resolve(ref) ?? {} }] : [];
        }),
      );
    const send = (path: string, method: string, payload: unknown) => {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => params()[name] ?? name);
      return t.app.inject({
        method: method.toUpperCase() as 'POST',
        url,
        headers: { ...owner(), 'if-match': '"1"' },
        payload: payload as Record<string, unknown>,
      });
    };

    it('covers the operations with bodies', () => {
      expect(bodies().length).toBeGreaterThanOrEqual(15);
    });

    it('refuses unknown fields, naming them', async () => {
      for (const { path, method } of bodies()) {
        const res = await send(path, method, { unexpectedField: true });
        expect(res.statusCode, `${method} ${path}`).toBe(400);
        const problem = res.json<Problem>();
        expect(problem.type).toMatch(/validation-failed$/);
        expect(
          problem.errors?.map((e) => e.field),
          `${method} ${path}`,
        ).toContain('unexpectedField');
      }
    });

    it('names every missing required field', async () => {
      for (const { path, method, schema } of bodies()) {
        if (!schema.required?.length) continue;
        const res = await send(path, method, {});
        expect(res.statusCode, `${method} ${path}`).toBe(400);
        const fields = res.json<Problem>().errors?.map((e) => e.field) ?? [];
        expect(fields, `${method} ${path}`).toEqual(expect.arrayContaining(schema.required));
      }
    });

    it('names each field given a value of the wrong type', async () => {
      let checked = 0;
      for (const { path, method, schema } of bodies()) {
        for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
          const res = await send(path, method, { [field]: wrongValue(fieldSchema) });
          expect(res.statusCode, `${method} ${path} ${field}`).toBe(400);
          const problem = res.json<Problem>();
          expect(
            problem.errors?.map((e) => e.field),
            `${method} ${path} ${field}: ${res.body}`,
          ).toContain(field);
          expect(res.body).not.toMatch(/\bat .+:\d+:\d+/);
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(40);
    });

    it('refuses a body that is not JSON', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/properties',
        headers: { ...owner(), 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    });

    it('refuses a body of another media type with 415', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/properties',
        headers: { ...owner(), 'content-type': 'text/plain' },
        payload: JSON.stringify(property('Plain text')),
      });
      expect(res.statusCode).toBe(415);
      expect(await t.database.db.property.count({ where: { name: 'Plain text' } })).toBe(0);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    });

    it('checks values, not only types: time zones, countries, dates, references', async () => {
      const cases: [string, string, Record<string, unknown>, string][] = [
        [
          'POST',
          '/v1/properties',
          property('Bad zone') && { ...property('Bad zone'), timeZone: 'Mars/Olympus' },
          'timeZone',
        ],
        ['POST', '/v1/properties', { ...property('Offset'), timeZone: '+01:00' }, 'timeZone'],
        ['POST', '/v1/properties', { ...property('Bad country'), country: 'XX' }, 'country'],
        [
          'POST',
          '/v1/tenancies',
          { unitId: fx.units.u1.id, userId: fx.users.tenant.user.id, startsOn: '2026-02-30' },
          'startsOn',
        ],
        [
          'POST',
          '/v1/tenancies',
          {
            unitId: fx.units.u1.id,
            userId: fx.users.tenant.user.id,
            startsOn: '2026-05-01',
            endsOn: '2026-04-01',
          },
          'endsOn',
        ],
        [
          'POST',
          '/v1/locks',
          { propertyId: fx.properties.p1.id, name: 'x', serial: 'SER-1', model: 'no-such-model' },
          'model',
        ],
        [
          'POST',
          '/v1/locks',
          { propertyId: fx.properties.p1.id, name: 'x', serial: 'a b', model: 'lockstep-db2' },
          'serial',
        ],
        [
          'POST',
          '/v1/locks',
          {
            propertyId: fx.properties.p2.id,
            unitId: fx.units.u1.id,
            name: 'x',
            serial: 'SER-2',
            model: 'lockstep-db2',
          },
          'unitId',
        ],
        ['PATCH', `/v1/properties/${fx.properties.p1.id}`, { name: null }, 'name'],
      ];
      for (const [method, url, payload, field] of cases) {
        const res = await t.app.inject({
          method: method as 'POST',
          url,
          headers: { ...owner(), 'if-match': '"1"' },
          payload,
        });
        expect(res.statusCode, `${url} ${field}`).toBe(400);
        expect(
          res.json<Problem>().errors?.map((e) => e.field),
          res.body,
        ).toContain(field);
      }
      const unknownProperty = await t.app.inject({
        method: 'POST',
        url: '/v1/units',
        headers: owner(),
        payload: { propertyId: '00000000-0000-7000-8000-000000000000', name: 'Ghost' },
      });
      expect(unknownProperty.statusCode).toBe(404);
      expect(unknownProperty.json<Problem>().errors?.[0]?.field).toBe('propertyId');
    });

    it('answers a malformed id with 400 naming the parameter', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/v1/locks/not-a-uuid', headers: owner() });
      expect(res.statusCode).toBe(400);
      expect(res.json<Problem>().errors?.[0]?.field).toBe('lockId');
    });

    it('answers a duplicate with 409 naming the field', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/locks',
        headers: owner(),
        payload: {
          propertyId: fx.properties.p1.id,
          name: 'Dup',
          serial: fx.locks.l1.serial,
          model: 'lockstep-db2',
        },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json<Problem>().errors?.[0]?.field).toBe('serial');
    });
  });

  describe('problem documents', () => {
    it('carry type, title, status, detail, instance and the request id, and never a stack', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/units/${fx.properties.p1.id}`,
        headers: owner(),
      });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json<Problem>();
      expect(problem).toMatchObject({
        status: 404,
        title: 'Not found',
        instance: `/v1/units/${fx.properties.p1.id}`,
      });
      expect(problem.type).toBe('https://lockstep.dev/problems/not-found');
      expect(problem.requestId).toBe(res.headers['x-request-id']);
      expect(Object.keys(problem)).not.toContain('stack');
    });

    it('refuses deleting a property that still has units with 409', async () => {
      const res = await t.app.inject({
        method: 'DELETE',
        url: `/v1/properties/${fx.properties.p2.id}`,
        headers: owner(),
      });
      expect(res.statusCode).toBe(409);
    });
  });

  describe('cursor pagination', () => {
    it('walks every property once, page by page', async () => {
      for (let i = 0; i < 5; i += 1) await createProperty(t.database.db, fx.organization.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { json<T>(): T } = await t.app.inject({
          method: 'GET',
          url: `/v1/properties?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          headers: owner(),
        });
        const page: Page = res.json<Page>();
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor);
      const all = await t.database.db.property.count({ where: { organizationId: fx.organization.id } });
      expect(seen).toHaveLength(all);
      expect(new Set(seen).size).toBe(all);
      expect(pages).toBe(Math.ceil(all / 2));
    });

    it('orders lock events newest first and keeps ties stable across pages', async () => {
      const lock = await createLock(t.database.db, fx.organization.id, fx.properties.p1.id, fx.units.u1.id);
      const at = new Date('2026-10-10T10:10:10Z');
      const created = [];
      for (let i = 0; i < 5; i += 1)
        created.push(await createLockEvent(t.database.db, fx.organization.id, lock, at));
      created.push(
        await createLockEvent(t.database.db, fx.organization.id, lock, new Date('2026-10-11T00:00:00Z')),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { json<T>(): T } = await t.app.inject({
          method: 'GET',
          url: `/v1/lock-events?lockId=${lock.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          headers: owner(),
        });
        const page: Page = res.json<Page>();
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen[0]).toBe(created[5]?.id);
      expect(new Set(seen).size).toBe(6);
    });

    it('refuses bad limits and cursors, naming them', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['limit=ten', 'limit'],
        ['cursor=%%%', 'cursor'],
        ['cursor=eyJmb28iOjF9', 'cursor'],
      ] as const) {
        const res = await t.app.inject({ method: 'GET', url: `/v1/locks?${query}`, headers: owner() });
        expect(res.statusCode, query).toBe(400);
        expect(res.json<Problem>().errors?.map((e) => e.field)).toContain(field);
      }
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first result for a retried create and creates one row and one audit entry', async () => {
      const headers = { ...owner(), 'idempotency-key': 'create-property-1' };
      const first = await t.app.inject({
        method: 'POST',
        url: '/v1/properties',
        headers,
        payload: property('Retry Row'),
      });
      const second = await t.app.inject({
        method: 'POST',
        url: '/v1/properties',
        headers,
        payload: property('Retry Row'),
      });
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
      expect(await t.database.db.property.count({ where: { name: 'Retry Row' } })).toBe(1);
      expect(
        await t.database.db.auditLog.count({
          where: { action: 'property.created', resourceId: first.json<{ id: string }>().id },
        }),
      ).toBe(1);
    });

    it('refuses the same key with a different body, and keeps keys apart per caller', async () => {
      const headers = { ...owner(), 'idempotency-key': 'create-property-2' };
      expect(
        (await t.app.inject({ method: 'POST', url: '/v1/properties', headers, payload: property('K2') }))
          .statusCode,
      ).toBe(201);
      const reused = await t.app.inject({
        method: 'POST',
        url: '/v1/properties',
        headers,
        payload: property('K2 other'),
      });
      expect(reused.statusCode).toBe(422);
      expect(reused.json<Problem>().type).toMatch(/idempotency-key-reused$/);
      const otherCaller = await t.app.inject({
        method: 'POST',
        url: '/v1/properties',
        headers: { ...authHeaders(fx, 'manager'), 'idempotency-key': 'create-property-2' },
        payload: property('K2 by manager'),
      });
      expect(otherCaller.statusCode).toBe(201);
    });

    it('does not store failures, so a corrected retry with the same key goes through', async () => {
      const headers = { ...owner(), 'idempotency-key': 'create-property-3' };
      const bad = await t.app.inject({
        method: 'POST',
        url: '/v1/properties',
        headers,
        payload: { ...property('K3'), timeZone: 'Nowhere/Land' },
      });
      expect(bad.statusCode).toBe(400);
      const good = await t.app.inject({
        method: 'POST',
        url: '/v1/properties',
        headers,
        payload: property('K3'),
      });
      expect(good.statusCode).toBe(201);
    });

    it('withholds secrets on replay: they are shown once and never stored in clear', async () => {
      const headers = { ...owner(), 'idempotency-key': 'create-key-1' };
      const first = await t.app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers,
        payload: { name: 'once' },
      });
      const replay = await t.app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers,
        payload: { name: 'once' },
      });
      const key = first.json<{ key: string }>().key;
      expect(key).toMatch(/^lsk_/);
      expect(replay.json<{ key: string | null; apiKey: { id: string } }>()).toMatchObject({
        key: null,
        apiKey: { id: first.json<{ apiKey: { id: string } }>().apiKey.id },
      });
      expect(replay.headers['idempotent-replayed']).toBe('secrets-withheld');
      const records = await t.database.db.idempotencyRecord.findMany();
      expect(JSON.stringify(records)).not.toContain(key);

      const lock = await createLock(t.database.db, fx.organization.id, fx.properties.p1.id, fx.units.u1.id);
      const commissionHeaders = { ...owner(), 'idempotency-key': 'commission-1' };
      const c1 = await t.app.inject({
        method: 'POST',
        url: `/v1/locks/${lock.id}/commission`,
        headers: commissionHeaders,
      });
      const c2 = await t.app.inject({
        method: 'POST',
        url: `/v1/locks/${lock.id}/commission`,
        headers: commissionHeaders,
      });
      expect(c1.statusCode).toBe(200);
      expect(c2.statusCode).toBe(200);
      const password = c1.json<{ credentials: { password: string } }>().credentials.password;
      expect(
        c2.json<{ credentials: { password: string | null; deviceId: string } }>().credentials,
      ).toMatchObject({
        password: null,
        deviceId: c1.json<{ credentials: { deviceId: string } }>().credentials.deviceId,
      });
      expect(JSON.stringify(await t.database.db.idempotencyRecord.findMany())).not.toContain(password);
    });

    it('refuses a malformed key', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/properties',
        headers: { ...owner(), 'idempotency-key': 'x'.repeat(300) },
        payload: property('Long key'),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json<Problem>().errors?.[0]?.field).toBe('Idempotency-Key');
    });
  });

  describe('optimistic concurrency', () => {
    it('sends ETags and requires a current If-Match on updates', async () => {
      const created = await createProperty(t.database.db, fx.organization.id);
      const url = `/v1/properties/${created.id}`;
      const read = await t.app.inject({ method: 'GET', url, headers: owner() });
      expect(read.headers.etag).toBe('"1"');
      const missing = await t.app.inject({
        method: 'PATCH',
        url,
        headers: owner(),
        payload: { city: 'Bristol' },
      });
      expect(missing.statusCode).toBe(428);
      const stale = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...owner(), 'if-match': '"0"' },
        payload: { city: 'Bristol' },
      });
      expect(stale.statusCode).toBe(412);
      expect(stale.json<{ currentVersion: number }>().currentVersion).toBe(1);
      const ok = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...owner(), 'if-match': '"1"' },
        payload: { city: 'Bristol' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers.etag).toBe('"2"');
      const lost = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...owner(), 'if-match': '"1"' },
        payload: { city: 'Bath' },
      });
      expect(lost.statusCode).toBe(412);
      const garbage = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...owner(), 'if-match': 'banana' },
        payload: {},
      });
      expect(garbage.statusCode).toBe(400);
    });
  });

  describe('audit log', () => {
    it('records who, as which role, what, before and after, when and from where', async () => {
      const created = await createProperty(t.database.db, fx.organization.id);
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/v1/properties/${created.id}`,
        headers: { ...authHeaders(fx, 'manager'), 'if-match': '"1"', 'user-agent': 'audit-test/1.0' },
        payload: { city: 'York' },
      });
      expect(res.statusCode).toBe(200);
      const list = await t.app.inject({
        method: 'GET',
        url: `/v1/audit-entries?resourceId=${created.id}&action=property.updated`,
        headers: owner(),
      });
      const [entry] = list.json<{ items: Record<string, unknown>[] }>().items;
      expect(entry).toMatchObject({
        action: 'property.updated',
        resourceType: 'property',
        actorUserId: fx.users.manager.user.id,
        actorRole: 'manager',
        before: expect.objectContaining({ city: 'Testville', version: 1 }) as unknown,
        after: expect.objectContaining({ city: 'York', version: 2 }) as unknown,
        ip: '127.0.0.1',
        userAgent: 'audit-test/1.0',
        requestId: res.headers['x-request-id'],
      });
    });

    it('is append-only in the database', async () => {
      await expect(t.database.db.$executeRawUnsafe('UPDATE audit_log SET action = action')).rejects.toThrow();
      await expect(t.database.db.$executeRawUnsafe('DELETE FROM audit_log')).rejects.toThrow();
    });
  });

  describe('documents and metrics', () => {
    it('serves OpenAPI 3.1 at /openapi.json and the UI at /docs', async () => {
      expect(document.openapi).toBe('3.1.0');
      const docs = await t.app.inject({ method: 'GET', url: '/docs' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-type']).toMatch(/text\/html/);
    });

    it('serves Prometheus metrics to the bearer of the metrics token', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      const res = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('lockstep_api_http_request_duration_seconds_bucket');
      expect(res.body).toMatch(/route="\/v1\/properties\/:propertyId"/);
    });
  });
});
