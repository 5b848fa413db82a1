import type pg from 'pg';

/** What the cloud stored about a lock, read straight from Postgres (things the API does not show). */
export async function isOnline(pool: pg.Pool, lockId: string): Promise<boolean> {
  const r = await pool.query<{ online: boolean }>(`SELECT online FROM devices WHERE lock_id = $1`, [lockId]);
  return r.rows[0]?.online === true;
}

export interface TCommandRow {
  id: string;
  type: string;
  slot: number | null;
  status: string;
  access_code_id: string | null;
}

export async function commandsById(pool: pg.Pool, ids: readonly string[]): Promise<TCommandRow[]> {
  const r = await pool.query<TCommandRow>(
    `SELECT id, type, slot, status, access_code_id FROM commands WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(r.rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** Every alert raised for the lock, open or already resolved. */
export async function alertsOf(pool: pg.Pool, lockId: string): Promise<{ type: string; status: string }[]> {
  const r = await pool.query<{ type: string; status: string }>(
    `SELECT type, status::text FROM alerts WHERE lock_id = $1 ORDER BY opened_at`,
    [lockId],
  );
  return r.rows;
}

export async function openAlerts(
  pool: pg.Pool,
  lockId: string,
): Promise<{ type: string; severity: string }[]> {
  const r = await pool.query<{ type: string; severity: string }>(
    `SELECT type, severity::text FROM alerts WHERE lock_id = $1 AND status = 'open' ORDER BY opened_at`,
    [lockId],
  );
  return r.rows;
}

/** Slot fingerprints the lock last reported (index = slot - 1, null = empty). */
export async function reportedSlots(pool: pg.Pool, lockId: string): Promise<(string | null)[] | undefined> {
  const r = await pool.query<{ slots: (string | null)[] }>(
    `SELECT slots FROM lock_reported_states WHERE lock_id = $1`,
    [lockId],
  );
  return r.rows[0]?.slots;
}
