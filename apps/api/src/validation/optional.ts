import { ValidateIf } from 'class-validator';

/**
 * Optional, but not nullable: an absent field is skipped, while `null` is validated (and refused by
 * the field's type check). class-validator's IsOptional lets null through, which for a NOT NULL
 * column would reach the database instead of answering 400.
 */
export const IsOptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);
