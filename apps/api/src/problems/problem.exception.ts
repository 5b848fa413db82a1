import { HttpException } from '@nestjs/common';
import { type TProblemType } from './problem-type.js';

/** One field's complaint, with the JSON pointer-ish path of the field (`address.city`). */
export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemInit {
  status: number;
  type: TProblemType;
  title: string;
  detail: string;
  errors?: FieldError[];
  /** Extra members added to the problem document (e.g. `retryAfterSeconds`). */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** An error that leaves the API as an RFC 9457 problem document. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail, problem.status);
  }
}
