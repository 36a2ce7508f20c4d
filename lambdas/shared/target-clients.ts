import { systemClock, type Clock } from './clock';
import type { ClientOptions } from './clients';
import { ConfigError } from './env';
import { TokenBucket } from './rate-limiter';
import { parseServiceQuota, splitQuota, type QuotaFunction, type QuotaSplit } from './service-quota';
import type { TargetCredentials } from './target-credentials';
import { targetKey, type CredentialPurpose, type WatchedTarget } from './watched-targets';
import type { ServiceName } from '../store/keys';

/**
 * One SDK client per watched target (and purpose), created on first use and kept for the container's life: the
 * client's Region is the target's, its credentials the target's provider (none: the function's own role).
 */
export function targetClientCache<C>(
  factory: (options: ClientOptions) => C,
  credentials: TargetCredentials,
  purpose: CredentialPurpose = 'read',
): (target: WatchedTarget) => C {
  const clients = new Map<string, C>();
  return (target) => {
    // A registry re-read after a deploy may change a target's credential source: that is a new client.
    const source = purpose === 'operate' ? target.operator : target.credentials;
    const key = `${targetKey(target)}|${JSON.stringify(source ?? null)}`;
    let client = clients.get(key);
    if (!client) {
      const provider = credentials.provider(target, purpose);
      client = factory({ region: target.region, ...(provider ? { credentials: provider } : {}) });
      clients.set(key, client);
    }
    return client;
  };
}

/**
 * The quota split of a service for one target: its override (`quotas[service]`), else the deployment's. An override
 * sets the account's quota and the functions' shares; the instances stay the deployment's, because they are the
 * functions' concurrency, which the stack sets once for all targets.
 */
export function targetQuota(target: WatchedTarget, service: ServiceName, fallback: QuotaSplit): QuotaSplit {
  const override = target.quotas[service];
  if (override === undefined) return fallback;
  const concurrency = { ingest: fallback.functions.ingest.instances, api: fallback.functions.api.instances };
  const input = override !== null && typeof override === 'object' ? { ...override, concurrency } : override;
  try {
    return splitQuota(parseServiceQuota(input, service));
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`Target ${targetKey(target)}: ${error.message}`);
    throw error;
  }
}

/**
 * One token bucket per target for a function's share of a service's quota: the AWS quota is per account and Region,
 * so two targets never share a bucket, and back-to-back invocations for one target in a warm container do.
 */
export function targetBuckets(
  service: ServiceName,
  fn: QuotaFunction,
  fallback: QuotaSplit,
  clock: Clock = systemClock,
): (target: WatchedTarget) => TokenBucket {
  const buckets = new Map<string, TokenBucket>();
  return (target) => {
    const key = `${targetKey(target)}|${JSON.stringify(target.quotas[service] ?? null)}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      const pace = targetQuota(target, service, fallback).functions[fn];
      bucket = new TokenBucket(pace.rps, pace.burst, clock);
      buckets.set(key, bucket);
    }
    return bucket;
  };
}
