import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServerUrl } from '@lockstep/db/testing';
import { arrayLiteral, unnestLiterals } from './array-literals.js';

describe('array literals: what Postgres reads back is what was written', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: testServerUrl() });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  const readText = async (literal: string) =>
    (await client.query<{ a: (string | null)[] }>('SELECT $1::text[] AS a', [literal])).rows[0]?.a;

  it('any text (quotes, backslashes, braces, commas, spaces, "NULL", empty, unicode) and null', async () => {
    // Postgres text cannot hold U+0000.
    const text = fc
      .oneof(
        fc.string({ unit: 'grapheme' }),
        fc.constantFrom('', 'NULL', 'null', ' a ', '{}', '"', '\\', '\\"', 'a,b', '{"x":1}'),
      )
      .filter((s) => !s.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 20 }), async (values) => {
        expect(await readText(arrayLiteral(values, (v) => v, false))).toEqual(values);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers and nulls, as int and float8', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 }), { nil: null })),
        fc.array(fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null })),
        async (ints, floats) => {
          const { rows } = await client.query<{ i: (number | null)[]; f: (number | null)[] }>(
            'SELECT $1::int[] AS i, $2::float8[] AS f',
            [arrayLiteral(ints, (v) => v, true), arrayLiteral(floats, (v) => v, true)],
          );
          expect(rows[0]?.i).toEqual(ints);
          // -0 reads back as 0 through node-postgres' float parser; compare by value.
          expect(rows[0]?.f.map((v) => (v === null ? null : v + 0))).toEqual(
            floats.map((v) => (v === null ? null : v + 0)),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('unnestLiterals: one array parameter per column, rows zipped back by unnest()', async () => {
    const rows = [
      { id: 'a"b', n: 1, j: { k: 'v "q" \\' } },
      { id: 'NULL', n: null, j: {} },
    ];
    const { source, values } = unnestLiterals(rows, [
      ['id', 'text', (r) => r.id],
      ['n', 'int', (r) => r.n],
      ['j', 'jsonb', (r) => JSON.stringify(r.j)],
    ]);
    expect(source).toBe('unnest($1::text[], $2::int[], $3::jsonb[]) AS v(id, n, j)');
    const result = await client.query(`SELECT v.id, v.n, v.j FROM ${source}`, values);
    expect(result.rows).toEqual([
      { id: 'a"b', n: 1, j: { k: 'v "q" \\' } },
      { id: 'NULL', n: null, j: {} },
    ]);
  });
});
