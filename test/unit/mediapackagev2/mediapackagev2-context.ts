import { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { mockClient } from 'aws-sdk-client-mock';
import type { KindContext } from '../../../lambdas/polling/resource-kind';
import { RequestBudget } from '../../../lambdas/polling/request-budget';
import type { Clock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { ACCOUNT, REGION } from './mediapackagev2-fixtures';

export class ManualClock implements Clock {
  constructor(public ms = Date.parse('2026-03-01T10:00:00.000Z')) {}
  now(): number {
    return this.ms;
  }
}

/** A kind context over a fresh client (aws-sdk-client-mock intercepts it) with a budget whose backoff takes no time. */
export function kindContext(clock = new ManualClock()): KindContext<MediaPackageV2Client> {
  const budget = new RequestBudget(new TokenBucket(1000, 1000, clock, async () => undefined), {
    wait: async () => undefined,
    random: () => 0.5,
    retry: { maxAttempts: 2 },
  });
  return { client: new MediaPackageV2Client({ region: REGION }), budget, clock, account: ACCOUNT, region: REGION };
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

/** What the tests use of an aws-sdk-client-mock stub, typed loosely (see `mediaPackageV2Mock`). */
export interface LooseBehavior {
  resolves(output: unknown): LooseBehavior;
  resolvesOnce(output: unknown): LooseBehavior;
  rejects(error: unknown): LooseBehavior;
  rejectsOnce(error: unknown): LooseBehavior;
}
export interface LooseStub {
  on(command: unknown, input?: Record<string, unknown>): LooseBehavior;
  reset(): void;
  commandCalls(command: unknown): { args: [{ input: Record<string, unknown> }] }[];
}

/**
 * The v2 client's stub. @aws-sdk/client-mediapackagev2 3.699.0 (the only version in this registry) bundles an older
 * @smithy/types than aws-sdk-client-mock's, so the mock's generic types reject its client and commands although the
 * runtime is the same: the stub is typed loosely here, and the fixtures keep the SDK's response types.
 */
export function mediaPackageV2Mock(): LooseStub {
  return mockClient(MediaPackageV2Client as never) as unknown as LooseStub;
}

/** The inputs a stub received for one command. */
export const inputsOf = (stub: LooseStub, command: unknown): Record<string, unknown>[] =>
  stub.commandCalls(command).map((call) => call.args[0].input);
