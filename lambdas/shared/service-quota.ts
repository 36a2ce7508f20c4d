import * as z from 'zod';
import type { ServiceName } from '../store/keys';
import { ConfigError } from './env';

/**
 * One request quota per service, account and Region (MediaConnect: 5 requests/s steady, burst 30, and it cannot be
 * raised; MediaLive's Describe/List calls are paced the same way by default), shared by every function that calls the
 * service. Each service has its own buckets: a MediaLive poll never spends MediaConnect's quota. Each function gets a
 * fixed share of it, and each of its instances paces at `share × margin / instances` with its own token bucket, so the
 * account total stays under `rps × margin` however many instances run at once: the inventory runs alone (reserved concurrency 1), the ingest at most
 * `concurrency.ingest` at once (the SQS event source's maximum concurrency), the API at most `concurrency.api` (its
 * reserved concurrency). The burst is split the same way, at least one request per instance.
 */

/** The functions that call a service, each with its own share of its quota. */
export const QUOTA_FUNCTIONS = ['inventory', 'ingest', 'api'] as const;
export type QuotaFunction = (typeof QUOTA_FUNCTIONS)[number];

/** The inventory poller runs as one instance at a time (reserved concurrency 1). */
export const INVENTORY_INSTANCES = 1;

const share = (fallback: number) => z.number().positive().max(100).default(fallback);

const quotaObject = z.strictObject({
  /** The account's steady quota in requests per second. */
  rps: z.number().positive().max(100).default(5),
  /** The account's burst. */
  burst: z.number().int().min(1).max(1000).default(30),
  /** The fraction of the quota the monitor paces at, to leave room for clock drift and other callers. */
  margin: z.number().gt(0).max(1).default(0.9),
  /** Requests per second of the quota given to each function (before the margin); they add up to at most `rps`. */
  shares: z.strictObject({ inventory: share(3), ingest: share(1.5), api: share(0.5) }).prefault({}),
  /** How many instances of a function may run at once; the stack sets the functions' concurrency to these. */
  concurrency: z
    .strictObject({
      /** The SQS event source's maximum concurrency (2-1000, an SQS limit). */
      ingest: z.number().int().min(2).max(1000).default(2),
      /** The API function's reserved concurrency. */
      api: z.number().int().min(1).max(1000).default(3),
    })
    .prefault({}),
});

export type ServiceQuotaInput = z.input<typeof quotaObject>;
export type ServiceQuota = z.output<typeof quotaObject>;

/** One function's part of the quota: its share, and the pace of each of its instances. */
export interface FunctionPace {
  /** Requests per second given to the function, before the margin. */
  readonly share: number;
  /** Instances that may run at once. */
  readonly instances: number;
  /** Steady requests per second of each instance: `share × margin / instances`. */
  readonly rps: number;
  /** Token-bucket burst of each instance. */
  readonly burst: number;
}

export interface QuotaSplit {
  readonly account: { readonly rps: number; readonly burst: number; readonly margin: number };
  readonly functions: Readonly<Record<QuotaFunction, FunctionPace>>;
  /** What all instances of all functions can send together: at most `account × margin`. */
  readonly total: { readonly rps: number; readonly burst: number };
}

// Rounded down, so the parts never add up to more than the whole.
const floor6 = (value: number) => Math.floor(value * 1e6 + 1e-6) / 1e6;

/** The per-instance pace of every function. */
export function splitQuota(quota: ServiceQuota): QuotaSplit {
  const instances: Record<QuotaFunction, number> = {
    inventory: INVENTORY_INSTANCES,
    ingest: quota.concurrency.ingest,
    api: quota.concurrency.api,
  };
  const pace = (fn: QuotaFunction): FunctionPace => {
    const fraction = quota.shares[fn] / quota.rps;
    return {
      share: quota.shares[fn],
      instances: instances[fn],
      rps: floor6((quota.shares[fn] * quota.margin) / instances[fn]),
      burst: Math.max(1, Math.floor((quota.burst * quota.margin * fraction) / instances[fn] + 1e-9)),
    };
  };
  const functions = { inventory: pace('inventory'), ingest: pace('ingest'), api: pace('api') };
  const parts = Object.values(functions);
  return {
    account: { rps: quota.rps, burst: quota.burst, margin: quota.margin },
    functions,
    total: {
      rps: floor6(parts.reduce((sum, f) => sum + f.rps * f.instances, 0)),
      burst: parts.reduce((sum, f) => sum + f.burst * f.instances, 0),
    },
  };
}

/** Why a quota cannot be honoured, as `[path, message]` pairs; none when it can. */
function quotaProblems(quota: ServiceQuota): [string[], string][] {
  const problems: [string[], string][] = [];
  const shares = floor6(QUOTA_FUNCTIONS.reduce((sum, fn) => sum + quota.shares[fn], 0));
  if (shares > quota.rps)
    problems.push([['shares'], `shares add up to ${shares} req/s, more than the account's ${quota.rps}`]);
  const split = splitQuota(quota);
  const allowed = Math.floor(quota.burst * quota.margin + 1e-9);
  if (split.total.burst > allowed) {
    const parts = QUOTA_FUNCTIONS.map((fn) => `${fn} ${split.functions[fn].instances}×${split.functions[fn].burst}`);
    problems.push([
      ['concurrency'],
      `the instances' bursts add up to ${split.total.burst} (${parts.join(', ')}), more than ${allowed} ` +
        `(burst × margin): every instance needs at least one request of burst, so lower a concurrency or raise its share`,
    ]);
  }
  return problems;
}

/** The quota schema with its cross-field checks, for the deployment config (one per service). */
export const serviceQuotaSchema = quotaObject.prefault({}).superRefine((quota, ctx) => {
  for (const [path, message] of quotaProblems(quota)) ctx.addIssue({ code: 'custom', path, message });
});

const SERVICE_LABELS: Readonly<Record<ServiceName, string>> = {
  mediaconnect: 'MediaConnect',
  medialive: 'MediaLive',
  mediapackage: 'MediaPackage',
  mediapackagev2: 'MediaPackage v2',
};

/** Validates a quota configuration and applies the defaults; throws ConfigError listing every problem. */
export function parseServiceQuota(raw: unknown, service: ServiceName = 'mediaconnect'): ServiceQuota {
  const parsed = serviceQuotaSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${[...i.path].map(String).join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`Invalid ${SERVICE_LABELS[service]} quota: ${problems.join('; ')}`);
}

/** The environment variable that carries a service's quota configuration (JSON): `MEDIACONNECT_QUOTA`, `MEDIALIVE_QUOTA`. */
export function serviceQuotaEnv(service: ServiceName): string {
  return `${service.toUpperCase()}_QUOTA`;
}

/** The split from `<SERVICE>_QUOTA` (JSON of `ServiceQuotaInput`; unset or empty: the defaults). */
export function serviceQuotaFromEnv(service: ServiceName, env: NodeJS.ProcessEnv = process.env): QuotaSplit {
  const name = serviceQuotaEnv(service);
  const raw = env[name];
  let value: unknown = {};
  if (raw !== undefined && raw.trim() !== '') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ConfigError(`Environment variable ${name} must be JSON`);
    }
  }
  return splitQuota(parseServiceQuota(value, service));
}
