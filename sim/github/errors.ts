/** An expected failure, in GitHub's words: the HTTP status and the message its API would answer. */
export interface SimFailure {
  status: number;
  message: string;
  errors?: unknown[];
  /** GraphQL error `type` (STALE_DATA, NOT_FOUND, UNPROCESSABLE, FORBIDDEN). */
  type?: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: unknown[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function fail(status: number, message: string, errors?: unknown[]): never {
  throw new HttpError(status, message, errors);
}

export const notFound = (): never => fail(404, "Not Found");

/** GitHub's 422 with one validation error. */
export function validationFailed(
  resource: string,
  field: string,
  code: string,
  message?: string,
): never {
  const error: Record<string, string> = { resource, field, code };
  if (message) error["message"] = message;
  return fail(422, "Validation Failed", [error]);
}

export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: SimFailure }): T {
  if (result.ok) return result.value;
  throw new HttpError(result.error.status, result.error.message, result.error.errors);
}
