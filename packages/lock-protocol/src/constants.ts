/**
 * Wire constants of the Lockstep lock protocol. Firmware in any language must use these exact values;
 * PROTOCOL.md repeats them and a test keeps the two in step.
 */

/** Protocol version carried in every payload as `v`, and in every topic as `v<PROTOCOL_VERSION>`. */
export const PROTOCOL_VERSION = 1;

/** First topic level; every Lockstep topic starts with `lockstep/v1/`. */
export const TOPIC_ROOT = 'lockstep';

/** Second topic level, derived from {@link PROTOCOL_VERSION}. */
export const TOPIC_VERSION = `v${PROTOCOL_VERSION}` as const;

/** AWS IoT Core refuses topics longer than this many UTF-8 bytes. */
export const MAX_TOPIC_BYTES = 256;

/** AWS IoT Core refuses topics with more forward slashes than this (shared-subscription prefix excluded). */
export const MAX_TOPIC_SLASHES = 7;

/**
 * Largest payload on any channel, in UTF-8 bytes: a 250-slot state report (about 19 KB) fits with room,
 * far below AWS IoT Core's 128 KB. A decoder refuses anything larger before `JSON.parse`.
 */
export const MAX_PAYLOAD_BYTES = 32_768;

/**
 * Largest command payload (`cmd` channel). Commands are small (a `set_code` is about 400 bytes), so a lock
 * needs only a 1 KiB receive buffer and refuses anything larger unparsed.
 */
export const MAX_COMMAND_BYTES = 1024;

/** Device ids are MQTT client ids and a topic level: no `/`, `+`, `#`, spaces or NUL. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Message and command ids: a UUID, or any 16–36 character base64url/hex token. */
export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9_-]{16,36}$/;

/** MQTT QoS levels used by the protocol. AWS IoT Core has no QoS 2, so the protocol never uses it. */
export const QoS = {
  /** Fire and forget: losing one sample is harmless. */
  AtMostOnce: 0,
  /** Delivered one or more times: receivers must be idempotent (message `id`, command `commandId`). */
  AtLeastOnce: 1,
} as const;
export type TQoS = (typeof QoS)[keyof typeof QoS];

/** Desired-state versions fit an unsigned 32-bit integer so firmware can store them in a `uint32_t`. */
export const MAX_DESIRED_VERSION = 0xffff_ffff;

/** Wrong codes in a row that disable the keypad (DESIGN §2). */
export const KEYPAD_LOCKOUT_ATTEMPTS = 3;

/** How long the keypad stays disabled after {@link KEYPAD_LOCKOUT_ATTEMPTS} wrong codes, in seconds. */
export const KEYPAD_LOCKOUT_SECONDS = 60;

/** Auto-lock relocks this many seconds after an unlock when enabled (DESIGN §2). */
export const AUTO_LOCK_DELAY_SECONDS = 30;

/** `autoLockSeconds` value meaning auto-lock is off. */
export const AUTO_LOCK_OFF = 0;

/** The primary code always lives in slot 1; slots 2..n are secondary (DESIGN §2). */
export const PRIMARY_SLOT = 1;

/** Number of digit buttons on the keypad (`1·2`, `3·4`, `5·6`, `7·8`, `9·0`). */
export const KEYPAD_BUTTON_COUNT = 5;

/** Bytes of HMAC-SHA256 kept in a slot fingerprint (reported as 32 lowercase hex characters). */
export const FINGERPRINT_BYTES = 16;

/** Lifetime a cloud gives a remote lock/unlock command before the lock must refuse it, in milliseconds. */
export const DEFAULT_BOLT_COMMAND_TTL_MS = 30_000;
