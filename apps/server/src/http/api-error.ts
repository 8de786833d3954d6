import type { ErrorCode, FieldIssue } from '@tiaojie/domain';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An expected failure: becomes `{ error: { code, message, issues? } }` with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what = 'resource') => new ApiError(404, 'NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'forbidden') => new ApiError(403, 'FORBIDDEN', message);
export const unauthenticated = (message = 'authentication required') => new ApiError(401, 'UNAUTHENTICATED', message);

export function validationError(issues: FieldIssue[]): ApiError {
  const first = issues[0];
  const message = first ? `invalid field ${first.path}: ${first.message}` : 'invalid request';
  return new ApiError(400, 'VALIDATION_FAILED', message, issues);
}
