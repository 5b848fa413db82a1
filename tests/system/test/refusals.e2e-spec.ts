import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueBody, issueCode, setPrimary } from '../src/harness/access-codes.js';
import { startSystem, type TSystem } from '../src/harness/system.js';

/**
 * Refusals over HTTP against the running API (no lock needed: the API decides from what is stored).
 * On the seed model (2 slots: the primary and one secondary), a code equal to the primary at button
 * level, and a second time-bound code overlapping the first, are refused with a 409 problem that names
 * the code in the way; a too-short code is refused with a 422 naming the field.
 */
const ZProblemSchema = z.object({
  type: z.string(),
  status: z.number(),
  detail: z.string(),
  problems: z.array(
    z.object({
      code: z.string(),
      lockId: z.string().optional(),
      conflictsWith: z
        .array(
          z.object({
            codeId: z.string(),
            window: z.unknown(),
            overlappingWindow: z.unknown(),
          }),
        )
        .optional(),
    }),
  ),
});

/** The same button sequence with every digit swapped for its pair partner (1↔2, 3↔4, … 9↔0). */
function samePairButtons(code: string): string {
  const partner: Record<string, string> = {
    '1': '2',
    '2': '1',
    '3': '4',
    '4': '3',
    '5': '6',
    '6': '5',
    '7': '8',
    '8': '7',
    '9': '0',
    '0': '9',
  };
  return [...code].map((d) => partner[d]!).join('');
}

describe('access-code refusals over HTTP', () => {
  let system: TSystem;
  let primaryId: string;
  let primary: string;
  let lockId: string;

  beforeAll(async () => {
    system = await startSystem({
      label: 'refusals',
      lockCount: 1,
      fleet: false,
      timeZone: 'America/New_York',
    });
    lockId = system.portfolio.locks[0]!.lockId;
    const issued = await setPrimary(system.http.as(system.portfolio.tenant.token), system.portfolio.unitId);
    primaryId = issued.accessCode.id;
    primary = issued.code;
  });
  afterAll(async () => {
    await system?.close();
  });

  it('refuses a code that is the primary at button level, naming the primary and the overlap', async () => {
    const startsAt = new Date(Date.now() + 3_600_000);
    const response = await system.http.post(
      `/v1/units/${system.portfolio.unitId}/access-codes`,
      issueBody({
        unitId: system.portfolio.unitId,
        code: samePairButtons(primary),
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
      }),
    );
    expect(response.status).toBe(409);
    const problem = ZProblemSchema.parse(response.body);
    expect(problem.type).toMatch(/access-code-conflict$/);
    expect(problem.problems).toMatchObject([
      { code: 'conflict_equal', lockId, conflictsWith: [{ codeId: primaryId }] },
    ]);
    expect(problem.problems[0]!.conflictsWith![0]!.overlappingWindow).toBeTruthy();
    expect(response.text).not.toContain(primary);
  });

  it('refuses a second overlapping time-bound code when the only secondary slot is taken, naming its holder', async () => {
    const startsAt = new Date(Date.now() + 7_200_000);
    const first = await issueCode(system.http, {
      unitId: system.portfolio.unitId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      label: 'Window cleaner',
    });
    expect(first.accessCode.targets).toMatchObject([{ lockId, slot: 2 }]);
    const response = await system.http.post(
      `/v1/units/${system.portfolio.unitId}/access-codes`,
      issueBody({
        unitId: system.portfolio.unitId,
        startsAt: new Date(startsAt.getTime() + 1_800_000),
        endsAt: new Date(startsAt.getTime() + 5_400_000),
        label: 'Electrician',
      }),
    );
    expect(response.status).toBe(409);
    const problem = ZProblemSchema.parse(response.body);
    expect(problem.problems).toMatchObject([
      { code: 'no_free_slot', lockId, conflictsWith: [{ codeId: first.accessCode.id }] },
    ]);
    expect(problem.detail).toContain(first.accessCode.id);

    // A window after the first one's (and its guard interval) fits in the same slot.
    const later = await issueCode(system.http, {
      unitId: system.portfolio.unitId,
      startsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
      label: 'Electrician',
    });
    expect(later.accessCode.targets).toMatchObject([{ lockId, slot: 2 }]);
  });

  it('refuses a code shorter than the organization minimum with a 422 naming the field', async () => {
    const startsAt = new Date(Date.now() + 20 * 3_600_000);
    const response = await system.http.post(
      `/v1/units/${system.portfolio.unitId}/access-codes`,
      issueBody({
        unitId: system.portfolio.unitId,
        code: '1357',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3_600_000),
      }),
    );
    expect(response.status).toBe(422);
    const problem = ZProblemSchema.parse(response.body);
    expect(problem.type).toMatch(/access-code-invalid$/);
    expect(problem.problems.map((p) => p.code)).toContain('too_short');
  });
});
