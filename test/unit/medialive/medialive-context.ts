import { MediaLiveClient } from '@aws-sdk/client-medialive';
import type { KindContext } from '../../../lambdas/polling/resource-kind';
import { RequestBudget } from '../../../lambdas/polling/request-budget';
import type { Clock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { ACCOUNT, REGION } from './medialive-fixtures';

export class ManualClock implements Clock {
  constructor(public ms = Date.parse('2026-03-01T10:00:00.000Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A kind context over `client` with a generous budget whose backoff takes no time. */
export function kindContext(client: MediaLiveClient, clock = new ManualClock()): KindContext<MediaLiveClient> {
  const budget = new RequestBudget(new TokenBucket(1000, 1000, clock, async (ms) => clock.advance(ms)), {
    wait: async (ms) => clock.advance(ms),
    random: () => 0.5,
  });
  return { client, budget, clock, account: ACCOUNT, region: REGION };
}

/** Everything an async iterable yields. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** An SDK-like error with a name and an HTTP status. */
export function awsError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status },
    $fault: status >= 500 ? 'server' : 'client',
  });
}
