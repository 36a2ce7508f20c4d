import {
  BadRequestException,
  GrantFlowEntitlements420Exception,
  InternalServerErrorException,
  NotFoundException,
  ServiceUnavailableException,
  TooManyRequestsException,
} from '@aws-sdk/client-mediaconnect';
import { z } from 'zod';
import { awsError } from '../api-test-kit';
import { sanitizeAwsMessage, toApiError } from '../../../../lambdas/api/http/error-mapping';
import { InvalidPageTokenError } from '../../../../lambdas/api/http/page-token';
import { ConflictError, NotFoundError, ThrottledError, ValidationError } from '../../../../lambdas/shared/errors';

describe('toApiError', () => {
  it.each([
    ['TooManyRequests', awsError(TooManyRequestsException, 'slow down', 429), 429, 'Throttled'],
    ['NotFound', awsError(NotFoundException, 'Flow not found.', 404), 404, 'NotFound'],
    [
      'entitlement limit (HTTP 420)',
      awsError(GrantFlowEntitlements420Exception, 'limit 50', 420),
      409,
      'LimitExceeded',
    ],
    [
      'LimitExceededException (a quota, not a throttle)',
      Object.assign(new Error('Limit of 20 flows reached'), {
        name: 'LimitExceededException',
        $metadata: { httpStatusCode: 400 },
      }),
      409,
      'LimitExceeded',
    ],
    ['BadRequest', awsError(BadRequestException, 'Bad name', 400), 400, 'BadRequest'],
    ['ServiceUnavailable', awsError(ServiceUnavailableException, 'down', 503), 503, 'UpstreamUnavailable'],
    ['InternalServerError', awsError(InternalServerErrorException, 'boom', 500), 502, 'UpstreamError'],
  ])('maps the AWS %s error', (_name, error, status, code) => {
    // Act
    const mapped = toApiError(error);

    // Assess
    expect({ status: mapped.status, code: mapped.code }).toEqual({ status, code });
  });

  it('adds Retry-After to throttles and AWS unavailability', () => {
    // Act
    const throttled = toApiError(awsError(TooManyRequestsException, 'x', 429));
    const ours = toApiError(new ThrottledError('x', 7));
    const unavailable = toApiError(awsError(ServiceUnavailableException, 'x', 503));

    // Assess
    expect(throttled.options.headers).toEqual({ 'Retry-After': '2' });
    expect(ours.options.headers).toEqual({ 'Retry-After': '7' });
    expect(unavailable.options.headers).toEqual({ 'Retry-After': '2' });
  });

  it('passes the AWS BadRequest message, sanitized', () => {
    // Prepare
    const error = awsError(BadRequestException, 'Name\u0000 is\n\n invalid\n    at Object.<anonymous> (x.js:1:1)', 400);

    // Act
    const mapped = toApiError(error);

    // Assess
    expect(mapped.message).toBe('AWS rejected the request: Name is invalid');
  });

  it('maps domain errors', () => {
    // Act & Assess
    expect(toApiError(new ValidationError('bad', 'subscribers.0'))).toMatchObject({
      status: 400,
      options: { field: 'subscribers.0' },
    });
    expect(toApiError(new NotFoundError('gone')).status).toBe(404);
    expect(toApiError(new ConflictError('busy')).status).toBe(409);
    expect(toApiError(new InvalidPageTokenError('x'))).toMatchObject({ status: 400, code: 'InvalidNextToken' });
  });

  it('names the unknown field of a strict schema', () => {
    // Prepare
    const schema = z.strictObject({ encryption: z.strictObject({ roleArn: z.string() }) });
    const error = schema.safeParse({ encryption: { roleArn: 'r', secretArn: 's' } }).error!;

    // Act
    const mapped = toApiError(error);

    // Assess
    expect(mapped).toMatchObject({ status: 400, code: 'ValidationFailed', options: { field: 'encryption.secretArn' } });
    expect(mapped.message).toBe('encryption.secretArn: unknown field');
  });

  it('hides the detail of an unexpected error behind a generic 500', () => {
    // Act
    const mapped = toApiError(new TypeError("Cannot read properties of undefined (reading 'x')"));

    // Assess
    expect(mapped).toMatchObject({ status: 500, code: 'InternalError' });
    expect(mapped.message).not.toContain('undefined');
  });

  it('maps an unreachable AWS endpoint to 503', () => {
    // Prepare
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

    // Act & Assess
    expect(toApiError(error)).toMatchObject({ status: 503, code: 'UpstreamUnavailable' });
  });
});

describe('sanitizeAwsMessage', () => {
  it('cuts long messages to 300 characters', () => {
    // Act & Assess
    expect(sanitizeAwsMessage('x'.repeat(1000))).toHaveLength(300);
    expect(sanitizeAwsMessage(undefined)).toBe('no detail given');
  });
});
