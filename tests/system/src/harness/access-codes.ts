import { z } from 'zod';
import { type ApiClient } from './http-client.js';
import { waitFor } from './wait.js';

/**
 * The access-code routes of the API as the tests use them (apps/api/src/access-codes): issue a
 * time-bound code, set a unit's primary, read a code with its status per lock, revoke. Responses are
 * parsed (only the fields the tests read), so a changed contract fails loudly here.
 */
export const ZTargetSchema = z.object({
  id: z.string(),
  lockId: z.string(),
  slot: z.number().nullable(),
  status: z.enum(['scheduled', 'setting', 'set', 'removing', 'removed', 'failed']),
  warnings: z.array(z.string()),
  failureReason: z.string().nullable(),
  installedAt: z.string().nullable(),
  removedAt: z.string().nullable(),
});
export type TTarget = z.infer<typeof ZTargetSchema>;

export const ZAccessCodeSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: z.string(),
  maskedCode: z.string(),
  useCount: z.number(),
  maxUses: z.number().nullable(),
  targets: z.array(ZTargetSchema),
});
export type TAccessCode = z.infer<typeof ZAccessCodeSchema>;

const ZIssuedSchema = z.object({ accessCode: ZAccessCodeSchema, code: z.string().nullable() });

export interface TIssueInput {
  unitId: string;
  kind?: 'guest' | 'maintenance';
  label?: string;
  code?: string;
  /** Digits of a generated code (8 by default here: long enough to be unmistakable in the PIN canary). */
  codeLength?: number;
  startsAt: Date;
  endsAt: Date;
  lockIds?: string[];
  holderUserId?: string;
  holderName?: string;
  maxUses?: number;
}

export function issueBody(input: TIssueInput): Record<string, unknown> {
  return {
    kind: input.kind ?? 'maintenance',
    label: input.label ?? 'Boiler service',
    ...(input.code === undefined ? { codeLength: input.codeLength ?? 8 } : { code: input.code }),
    ...(input.lockIds === undefined ? {} : { lockIds: input.lockIds }),
    ...(input.holderUserId === undefined ? {} : { holderUserId: input.holderUserId }),
    ...(input.holderName === undefined ? {} : { holderName: input.holderName }),
    ...(input.maxUses === undefined ? {} : { maxUses: input.maxUses }),
    schedule: { kind: 'once', startsAt: input.startsAt.toISOString(), endsAt: input.endsAt.toISOString() },
  };
}

export async function issueCode(
  http: ApiClient,
  input: TIssueInput,
): Promise<{ accessCode: TAccessCode; code: string }> {
  const response = await http.post(`/v1/units/${input.unitId}/access-codes`, issueBody(input));
  if (response.status !== 201) throw new Error(`issue code: ${response.status} ${response.text}`);
  const issued = ZIssuedSchema.parse(response.body);
  if (issued.code === null) throw new Error('issue code: no code in the create response');
  return { accessCode: issued.accessCode, code: issued.code };
}

export async function setPrimary(
  http: ApiClient,
  unitId: string,
  code?: string,
): Promise<{ accessCode: TAccessCode; code: string }> {
  const response = await http.post(
    `/v1/units/${unitId}/primary-code`,
    code === undefined ? { codeLength: 8 } : { code },
  );
  if (response.status !== 201) throw new Error(`set primary: ${response.status} ${response.text}`);
  const issued = ZIssuedSchema.parse(response.body);
  if (issued.code === null) throw new Error('set primary: no code in the create response');
  return { accessCode: issued.accessCode, code: issued.code };
}

export async function getCode(http: ApiClient, id: string): Promise<TAccessCode> {
  const response = await http.get(`/v1/access-codes/${id}`);
  if (response.status !== 200) throw new Error(`get code: ${response.status} ${response.text}`);
  return ZAccessCodeSchema.parse(response.body);
}

export async function revokeCode(http: ApiClient, id: string): Promise<TAccessCode> {
  const response = await http.post(`/v1/access-codes/${id}/revoke`, {});
  if (response.status >= 300) throw new Error(`revoke: ${response.status} ${response.text}`);
  return ZAccessCodeSchema.parse(response.body);
}

/** Waits until the code's target on `lockId` satisfies `check` (status, warnings…), read through the API. */
export async function waitForTarget(
  http: ApiClient,
  codeId: string,
  lockId: string,
  what: string,
  check: (target: TTarget, code: TAccessCode) => boolean,
  timeoutMs = 120_000,
): Promise<TTarget> {
  let last: TAccessCode | undefined;
  return waitFor(
    `code ${codeId} on lock ${lockId}: ${what}`,
    async () => {
      last = await getCode(http, codeId);
      const target = last.targets.find((t) => t.lockId === lockId);
      return target !== undefined && check(target, last) ? target : undefined;
    },
    { timeoutMs, intervalMs: 250, describe: () => JSON.stringify(last) },
  );
}
