import { isNotFound, isThrottle, isTransient } from '../../../lambdas/shared/errors';

const awsError = (name: string, httpStatusCode: number): Error =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode } });

describe('isThrottle', () => {
  it('recognises MediaConnect and SDK throttles by name and HTTP 429', () => {
    // Act
    const verdicts = [
      awsError('TooManyRequestsException', 429),
      awsError('ThrottlingException', 400),
      awsError('SomethingNew', 429),
    ].map(isThrottle);

    // Assess
    expect(verdicts).toEqual([true, true, true]);
  });

  it('treats LimitExceededException as a quota error, not a throttle', () => {
    // Act
    const verdict = isThrottle(awsError('LimitExceededException', 400));

    // Assess
    expect(verdict).toBe(false);
  });
});

describe('isNotFound', () => {
  it('recognises MediaConnect NotFoundException', () => {
    // Act
    const verdict = isNotFound(awsError('NotFoundException', 404));

    // Assess
    expect(verdict).toBe(true);
  });

  it('does not take any other 404 for a missing flow', () => {
    // Act
    const verdicts = [
      awsError('UnknownError', 404),
      awsError('404', 404),
      awsError('ResourceNotFoundException', 404),
      new Error('Not Found'),
    ].map(isNotFound);

    // Assess
    expect(verdicts).toEqual([false, false, false, false]);
  });
});

describe('isTransient', () => {
  it('recognises server errors and network failures', () => {
    // Act
    const verdicts = [
      awsError('InternalServerErrorException', 500),
      awsError('ServiceUnavailableException', 503),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
    ].map(isTransient);

    // Assess
    expect(verdicts).toEqual([true, true, true, true]);
  });

  it('leaves client errors, quotas and throttles to their own handling', () => {
    // Act
    const verdicts = [
      awsError('BadRequestException', 400),
      awsError('LimitExceededException', 400),
      awsError('NotFoundException', 404),
      awsError('TooManyRequestsException', 429),
    ].map(isTransient);

    // Assess
    expect(verdicts).toEqual([false, false, false, false]);
  });
});
