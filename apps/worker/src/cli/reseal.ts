import { codeSealerFromConfig, type TCodeSealer } from '@lockstep/access-codes';
import { codeKeysShape, commonShape, ConfigError, databaseShape, loadConfig } from '@lockstep/config';
import pg from 'pg';
import { z } from 'zod';

export interface TResealReport {
  codes: number;
  deviceKeys: number;
}

/**
 * Key rotation (issue #7): moves every sealed access code and device fingerprint key that is not under
 * the active data key to it, in batches, each batch one transaction. Rows already under the active key
 * are never touched, so the run is idempotent and can be interrupted and repeated. Every moved value is
 * opened first (a row that does not authenticate stops the run and names the row, never its content).
 */
export async function resealAll(
  pool: pg.Pool,
  sealer: TCodeSealer,
  options: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<TResealReport> {
  const batchSize = options.batchSize ?? 500;
  const report: TResealReport = { codes: 0, deviceKeys: 0 };
  const tables = [
    {
      key: 'codes',
      table: 'access_codes',
      column: 'code_sealed',
      id: 'id::text',
      reseal: (sealed: Buffer, keyId: string) => sealer.reseal(sealed, keyId),
    },
    {
      key: 'deviceKeys',
      table: 'devices',
      column: 'fingerprint_key_sealed',
      id: 'id',
      reseal: (sealed: Buffer, keyId: string) => sealer.resealDeviceKey(sealed, keyId),
    },
  ] as const;
  for (const spec of tables) {
    for (;;) {
      const client = await pool.connect();
      let moved: number;
      try {
        await client.query('BEGIN');
        const rows = await client.query<{ id: string; sealed: Buffer; key_id: string }>(
          `SELECT ${spec.id} AS id, ${spec.column} AS sealed, key_id FROM ${spec.table}
           WHERE ${spec.column} IS NOT NULL AND key_id IS DISTINCT FROM $1
           ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [sealer.activeKeyId, batchSize],
        );
        const ids: string[] = [];
        const values: Buffer[] = [];
        for (const row of rows.rows) {
          try {
            const next = spec.reseal(row.sealed, row.key_id);
            ids.push(row.id);
            values.push(next.sealed);
          } catch (error) {
            throw new Error(
              `${spec.table} ${row.id} (key ${row.key_id}) did not open: ${error instanceof Error ? error.message : 'error'}`,
              { cause: error },
            );
          }
        }
        if (ids.length > 0) {
          await client.query(
            `UPDATE ${spec.table} t SET ${spec.column} = x.sealed, key_id = $3, updated_at = now()
             FROM unnest($1::text[], $2::bytea[]) AS x(id, sealed) WHERE t.id::text = x.id`,
            [ids, values, sealer.activeKeyId],
          );
        }
        await client.query('COMMIT');
        moved = ids.length;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      report[spec.key] += moved;
      if (moved > 0) options.log?.(`${spec.table}: ${report[spec.key]} resealed`);
      if (moved < batchSize) break;
    }
  }
  return report;
}

const ZResealConfigSchema = z.object({ ...commonShape, ...databaseShape, ...codeKeysShape });

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig('codes:reseal', ZResealConfigSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const sealer = codeSealerFromConfig({ keyRing: config.CODE_KEYS, activeKeyId: config.CODE_ACTIVE_KEY_ID });
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: 2,
    application_name: 'lockstep-reseal',
  });
  try {
    const report = await resealAll(pool, sealer, { log: (line) => console.log(`codes:reseal: ${line}`) });
    console.log(
      `codes:reseal: done — ${report.codes} access code(s) and ${report.deviceKeys} device key(s) moved to key ${sealer.activeKeyId}`,
    );
  } finally {
    await pool.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error('codes:reseal: failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
