import { registerDecorator, type ValidationOptions } from 'class-validator';

const ZONE_NAME = /^(?:UTC|[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*){1,2})$/;

/**
 * True for an IANA zone name that this runtime's Intl knows (`Europe/Berlin`, `UTC`). Offsets such as
 * `+01:00`, which newer Intl versions also accept, are refused: a fixed offset has no DST rules.
 */
export function isIanaTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || !ZONE_NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: '$property must be an IANA time zone such as Europe/Berlin', ...options },
      validator: { validate: (value: unknown) => isIanaTimeZone(value) },
    });
  };
}
