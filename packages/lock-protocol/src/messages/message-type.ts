/** Every `type` value on the wire, one name per message. */
export const MessageType = {
  Birth: 'birth',
  State: 'state',
  Event: 'event',
  Telemetry: 'telemetry',
  Ack: 'ack',
  Presence: 'presence',
  SetCode: 'set_code',
  ClearSlot: 'clear_slot',
  Lock: 'lock',
  Unlock: 'unlock',
  SetAutoLock: 'set_auto_lock',
  RequestState: 'request_state',
} as const;
export type TMessageType = (typeof MessageType)[keyof typeof MessageType];

/** Message types a device publishes. */
export const DEVICE_MESSAGE_TYPES = [
  MessageType.Birth,
  MessageType.State,
  MessageType.Event,
  MessageType.Telemetry,
  MessageType.Ack,
  MessageType.Presence,
] as const;

/** Command types the cloud publishes on `cmd`. */
export const COMMAND_TYPES = [
  MessageType.SetCode,
  MessageType.ClearSlot,
  MessageType.Lock,
  MessageType.Unlock,
  MessageType.SetAutoLock,
  MessageType.RequestState,
] as const;
export type TCommandType = (typeof COMMAND_TYPES)[number];

export const ALL_MESSAGE_TYPES: readonly TMessageType[] = [...DEVICE_MESSAGE_TYPES, ...COMMAND_TYPES];

export function isMessageType(value: unknown): value is TMessageType {
  return typeof value === 'string' && (ALL_MESSAGE_TYPES as readonly string[]).includes(value);
}
