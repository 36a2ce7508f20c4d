import { RequestBudget } from '../../../lambdas/polling/request-budget';
import { ThrottledError } from '../../../lambdas/shared/errors';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { ManualClock } from '../mediaconnect/flow-fixtures';

const throttled = () =>
  Object.assign(new Error('slow down'), {
    name: 'TooManyRequestsException',
    $metadata: { httpStatusCode: 429, attempts: 3 },
  });

describe('RequestBudget', () => {
  let clock: ManualClock;
  let delays: number[];

  beforeEach(() => {
    clock = new ManualClock();
    delays = [];
  });

  const budget = (bucket = new TokenBucket(100, 100, clock, async (ms) => clock.advance(ms))) =>
    new RequestBudget(bucket, {
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 },
      wait: async (ms) => {
        delays.push(ms);
      },
      random: () => 1,
    });

  it('retries a throttle with bounded exponential backoff, then gives up with ThrottledError', async () => {
    // Prepare
    const api = budget();
    const request = jest.fn().mockRejectedValue(throttled());

    // Act
    const call = api.call('DescribeFlow', request);

    // Assess
    await expect(call).rejects.toBeInstanceOf(ThrottledError);
    expect(request).toHaveBeenCalledTimes(4);
    expect(delays).toEqual([100, 200, 300]);
    expect(api.snapshot()).toMatchObject({ calls: { DescribeFlow: 4 }, throttles: 4, sdkRetries: 8, backoffMs: 600 });
  });

  it('passes other errors through at once', async () => {
    // Prepare
    const api = budget();
    const request = jest.fn().mockRejectedValue(Object.assign(new Error('nope'), { name: 'BadRequestException' }));

    // Act
    const call = api.call('DescribeFlow', request);

    // Assess
    await expect(call).rejects.toThrow('nope');
    expect(request).toHaveBeenCalledTimes(1);
    expect(api.snapshot().throttles).toBe(0);
  });

  it('surfaces LimitExceededException at once: a quota error is not retried', async () => {
    // Prepare
    const api = budget();
    const quota = Object.assign(new Error('limit reached'), {
      name: 'LimitExceededException',
      $metadata: { httpStatusCode: 400 },
    });
    const request = jest.fn().mockRejectedValue(quota);

    // Act
    const call = api.call('GrantFlowEntitlements', request);

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'LimitExceededException' });
    expect(request).toHaveBeenCalledTimes(1);
    expect(delays).toEqual([]);
    expect(api.snapshot().throttles).toBe(0);
  });

  it('empties the rate limiter after a throttle so the next call waits for a refill', async () => {
    // Prepare
    const waits: number[] = [];
    const bucket = new TokenBucket(5, 30, clock, async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    });
    const api = budget(bucket);
    const request = jest.fn().mockRejectedValueOnce(throttled()).mockResolvedValue({ ok: true });

    // Act
    const result = await api.call('ListFlows', request);

    // Assess
    expect(result).toEqual({ ok: true });
    expect(waits).toEqual([200]);
  });
});
