import { type z } from 'zod';
import { MAX_COMMAND_BYTES, MAX_PAYLOAD_BYTES, PROTOCOL_VERSION } from './constants.js';
import {
  CHANNEL_MESSAGE_TYPES,
  MESSAGE_SCHEMAS,
  channelOf,
  type TMessage,
  type TMessageOnChannel,
} from './messages/message-unions.js';
import { FAST_CHECKS } from './messages/fast-checks.js';
import { isMessageType } from './messages/message-type.js';
import { ProtocolError, ProtocolErrorCode, fieldPath, type TProtocolErrorInfo } from './protocol-error.js';
import { Channel, parseTopic, type TChannel, type TParsedTopic } from './topics.js';

/**
 * One encode/decode pair for every message (the zwave-js model): the wire form is UTF-8 JSON with keys in
 * schema order, at most {@link maxPayloadBytes} long.
 */

/** Size limit of a channel: MAX_COMMAND_BYTES on `cmd`, MAX_PAYLOAD_BYTES elsewhere. */
export function maxPayloadBytes(channel: TChannel): number {
  return channel === Channel.Command ? MAX_COMMAND_BYTES : MAX_PAYLOAD_BYTES;
}

/** Outcome of decoding: never an exception. */
export type TDecodeResult<T> = { ok: true; message: T } | { ok: false; error: TProtocolErrorInfo };

/** Outcome of encoding without throwing. */
export type TEncodeResult = { ok: true; bytes: Uint8Array } | { ok: false; error: TProtocolErrorInfo };

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function fail(error: TProtocolErrorInfo): { ok: false; error: TProtocolErrorInfo } {
  return { ok: false, error };
}

/** Maps the first zod issue to a coded error naming the field. */
function schemaError(error: z.ZodError): TProtocolErrorInfo {
  const issue = error.issues[0];
  if (issue === undefined) return { code: ProtocolErrorCode.InvalidField, detail: 'invalid message' };
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const field = fieldPath([...issue.path, key]) ?? key;
    return { code: ProtocolErrorCode.UnknownField, field, detail: `unknown field ${JSON.stringify(key)}` };
  }
  const field = fieldPath(issue.path);
  return field === undefined
    ? { code: ProtocolErrorCode.InvalidField, detail: issue.message }
    : { code: ProtocolErrorCode.InvalidField, field, detail: issue.message };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses an already-JSON-parsed value as a message allowed on `channel`. Checks, in order: object,
 * version, type, channel, fields. Never throws.
 */
export function parseMessage<C extends TChannel>(
  channel: C,
  value: unknown,
): TDecodeResult<TMessageOnChannel<C>> {
  return parseValue(channel, value, false);
}

/**
 * `fresh`: the value was just made by JSON.parse and nobody else holds it, so when a fast check
 * (messages/fast-checks.ts) passes it is returned as is instead of as zod's copy.
 */
function parseValue<C extends TChannel>(
  channel: C,
  value: unknown,
  fresh: boolean,
): TDecodeResult<TMessageOnChannel<C>> {
  if (!isPlainObject(value)) {
    return fail({ code: ProtocolErrorCode.NotAnObject, detail: 'payload must be a JSON object' });
  }
  if (value.v !== PROTOCOL_VERSION) {
    return fail({
      code: ProtocolErrorCode.UnsupportedVersion,
      field: 'v',
      detail: `expected v = ${PROTOCOL_VERSION}, got ${JSON.stringify(value.v) ?? 'nothing'}`,
    });
  }
  const type = value.type;
  if (!isMessageType(type)) {
    return fail({
      code: ProtocolErrorCode.UnknownType,
      field: 'type',
      detail: `unknown message type ${JSON.stringify(type) ?? 'nothing'}`,
    });
  }
  if (!(CHANNEL_MESSAGE_TYPES[channel] as readonly string[]).includes(type)) {
    return fail({
      code: ProtocolErrorCode.WrongChannel,
      field: 'type',
      detail: `${type} travels on ${channelOf(type)}, not on ${channel}`,
    });
  }
  if (fresh && FAST_CHECKS[type]?.(value) === true) {
    return { ok: true, message: value as TMessageOnChannel<C> };
  }
  const parsed = MESSAGE_SCHEMAS[type].safeParse(value);
  if (!parsed.success) return fail(schemaError(parsed.error));
  return { ok: true, message: parsed.data as TMessageOnChannel<C> };
}

/** Parses JSON text; the size check has already happened. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: TProtocolErrorInfo } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return fail({
      code: ProtocolErrorCode.InvalidJson,
      detail: error instanceof Error ? error.message : 'payload is not JSON',
    });
  }
}

function payloadText(
  payload: Uint8Array | string,
  limit: number,
): { ok: true; text: string } | { ok: false; error: TProtocolErrorInfo } {
  // Size first, in bytes, before any decoding or parsing work is spent on an oversized payload.
  const tooLarge = {
    code: ProtocolErrorCode.PayloadTooLarge,
    detail: `payload exceeds ${limit} bytes`,
  } as const;
  if (typeof payload === 'string') {
    // A UTF-16 code unit is at most 3 UTF-8 bytes, so short strings skip the exact count.
    if (
      payload.length > limit ||
      (payload.length * 3 > limit && utf8Encoder.encode(payload).length > limit)
    ) {
      return fail(tooLarge);
    }
    return { ok: true, text: payload };
  }
  if (payload.byteLength > limit) return fail(tooLarge);
  try {
    return { ok: true, text: utf8Decoder.decode(payload) };
  } catch {
    return fail({ code: ProtocolErrorCode.InvalidUtf8, detail: 'payload is not valid UTF-8' });
  }
}

/**
 * Decodes a payload received on `channel` (bytes as MQTT delivers them, or a string). Never throws:
 * every failure is a coded error — `payload_too_large`, `invalid_utf8`, `invalid_json`, `not_an_object`,
 * `unsupported_version`, `unknown_type`, `wrong_channel`, `invalid_field`, `unknown_field` — with the
 * failing field's dotted path where there is one.
 */
export function decode<C extends TChannel>(
  channel: C,
  payload: Uint8Array | string,
): TDecodeResult<TMessageOnChannel<C>> {
  try {
    const text = payloadText(payload, maxPayloadBytes(channel));
    if (!text.ok) return text;
    const json = parseJson(text.text);
    if (!json.ok) return json;
    return parseValue(channel, json.value, true);
  } catch (error) {
    // Unreachable by design; kept so a future schema bug still cannot crash a gateway (DESIGN §6.6).
    return fail({
      code: ProtocolErrorCode.InvalidField,
      detail: `decoder failure: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}

/** A message received on a topic, with the topic's parts. */
export interface TTopicMessage<C extends TChannel = TChannel> extends TParsedTopic {
  channel: C;
  message: TMessageOnChannel<C>;
}

/** Parses the topic, then decodes the payload for its channel. Never throws. */
export function decodeFromTopic(
  topic: string,
  payload: Uint8Array | string,
): { ok: true; received: TTopicMessage } | { ok: false; error: TProtocolErrorInfo } {
  const parsed = parseTopic(topic);
  if (!parsed.ok) return parsed;
  const decoded = decode(parsed.topic.channel, payload);
  if (!decoded.ok) return decoded;
  return { ok: true, received: { ...parsed.topic, message: decoded.message } };
}

/** Validates and serializes a message without throwing. */
export function tryEncode(message: TMessage): TEncodeResult {
  const type: unknown = (message as { type?: unknown }).type;
  if (!isMessageType(type)) {
    return fail({
      code: ProtocolErrorCode.UnknownType,
      field: 'type',
      detail: `unknown message type ${String(type)}`,
    });
  }
  const parsed = MESSAGE_SCHEMAS[type].safeParse(message);
  if (!parsed.success) return fail(schemaError(parsed.error));
  const bytes = utf8Encoder.encode(JSON.stringify(parsed.data));
  if (bytes.byteLength > maxPayloadBytes(channelOf(type))) {
    return fail({
      code: ProtocolErrorCode.PayloadTooLarge,
      detail: `message encodes to ${bytes.byteLength} bytes`,
    });
  }
  return { ok: true, bytes };
}

/**
 * Validates and serializes a message to UTF-8 JSON bytes. Throws ProtocolError on an invalid message:
 * sending one is a bug in the sender, and refusing it here keeps it off the wire.
 */
export function encode(message: TMessage): Uint8Array {
  const result = tryEncode(message);
  if (!result.ok) throw new ProtocolError(result.error);
  return result.bytes;
}

/** As {@link encode}, as a string (for MQTT clients that take strings). */
export function encodeToString(message: TMessage): string {
  return new TextDecoder().decode(encode(message));
}
