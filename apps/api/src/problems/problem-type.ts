/**
 * Stable problem types (RFC 9457 `type`). Clients branch on these, so a value never changes once
 * published; add new ones instead.
 */
export const ProblemType = {
  Validation: 'validation-failed',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  CsrfRejected: 'csrf-rejected',
  NotFound: 'not-found',
  Conflict: 'conflict',
  PreconditionFailed: 'precondition-failed',
  PreconditionRequired: 'precondition-required',
  IdempotencyMismatch: 'idempotency-key-reused',
  IdempotencyInProgress: 'idempotency-request-in-progress',
  RateLimited: 'rate-limited',
  OrganizationRequired: 'organization-required',
  BadRequest: 'bad-request',
  UnsupportedMediaType: 'unsupported-media-type',
  Internal: 'internal-error',
  /** 422: an access code the keypad rules or the organization refuse (too short, weak, bad schedule). */
  AccessCodeInvalid: 'access-code-invalid',
  /** 409: an access code that clashes with other codes (button-level conflict, no free slot). */
  AccessCodeConflict: 'access-code-conflict',
} as const;
export type TProblemType = (typeof ProblemType)[keyof typeof ProblemType];

export const PROBLEM_BASE_URI = 'https://lockstep.dev/problems/';

export const problemTypeUri = (type: TProblemType) => `${PROBLEM_BASE_URI}${type}`;
