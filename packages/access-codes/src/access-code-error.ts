/**
 * Coded errors thrown by this package. Only misuse throws (an unknown time zone passed to an expansion,
 * a bad key ring, a sealed code that does not open); bad user input is returned as a value
 * (`parseSchedule`, `planAccessCode`). Callers branch on `code`, never on message text, and no message
 * ever contains a code or a key.
 */
export const AccessCodeErrorCode = {
  /** Not an IANA time zone known to this runtime's Intl data. */
  InvalidTimeZone: 'invalid_time_zone',
  /** A range or instant is not a finite millisecond timestamp, or `to` is before `from`. */
  InvalidRange: 'invalid_range',
  /** A schedule given to a function that expects a parsed one does not parse. */
  InvalidSchedule: 'invalid_schedule',
  /** The key-ring configuration is malformed (syntax, key size, duplicate id, missing active key). */
  InvalidKeyRing: 'invalid_key_ring',
  /** A sealed code names a key id the ring does not hold. */
  UnknownKeyId: 'unknown_key_id',
  /** A sealed code failed authentication (wrong key, tampered bytes, or a different key id bound). */
  OpenFailed: 'open_failed',
  /** Only digit strings of 1–16 characters are sealed. */
  InvalidCode: 'invalid_code',
} as const;
export type TAccessCodeErrorCode = (typeof AccessCodeErrorCode)[keyof typeof AccessCodeErrorCode];

/** A coded failure; `field` names the offending input where there is one. */
export class AccessCodeError extends Error {
  override readonly name = 'AccessCodeError';
  readonly code: TAccessCodeErrorCode;
  readonly field?: string;

  constructor(code: TAccessCodeErrorCode, detail: string, field?: string) {
    super(field === undefined ? `${code}: ${detail}` : `${code} at ${field}: ${detail}`);
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}
