/** Domain error types. Only handlers map these to HTTP status codes or batch item failures. */

/** Input that fails validation: a bad event, API body or parameter. */
export class ValidationError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** A resource that does not exist, or only as a tombstone. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The request conflicts with the resource's current state (e.g. a flow already in transition). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** AWS throttled us and retries did not get through. */
export class ThrottledError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
    this.name = 'ThrottledError';
  }
}

/**
 * Names of the AWS SDK errors that mean "throttled": slow down and try again. `LimitExceededException` is not one: it
 * is a quota (a count of resources, or a limit that waiting does not lift), so retrying it only spends request quota.
 */
const THROTTLE_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'RequestThrottledException',
]);

export function isThrottle(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return THROTTLE_NAMES.has(error.name) || status === 429;
}

/**
 * A failure on AWS's side or on the way there that the same request may not meet again: HTTP 500/502/503/504, a
 * server-fault exception, or a network error or timeout (no HTTP answer at all).
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { $metadata, $fault, code } = error as {
    $metadata?: { httpStatusCode?: number };
    $fault?: string;
    code?: string;
  };
  const status = $metadata?.httpStatusCode;
  if (status !== undefined && [500, 502, 503, 504].includes(status)) return true;
  if ($fault === 'server' && status !== 501) return true;
  return (
    ['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'].includes(error.name) ||
    ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'].includes(code ?? '')
  );
}

/**
 * MediaConnect said the resource does not exist: its `NotFoundException` (HTTP 404 with that error type), and nothing
 * else. A 404 from a proxy, a wrong endpoint or an unimplemented emulator route is a failure, not a deletion, so a flow
 * is never tombstoned on the status code alone.
 */
export function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'NotFoundException';
}

/** A safe one-line description of an error for logs and stored outcomes: never a stack or a request body. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}
