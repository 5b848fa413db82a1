import { JamCause, type TJamCause } from '@lockstep/lock-protocol';
import { join } from 'node:path';
import { z } from 'zod';
import { Feedback, type TFeedback } from '../capabilities/keypad-feedback.js';

/**
 * The local control channel of a running lock (or fleet): newline-delimited JSON over a Unix socket in
 * the state directory. Local only by construction — no network port, filesystem permissions decide who
 * may press buttons — and outside lock-protocol on purpose: it is the lock's physical world (buttons,
 * thumb turn, faults), not the cloud contract.
 */
const jamCauses = Object.values(JamCause) as [TJamCause, ...TJamCause[]];

export const ZControlRequestSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('attach'), deviceId: z.string() }),
  z.object({ op: z.literal('press'), deviceId: z.string(), button: z.int().min(1).max(5) }),
  z.object({ op: z.literal('lock-button'), deviceId: z.string() }),
  z.object({ op: z.literal('program-button'), deviceId: z.string() }),
  z.object({ op: z.literal('thumbturn'), deviceId: z.string() }),
  z.object({ op: z.literal('jam'), deviceId: z.string(), cause: z.enum(jamCauses) }),
  z.object({ op: z.literal('clear-jam'), deviceId: z.string() }),
  z.object({ op: z.literal('replace-batteries'), deviceId: z.string() }),
  z.object({ op: z.literal('set-battery'), deviceId: z.string(), charge: z.number().min(0).max(1) }),
  z.object({ op: z.literal('factory-reset'), deviceId: z.string() }),
  z.object({ op: z.literal('offline'), deviceId: z.string(), seconds: z.int().min(1).max(86_400) }),
  z.object({ op: z.literal('status'), deviceId: z.string() }),
]);
export type TControlRequest = z.infer<typeof ZControlRequestSchema>;

const feedbacks = Object.values(Feedback) as [TFeedback, ...TFeedback[]];

export const ZLockStatusSchema = z.object({
  deviceId: z.string(),
  connected: z.boolean(),
  bolt: z.string(),
  battery: z.object({ percent: z.int(), millivolts: z.int() }),
  slotsWithCode: z.array(z.int()),
  lockoutUntil: z.int().nullable(),
  autoLockSeconds: z.int(),
  programming: z.int().nullable(),
});
export type TLockStatus = z.infer<typeof ZLockStatusSchema>;

export const ZControlReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('feedback'), feedback: z.enum(feedbacks), slot: z.int().optional() }),
  /** A protocol message the lock sent (type and the fields that matter; never a code). */
  z.object({ kind: z.literal('message'), summary: z.string() }),
  z.object({ kind: z.literal('status'), status: ZLockStatusSchema }),
  z.object({ kind: z.literal('error'), detail: z.string() }),
]);
export type TControlReply = z.infer<typeof ZControlReplySchema>;

/** Socket of a single `run` lock. */
export function lockSocketPath(stateDir: string, deviceId: string): string {
  return join(stateDir, `${deviceId}.sock`);
}

/** Socket of a `fleet` process (routes by device id). */
export function fleetSocketPath(stateDir: string): string {
  return join(stateDir, 'fleet.sock');
}
