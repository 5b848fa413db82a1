import { registerDecorator, type ValidationOptions } from 'class-validator';

/** `YYYY-MM-DD` naming a real calendar day (no 2026-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: '$property must be a date as YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => value === null || isCalendarDate(value) },
    });
  };
}

export const dateOnly = (value: string): Date => new Date(`${value}T00:00:00Z`);
export const toDateOnly = (value: Date): string => value.toISOString().slice(0, 10);
