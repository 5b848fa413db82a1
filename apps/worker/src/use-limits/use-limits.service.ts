import { enqueueInOutbox, type TOutboxJob } from '@lockstep/queue';
import type pg from 'pg';
import { type Clock } from '../observability/clock.js';
import { type Logger } from '../observability/logger.js';
import { outboxJobs } from '../queues/outbox-jobs.js';

export type TUseLimitResult =
  { kind: 'no_limit' } | { kind: 'counted'; uses: number } | { kind: 'revoked'; uses: number };

/**
 * Use limits (issue #7): a code limited to N entries is revoked at once after its Nth unlock. The count
 * comes from the stored unlock events themselves (lock_events, deduplicated by the gateway), never from
 * a counter bumped per delivery, so a redelivered event cannot count twice.
 */
export class UseLimitService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onCommitted: () => void = () => undefined,
  ) {}

  async unlocked(accessCodeId: string): Promise<TUseLimitResult> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const code = (
        await client.query<{
          organization_id: string;
          max_uses: number | null;
          state: string;
          use_count: number;
        }>(
          `SELECT organization_id::text, max_uses, state::text AS state, use_count FROM access_codes
           WHERE id = $1::uuid FOR NO KEY UPDATE`,
          [accessCodeId],
        )
      ).rows[0];
      if (!code || code.max_uses === null) {
        await client.query('COMMIT');
        return { kind: 'no_limit' };
      }
      const uses = Number(
        (
          await client.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM lock_events WHERE access_code_id = $1::uuid AND type = 'unlocked'`,
            [accessCodeId],
          )
        ).rows[0]?.n ?? 0,
      );
      const now = this.clock.now();
      const reached = uses >= code.max_uses && code.state === 'active';
      await client.query(
        `UPDATE access_codes SET use_count = $2, updated_at = now(),
                state = CASE WHEN $3 THEN 'revoked'::"AccessCodeState" ELSE state END,
                revoked_at = CASE WHEN $3 THEN $4 ELSE revoked_at END,
                version = version + CASE WHEN $3 THEN 1 ELSE 0 END
         WHERE id = $1::uuid`,
        [accessCodeId, uses, reached, new Date(now)],
      );
      if (reached) {
        const locks = await client.query<{ lock_id: string }>(
          `SELECT lock_id::text FROM access_code_targets WHERE access_code_id = $1::uuid`,
          [accessCodeId],
        );
        const jobs: TOutboxJob[] = locks.rows.map((r) => outboxJobs.reconcile(r.lock_id, 'use_limit'));
        jobs.push(
          outboxJobs.event({
            type: 'access_code.revoked',
            organizationId: code.organization_id,
            refId: accessCodeId,
            at: now,
            data: { accessCodeId, cause: 'use_limit', uses, maxUses: code.max_uses },
          }),
        );
        await enqueueInOutbox(client, jobs);
      }
      await client.query('COMMIT');
      if (reached) {
        this.onCommitted();
        this.logger.info({ accessCodeId, uses }, 'use limit reached: code revoked');
        return { kind: 'revoked', uses };
      }
      return { kind: 'counted', uses };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
