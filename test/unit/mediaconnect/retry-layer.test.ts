import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { RequestBudget, DEFAULT_THROTTLE_RETRY } from '../../../lambdas/polling/request-budget';
import { describeFlow } from '../../../lambdas/mediaconnect/flow-describe';
import { createMediaConnectClient } from '../../../lambdas/shared/clients';
import { ThrottledError } from '../../../lambdas/shared/errors';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { flowArn, ManualClock, REGION } from './flow-fixtures';

/**
 * The production client (createMediaConnectClient) with a request handler that answers on the wire, so every HTTP
 * attempt is counted: the SDK's own retries included, which aws-sdk-client-mock would not see.
 */
interface WireAnswer {
  statusCode: number;
  errorType?: string;
  body: unknown;
}

function countingClient(answers: () => WireAnswer): { client: MediaConnectClient; attempts: () => number } {
  let attempts = 0;
  const client = createMediaConnectClient({ region: REGION });
  client.config.requestHandler = {
    handle: async () => {
      attempts++;
      const { statusCode, errorType, body } = answers();
      return {
        response: {
          statusCode,
          headers: { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) },
          body: new TextEncoder().encode(JSON.stringify(body)),
        },
      };
    },
  } as never;
  return { client, attempts: () => attempts };
}

const throttled: WireAnswer = { statusCode: 429, errorType: 'TooManyRequestsException', body: { message: 'slow' } };

describe('the MediaConnect retry layer', () => {
  const saved = { ...process.env };
  let clock: ManualClock;
  let budget: RequestBudget;
  let delays: number[];

  beforeEach(() => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    clock = new ManualClock();
    delays = [];
    budget = new RequestBudget(new TokenBucket(1_000, 1_000, clock, async (ms) => clock.advance(ms)), {
      wait: async (ms) => void delays.push(ms),
      random: () => 1,
    });
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  it('tries a call that is throttled forever exactly maxAttempts times in all, then fails with ThrottledError', async () => {
    // Prepare
    const { client, attempts } = countingClient(() => throttled);

    // Act
    const call = describeFlow(client, budget, clock, flowArn('Alpha'));

    // Assess
    await expect(call).rejects.toBeInstanceOf(ThrottledError);
    expect(DEFAULT_THROTTLE_RETRY.maxAttempts).toBe(5);
    expect(attempts()).toBe(5);
    expect(delays).toEqual([250, 500, 1_000, 2_000]);
    expect(budget.snapshot()).toMatchObject({ calls: { DescribeFlow: 5 }, throttles: 5, sdkRetries: 0 });
  });

  it('sends a LimitExceededException once and surfaces it', async () => {
    // Prepare
    const { client, attempts } = countingClient(() => ({
      statusCode: 400,
      errorType: 'LimitExceededException',
      body: { message: 'limit reached' },
    }));

    // Act
    const call = describeFlow(client, budget, clock, flowArn('Alpha'));

    // Assess
    await expect(call).rejects.toMatchObject({ name: 'LimitExceededException' });
    expect(attempts()).toBe(1);
    expect(delays).toEqual([]);
  });

  it('retries a server error in the same layer and returns the answer that follows', async () => {
    // Prepare
    let n = 0;
    const { client, attempts } = countingClient(() =>
      n++ === 0
        ? { statusCode: 503, errorType: 'ServiceUnavailableException', body: { message: 'down' } }
        : { statusCode: 200, body: { flow: { flowArn: flowArn('Alpha'), name: 'Alpha', status: 'ACTIVE' } } },
    );

    // Act
    const described = await describeFlow(client, budget, clock, flowArn('Alpha'));

    // Assess
    expect(described.document).toMatchObject({ name: 'Alpha', status: 'ACTIVE' });
    expect(attempts()).toBe(2);
    expect(budget.snapshot()).toMatchObject({ calls: { DescribeFlow: 2 }, throttles: 0 });
  });
});
