import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ClientOptions } from '../../../lambdas/shared/clients';
import { ConfigError } from '../../../lambdas/shared/env';
import { parseServiceQuota, splitQuota } from '../../../lambdas/shared/service-quota';
import { targetBuckets, targetClientCache, targetQuota } from '../../../lambdas/shared/target-clients';
import { TargetCredentialsError, type TargetCredentials } from '../../../lambdas/shared/target-credentials';
import {
  watchedTargetSchema,
  type CredentialPurpose,
  type WatchedTarget,
  type WatchedTargetInput,
} from '../../../lambdas/shared/watched-targets';

const target = (input: WatchedTargetInput) => watchedTargetSchema.parse(input);

const own = target({ account: '111111111111', region: 'eu-west-1' });
const member = target({
  account: '222222222222',
  region: 'eu-west-1',
  credentials: { type: 'assume-role', roleArn: 'arn:aws:iam::222222222222:role/media-monitor/read' },
  operator: { type: 'assume-role', roleArn: 'arn:aws:iam::222222222222:role/media-monitor/operate' },
});
const memberUs = target({ ...member, region: 'us-east-1' });

/** A TargetCredentials that hands out one named provider per (target, purpose) and records the requests. */
function fakeCredentials() {
  const asked: [string, CredentialPurpose][] = [];
  const providers = new Map<string, AwsCredentialIdentityProvider>();
  const credentials: TargetCredentials = {
    provider(t: WatchedTarget, purpose: CredentialPurpose) {
      asked.push([`${t.account}#${t.region}`, purpose]);
      const source = purpose === 'operate' ? t.operator : t.credentials;
      if (source?.type === 'execution-role') return undefined;
      const key = `${t.account}#${t.region}|${purpose}|${JSON.stringify(source)}`;
      if (!providers.has(key)) providers.set(key, async () => ({ accessKeyId: key, secretAccessKey: 'x' }));
      return providers.get(key);
    },
  };
  return { credentials, asked, providers };
}

class FakeClock {
  at = 0;
  now = () => this.at;
}

const DEFAULT_SPLIT = splitQuota(parseServiceQuota({}));

describe('targetClientCache', () => {
  it("creates one client per target, in the target's Region, with the target's provider", () => {
    // Prepare
    const { credentials } = fakeCredentials();
    const factory = jest.fn((options: ClientOptions) => ({ options }));
    const clientOf = targetClientCache(factory, credentials);

    // Act
    const first = clientOf(member);
    const again = clientOf(member);
    const us = clientOf(memberUs);

    // Assess
    expect(again).toBe(first);
    expect(us).not.toBe(first);
    expect(factory).toHaveBeenCalledTimes(2);
    expect(first.options.region).toBe('eu-west-1');
    expect(us.options.region).toBe('us-east-1');
    expect(first.options.credentials).toEqual(expect.any(Function));
    expect(us.options.credentials).not.toBe(first.options.credentials);
  });

  it('gives an execution-role target a client without credentials, so it uses the function role', () => {
    // Prepare
    const { credentials } = fakeCredentials();
    const factory = jest.fn((options: ClientOptions) => ({ options }));

    // Act
    const client = targetClientCache(factory, credentials)(own);

    // Assess
    expect(client.options).toEqual({ region: 'eu-west-1' });
  });

  it("asks for the purpose's provider: operate clients use the operator's", async () => {
    // Prepare
    const { credentials, asked } = fakeCredentials();
    const factory = (options: ClientOptions) => ({ options });

    // Act
    const read = targetClientCache(factory, credentials, 'read')(member);
    const operate = targetClientCache(factory, credentials, 'operate')(member);

    // Assess
    expect(asked).toEqual([
      ['222222222222#eu-west-1', 'read'],
      ['222222222222#eu-west-1', 'operate'],
    ]);
    expect((await read.options.credentials!()).accessKeyId).toContain('|read|');
    expect((await operate.options.credentials!()).accessKeyId).toContain('|operate|');
  });

  it("makes a new client when a re-read registry changes the target's credentials", () => {
    // Prepare
    const { credentials } = fakeCredentials();
    const factory = jest.fn((options: ClientOptions) => ({ options }));
    const clientOf = targetClientCache(factory, credentials);
    const before = clientOf(member);
    const moved = target({
      ...member,
      credentials: { type: 'assume-role', roleArn: 'arn:aws:iam::222222222222:role/media-monitor/read-v2' },
    });

    // Act
    const after = clientOf(moved);

    // Assess
    expect(after).not.toBe(before);
    expect(factory).toHaveBeenCalledTimes(2);
  });

  it("lets a client's call fail with the TargetCredentialsError itself, without retrying it", async () => {
    // Prepare
    let asks = 0;
    const failing: TargetCredentials = {
      provider: (t, purpose) => async () => {
        asks += 1;
        throw TargetCredentialsError.of(t, 'AccessDenied', purpose);
      },
    };
    const factory = (options: ClientOptions) =>
      new CloudWatchClient({ ...options, endpoint: 'http://127.0.0.1:9', maxAttempts: 6, retryMode: 'adaptive' });
    const client = targetClientCache(factory, failing)(member);

    // Act
    const call = client.send(new ListMetricsCommand({}));

    // Assess
    await expect(call).rejects.toBeInstanceOf(TargetCredentialsError);
    await expect(call).rejects.toMatchObject({ failure: 'AccessDenied', target: '222222222222#eu-west-1' });
    expect(asks).toBe(1);
  });
});

describe('targetQuota and targetBuckets', () => {
  const tight = target({
    ...member,
    quotas: { mediaconnect: { rps: 2, burst: 30, shares: { inventory: 1, ingest: 0.5, api: 0.5 } } },
  });

  it("uses the deployment's split for a target without an override", () => {
    // Act
    const split = targetQuota(own, 'mediaconnect', DEFAULT_SPLIT);

    // Assess
    expect(split).toBe(DEFAULT_SPLIT);
  });

  it("honours a target's override for its service only, with the deployment's instances", () => {
    // Prepare
    const deployment = splitQuota(parseServiceQuota({ concurrency: { ingest: 4, api: 2 } }));

    // Act
    const split = targetQuota(tight, 'mediaconnect', deployment);
    const otherService = targetQuota(tight, 'medialive', deployment);

    // Assess
    expect(split.account).toEqual({ rps: 2, burst: 30, margin: 0.9 });
    expect(split.functions.inventory).toEqual({ share: 1, instances: 1, rps: 0.9, burst: 13 });
    expect(split.functions.ingest.instances).toBe(4);
    expect(split.functions.api.instances).toBe(2);
    expect(otherService).toBe(deployment);
  });

  it('names the target when its override is invalid', () => {
    // Prepare
    const bad = target({ ...member, quotas: { mediaconnect: { rps: 1, shares: { inventory: 3 } } } });

    // Act
    const split = () => targetQuota(bad, 'mediaconnect', DEFAULT_SPLIT);

    // Assess
    expect(split).toThrow(ConfigError);
    expect(split).toThrow(/^Target 222222222222#eu-west-1: Invalid MediaConnect quota: shares: /);
  });

  it("gives each target its own bucket, paced at the function's share of the target's quota", () => {
    // Prepare
    const bucketOf = targetBuckets('mediaconnect', 'inventory', DEFAULT_SPLIT, new FakeClock());

    // Act
    const ownBucket = bucketOf(own);
    const tightBucket = bucketOf(tight);

    // Assess
    expect(bucketOf(own)).toBe(ownBucket);
    expect(tightBucket).not.toBe(ownBucket);
    expect([ownBucket.ratePerSecond, ownBucket.burst]).toEqual([
      DEFAULT_SPLIT.functions.inventory.rps,
      DEFAULT_SPLIT.functions.inventory.burst,
    ]);
    expect([tightBucket.ratePerSecond, tightBucket.burst]).toEqual([0.9, 13]);
  });

  it("keeps buckets independent: draining one target's bucket leaves another's burst whole", async () => {
    // Prepare
    const clock = new FakeClock();
    const bucketOf = targetBuckets('mediaconnect', 'inventory', DEFAULT_SPLIT, clock);
    const drained = bucketOf(tight);
    for (let i = 0; i < drained.burst; i += 1) await drained.acquire();
    let drainedGot = false;
    const waiting = drained.acquire().then(() => (drainedGot = true));

    // Act
    const other = bucketOf(own);
    for (let i = 0; i < other.burst; i += 1) await other.acquire();
    await Promise.resolve();
    const gotWhileOtherBurst = drainedGot;
    clock.at += 2_000; // the drained bucket refills; its waiter gets its token on its next check
    await waiting;

    // Assess
    expect(other.burst).toBe(DEFAULT_SPLIT.functions.inventory.burst);
    expect(gotWhileOtherBurst).toBe(false);
    expect(drainedGot).toBe(true);
  });
});
