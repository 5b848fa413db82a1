import { z } from 'zod';
import { Channel, type TChannel } from '../topics.js';
import { ZAckMessageSchema } from './acks.js';
import {
  ZClearSlotCommandSchema,
  ZCommandSchema,
  ZLockCommandSchema,
  ZRequestStateCommandSchema,
  ZSetAutoLockCommandSchema,
  ZSetCodeCommandSchema,
  ZUnlockCommandSchema,
  type TCommand,
} from './commands.js';
import {
  ZBirthMessageSchema,
  ZPresenceMessageSchema,
  ZStateMessageSchema,
  ZTelemetryMessageSchema,
  type TBirthMessage,
  type TPresenceMessage,
  type TStateMessage,
  type TTelemetryMessage,
} from './device-status.js';
import { ZEventMessageSchema, type TEventMessage } from './events.js';
import { type TAckMessage } from './acks.js';
import { MessageType, type TMessageType } from './message-type.js';

/** Any device → cloud message, discriminated by `type` (events and acks by `event` / `result` within). */
export const ZDeviceMessageSchema = z.discriminatedUnion('type', [
  ZBirthMessageSchema,
  ZStateMessageSchema,
  ZEventMessageSchema,
  ZTelemetryMessageSchema,
  ZAckMessageSchema,
  ZPresenceMessageSchema,
]);
export type TDeviceMessage = z.infer<typeof ZDeviceMessageSchema>;

/** Any cloud → device message. */
export const ZCloudMessageSchema = ZCommandSchema;
export type TCloudMessage = TCommand;

/** Any protocol message. */
export type TMessage = TDeviceMessage | TCloudMessage;

/** Schema of each message type. */
export const MESSAGE_SCHEMAS = {
  [MessageType.Birth]: ZBirthMessageSchema,
  [MessageType.State]: ZStateMessageSchema,
  [MessageType.Event]: ZEventMessageSchema,
  [MessageType.Telemetry]: ZTelemetryMessageSchema,
  [MessageType.Ack]: ZAckMessageSchema,
  [MessageType.Presence]: ZPresenceMessageSchema,
  [MessageType.SetCode]: ZSetCodeCommandSchema,
  [MessageType.ClearSlot]: ZClearSlotCommandSchema,
  [MessageType.Lock]: ZLockCommandSchema,
  [MessageType.Unlock]: ZUnlockCommandSchema,
  [MessageType.SetAutoLock]: ZSetAutoLockCommandSchema,
  [MessageType.RequestState]: ZRequestStateCommandSchema,
} as const satisfies Record<TMessageType, z.ZodType>;

/** Message of a given type. */
export type TMessageOfType<T extends TMessageType> = Extract<TMessage, { type: T }>;

/** Message types that travel on each channel. */
export const CHANNEL_MESSAGE_TYPES = {
  [Channel.Birth]: [MessageType.Birth],
  [Channel.State]: [MessageType.State],
  [Channel.Event]: [MessageType.Event],
  [Channel.Telemetry]: [MessageType.Telemetry],
  [Channel.Ack]: [MessageType.Ack],
  [Channel.Presence]: [MessageType.Presence],
  [Channel.Command]: [
    MessageType.SetCode,
    MessageType.ClearSlot,
    MessageType.Lock,
    MessageType.Unlock,
    MessageType.SetAutoLock,
    MessageType.RequestState,
  ],
} as const satisfies Record<TChannel, readonly TMessageType[]>;

/** Message types that may arrive on channel C. */
export interface TChannelMessages {
  birth: TBirthMessage;
  state: TStateMessage;
  event: TEventMessage;
  telemetry: TTelemetryMessage;
  ack: TAckMessage;
  presence: TPresenceMessage;
  cmd: TCommand;
}
export type TMessageOnChannel<C extends TChannel> = TChannelMessages[C];

/** Channel a message type travels on. */
export function channelOf(type: TMessageType): TChannel {
  for (const [channel, types] of Object.entries(CHANNEL_MESSAGE_TYPES) as [
    TChannel,
    readonly TMessageType[],
  ][]) {
    if (types.includes(type)) return channel;
  }
  throw new RangeError(`unreachable: message type ${type} has no channel`);
}
