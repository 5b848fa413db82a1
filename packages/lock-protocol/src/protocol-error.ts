/**
 * Coded errors of the protocol package, modelled on zwave-js's `ZWaveError`: callers branch on `code`,
 * never on message text.
 */
export const ProtocolErrorCode = {
  /** Payload exceeds the channel's limit (MAX_COMMAND_BYTES on `cmd`, else MAX_PAYLOAD_BYTES); refused before parsing. */
  PayloadTooLarge: 'payload_too_large',
  /** Payload is not valid UTF-8. */
  InvalidUtf8: 'invalid_utf8',
  /** Payload is not JSON. */
  InvalidJson: 'invalid_json',
  /** Payload is JSON but not an object. */
  NotAnObject: 'not_an_object',
  /** `v` is missing or not a version this package speaks. */
  UnsupportedVersion: 'unsupported_version',
  /** `type` is missing or names no message. */
  UnknownType: 'unknown_type',
  /** `type` is a known message, but not one that travels on this channel. */
  WrongChannel: 'wrong_channel',
  /** A field is missing or has the wrong type or value; `field` names it. */
  InvalidField: 'invalid_field',
  /** The message has a field the schema does not define (objects are strict); `field` names it. */
  UnknownField: 'unknown_field',
  /** Topic does not have the `lockstep/v1/<deviceId>/<channel>` shape or breaks a broker limit. */
  InvalidTopic: 'invalid_topic',
  /** Device id does not match DEVICE_ID_PATTERN. */
  InvalidDeviceId: 'invalid_device_id',
  /** Topic's last level is not a protocol channel. */
  UnknownChannel: 'unknown_channel',
  /** A code breaks a code rule (digits, length, weak pattern). */
  InvalidCode: 'invalid_code',
  /** No code of the requested length is free of weak patterns and conflicts. */
  CodeSpaceExhausted: 'code_space_exhausted',
  /** A PIN envelope could not be opened (wrong key, tampered ciphertext, or wrong command id). */
  DecryptFailed: 'decrypt_failed',
  /** A key has the wrong size or encoding. */
  InvalidKey: 'invalid_key',
  /** No secure random source (globalThis.crypto.getRandomValues) is available and none was given. */
  NoRandomSource: 'no_random_source',
} as const;
export type TProtocolErrorCode = (typeof ProtocolErrorCode)[keyof typeof ProtocolErrorCode];

/** A coded failure: `field` is the dotted path of the offending field where there is one. */
export interface TProtocolErrorInfo {
  code: TProtocolErrorCode;
  field?: string;
  detail: string;
}

/** Thrown only by functions whose misuse is a programming error (encode, buttonSequence, key import). */
export class ProtocolError extends Error implements TProtocolErrorInfo {
  override readonly name = 'ProtocolError';
  readonly code: TProtocolErrorCode;
  readonly field?: string;
  readonly detail: string;

  constructor(info: TProtocolErrorInfo) {
    super(
      info.field === undefined
        ? `${info.code}: ${info.detail}`
        : `${info.code} at ${info.field}: ${info.detail}`,
    );
    this.code = info.code;
    this.detail = info.detail;
    if (info.field !== undefined) this.field = info.field;
  }
}

/** Result of an operation that never throws on bad input. */
export type TResult<T, K extends string = 'value'> =
  ({ ok: true } & { [P in K]: T }) | { ok: false; error: TProtocolErrorInfo };

/** Dotted path (`slots.1.fingerprint`) from a zod issue path; empty paths give undefined. */
export function fieldPath(path: readonly PropertyKey[]): string | undefined {
  if (path.length === 0) return undefined;
  return path.map((part) => String(part)).join('.');
}
