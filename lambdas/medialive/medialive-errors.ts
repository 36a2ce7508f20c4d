import { isNotFound } from '../shared/errors';

/**
 * A MediaLive operation this account or endpoint cannot serve: access denied, an operation the endpoint does not
 * know, or one it has not implemented (moto answers ListAlerts and ListInputDevices with a 404 or a 500 "not
 * implemented"). Not retried; the caller records `reason` and goes on.
 */
export class MediaLiveUnavailableError extends Error {
  constructor(
    readonly operation: string,
    readonly reason: 'forbidden' | 'unknown-operation' | 'not-implemented',
    detail: string,
  ) {
    super(`${operation} unavailable (${reason}): ${detail.slice(0, 200)}`);
    this.name = 'MediaLiveUnavailableError';
  }
}

const FORBIDDEN_NAMES = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'ForbiddenException',
  'UnauthorizedOperation',
]);
const UNKNOWN_OPERATION_NAMES = new Set(['UnknownOperationException', 'UnknownOperation', 'InvalidAction']);

/**
 * Why `error` says the operation is unavailable, or undefined when it is an ordinary failure (a throttle, a server
 * error, a real NotFoundException for a resource). A 500 counts only when its message says "not implemented" (moto),
 * because a real 500 is transient and is retried.
 */
export function unavailableReason(error: unknown): MediaLiveUnavailableError['reason'] | undefined {
  if (!(error instanceof Error) || isNotFound(error)) return undefined;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (FORBIDDEN_NAMES.has(error.name) || status === 403) return 'forbidden';
  if (UNKNOWN_OPERATION_NAMES.has(error.name)) return 'unknown-operation';
  if (status === 501 || /not (yet |been )?implemented/i.test(error.message)) return 'not-implemented';
  // A 404 that is not MediaLive's NotFoundException: no such route (an emulator, an older endpoint).
  if (status === 404) return 'not-implemented';
  return undefined;
}

/** Rethrows an unavailable operation's error as `MediaLiveUnavailableError` (which the budget does not retry). */
export function asUnavailable(operation: string, error: unknown): unknown {
  const reason = unavailableReason(error);
  return reason ? new MediaLiveUnavailableError(operation, reason, (error as Error).message) : error;
}
