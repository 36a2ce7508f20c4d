import * as z from 'zod';
import { ConflictError, NotFoundError, ThrottledError, ValidationError } from '../../shared/errors';
import { ApiError } from './api-error';
import { InvalidPageTokenError } from './page-token';
import { TargetCredentialsError } from '../../shared/target-credentials';
import { parseTargetKey } from '../../shared/watched-targets';
import { NoOperatorCredentialsError, NotWatchedError } from '../targets';

/** How long a throttled caller should wait when AWS gave no hint, in seconds. */
const DEFAULT_RETRY_AFTER_SECONDS = 2;

const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'ENOTFOUND']);

interface AwsErrorShape {
  name: string;
  message: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
  code?: string;
}

/**
 * Maps anything thrown while serving a request to the HTTP answer. Bad input is a 4xx; a 5xx only when AWS (or its
 * network) failed, or for our own faults (500, with a generic message). Never a stack trace or a raw AWS error body.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return fromZodError(error);
  if (error instanceof ValidationError)
    return new ApiError(400, 'ValidationFailed', error.message, fieldOption(error.field));
  if (error instanceof InvalidPageTokenError)
    return new ApiError(400, 'InvalidNextToken', error.message, { field: 'nextToken' });
  if (error instanceof NotFoundError) return new ApiError(404, 'NotFound', error.message);
  if (error instanceof ConflictError) return new ApiError(409, 'Conflict', error.message);
  if (error instanceof ThrottledError) return throttled(error.message, error.retryAfterSeconds);
  if (error instanceof NotWatchedError) return new ApiError(400, 'NotWatched', error.message);
  if (error instanceof NoOperatorCredentialsError) return new ApiError(403, 'NoOperatorCredentials', error.message);
  if (error instanceof TargetCredentialsError) return fromTargetCredentialsError(error);
  if (isAwsError(error)) return fromAwsError(error);
  if (isNetworkError(error))
    return new ApiError(
      503,
      'UpstreamUnavailable',
      'AWS could not be reached; try again',
      retryAfter(DEFAULT_RETRY_AFTER_SECONDS),
    );
  return new ApiError(500, 'InternalError', 'The request failed because of an internal error');
}

/** How long a caller should wait before trying a target whose credentials fail (the credentials' failure backoff). */
const CREDENTIALS_RETRY_AFTER_SECONDS = 30;

/**
 * A target's credentials could not be had: 503, naming the target, the purpose and the failure (an AWS error name,
 * `account-mismatch`, `invalid-secret`); never the error's message or cause, which might quote what AWS answered.
 * `no-operator` is the 403 of a target without operator credentials.
 */
function fromTargetCredentialsError(error: TargetCredentialsError): ApiError {
  const target = parseTargetKey(error.target);
  if (error.failure === 'no-operator' && target) return toApiError(new NoOperatorCredentialsError(target.account));
  const failure = /^[\w-]{1,64}$/.test(error.failure) ? error.failure : 'unknown';
  const where = target ? `${target.account}#${target.region}` : 'the target';
  return new ApiError(
    503,
    'TargetCredentialsUnavailable',
    `the ${error.purpose} credentials of ${where} are failing now: ${failure}`,
    retryAfter(CREDENTIALS_RETRY_AFTER_SECONDS),
  );
}

function fromAwsError(error: AwsErrorShape): ApiError {
  const status = error.$metadata?.httpStatusCode;
  const message = sanitizeAwsMessage(error.message);
  if (error.name === 'TooManyRequestsException' || error.name === 'ThrottlingException' || status === 429) {
    return throttled(`AWS throttled the request: ${message}`, retryAfterHint(error));
  }
  if (error.name === 'ProvisionedThroughputExceededException' || error.name === 'RequestLimitExceeded') {
    return throttled('The state table is throttling requests', DEFAULT_RETRY_AFTER_SECONDS);
  }
  // GrantFlowEntitlements420Exception (HTTP 420): the flow's entitlement quota (50) is reached.
  // LimitExceededException: an account or resource quota; waiting does not lift it, so it is no throttle.
  if (status === 420 || /420Exception$/.test(error.name) || error.name === 'LimitExceededException')
    return new ApiError(409, 'LimitExceeded', `AWS refused: ${message}`);
  if (error.name === 'NotFoundException' || error.name === 'ResourceNotFoundException' || status === 404) {
    return new ApiError(404, 'NotFound', `AWS says the resource does not exist: ${message}`);
  }
  if (error.name === 'ConflictException' || status === 409)
    return new ApiError(409, 'Conflict', `AWS refused: ${message}`);
  if (error.name === 'ForbiddenException' || error.name === 'AccessDeniedException' || status === 403) {
    return new ApiError(403, 'UpstreamForbidden', `AWS denied this service's request: ${message}`);
  }
  if (error.name === 'ServiceUnavailableException' || status === 503) {
    return new ApiError(
      503,
      'UpstreamUnavailable',
      'AWS is unavailable; try again',
      retryAfter(DEFAULT_RETRY_AFTER_SECONDS),
    );
  }
  if (error.$fault === 'server' || (status !== undefined && status >= 500)) {
    return new ApiError(502, 'UpstreamError', 'AWS failed to handle the request; try again');
  }
  if (
    error.name === 'BadRequestException' ||
    error.name === 'ValidationException' ||
    (status !== undefined && status >= 400)
  ) {
    return new ApiError(400, 'BadRequest', `AWS rejected the request: ${message}`);
  }
  return new ApiError(502, 'UpstreamError', 'AWS answered unexpectedly');
}

function fromZodError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  if (!issue) return new ApiError(400, 'ValidationFailed', 'Invalid input');
  const { field, message } = describeIssue(issue);
  return new ApiError(400, 'ValidationFailed', field ? `${field}: ${message}` : message, fieldOption(field));
}

/** The field to blame and a readable reason, for the first failing zod issue. */
export function describeIssue(issue: z.core.$ZodIssue): { field?: string; message: string } {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    // A schema's own message (e.g. "give either setup or roleArn…") is about the object, and says more.
    if (!issue.message.startsWith('Unrecognized key'))
      return { ...(path.length ? { field: path.join('.') } : {}), message: issue.message };
    return {
      field: [...path, key].join('.'),
      message: `unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(', ')}` : ''}`,
    };
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Of a union whose every form failed, the form the input is of says what is wrong. A form the input is not of
    // fails on its discriminator, or with the union's own message (a schema marks its form's key fields so).
    const notOfForm = (i: z.core.$ZodIssue) =>
      (i.code === 'invalid_union' && i.errors.length === 0) || i.message === issue.message;
    const branch = issue.errors.find((issues) => issues.length > 0 && !issues.some(notOfForm));
    const first = branch?.[0];
    if (first) return describeIssue({ ...first, path: [...issue.path, ...first.path] });
    return { ...(path.length ? { field: path.join('.') } : {}), message: issue.message };
  }
  const field = path.length ? path.join('.') : undefined;
  // Only a parse with `reportInput` tells a missing value from a wrong one; without it, keep zod's own message.
  if (issue.code === 'invalid_type' && 'input' in issue && issue.input === undefined) {
    // A schema's own message for a missing field marks the key field of one form of a union: the form is unknown.
    if (!issue.message.startsWith('Invalid input'))
      return { ...(path.length > 1 ? { field: path.slice(0, -1).join('.') } : {}), message: issue.message };
    return { ...(field ? { field } : {}), message: 'is required' };
  }
  // zod's message carries the expected type and range ("expected int, received number", "expected number to be
  // <=100"); it never quotes the input.
  return { ...(field ? { field } : {}), message: issue.message.replace(/^Invalid input: /, '') };
}

/** AWS messages go back to the caller, so they are cut to one plain, short line. */
export function sanitizeAwsMessage(message: string | undefined): string {
  const firstLine = (message ?? '').split(/\r?\n\s*at\s/)[0] ?? '';
  const plain = firstLine
    .replace(/[^\x20-\x7E]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!plain) return 'no detail given';
  return plain.length > 300 ? `${plain.slice(0, 297)}...` : plain;
}

function throttled(message: string, seconds: number): ApiError {
  return new ApiError(429, 'Throttled', message, retryAfter(seconds));
}

function retryAfter(seconds: number) {
  return { headers: { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) } };
}

function retryAfterHint(error: AwsErrorShape): number {
  const header = error.$response?.headers?.['retry-after'];
  const seconds = header === undefined ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_RETRY_AFTER_SECONDS;
}

function fieldOption(field: string | undefined) {
  return field ? { field } : {};
}

function isAwsError(error: unknown): error is AwsErrorShape {
  return error instanceof Error && ('$metadata' in error || '$fault' in error);
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return (code !== undefined && NETWORK_ERROR_CODES.has(code)) || error.name === 'TimeoutError';
}
