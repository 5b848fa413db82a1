import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError } from './problem.exception.js';
import { Problems } from './problems.js';

/** Flattens class-validator's tree into one entry per failing field, named by its dotted path. */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/**
 * Every body and query is parsed into its DTO: unknown fields are refused (so a typo is named, not
 * ignored), values are converted to their declared types, and failures become a 400 problem listing
 * each field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // One complaint per field: the first constraint it breaks.
    stopAtFirstError: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => Problems.validation(fieldErrors(errors)),
  });
}
