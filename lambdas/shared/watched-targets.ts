import { gunzipSync, gzipSync } from 'node:zlib';
import * as z from 'zod';
import { tryParseArn } from './arn';
import { ConfigError, ENV, optionalEnv, requireEnv } from './env';
import type { ServiceName } from '../store/keys';

/**
 * The accounts and Regions one monitoring deployment watches ("targets"), as the functions see them at run time.
 *
 * The deployment config (lib/config.ts) is the source; the stack writes this runtime view (no secret in it: account,
 * Region, the credential source's type and ARNs, services, quota and metric overrides, encryption setups) to an SSM
 * parameter named by TARGETS_PARAMETER, or, locally and in tests, inline in WATCHED_TARGETS. A deployment that watches
 * only itself sets neither: its one target is ACCOUNT_ID in AWS_REGION, read with the function's own role.
 *
 * A target's key is `<account>#<region>`, the suffix of every scoped store key (POLLER#…, LIST#…, CHANGEPATH#…).
 */

export const SERVICE_NAMES = [
  'mediaconnect',
  'medialive',
  'mediapackage',
  'mediapackagev2',
] as const satisfies readonly ServiceName[];

const ACCOUNT = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const REGION = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS Region code');

/** Where a target's credentials come from (seed 000: Metadata, Assume Role, Key Pair). */
export const credentialSourceSchema = z.discriminatedUnion('type', [
  /** The function's own execution role ("Metadata"): only for the deployment's own account. */
  z.strictObject({ type: z.literal('execution-role') }),
  z.strictObject({
    type: z.literal('assume-role'),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN'),
    /** Sent as ExternalId whenever present. Not a secret (AWS), but never logged anyway. */
    externalId: z.string().optional(),
    /** 900-3600: a Lambda role assuming a role is role chaining, which AWS caps at one hour. */
    sessionDurationSeconds: z.number().int().min(900).max(3600).default(3600),
  }),
  z.strictObject({
    type: z.literal('key-pair'),
    /** A Secrets Manager secret in the deployment's account and Region: `{accessKeyId, secretAccessKey}`. */
    secretArn: z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, 'must be a secret ARN'),
  }),
]);
export type CredentialSource = z.output<typeof credentialSourceSchema>;
export type CredentialPurpose = 'read' | 'operate';

/** A `<SERVICE>_QUOTA`-shaped override (JSON of ServiceQuotaInput), validated where it is used (service-quota.ts). */
const quotaOverrides = z.partialRecord(z.enum(SERVICE_NAMES), z.unknown());

export const watchedTargetSchema = z.strictObject({
  account: ACCOUNT,
  region: REGION,
  /** Reads: inventory, metrics, re-polls, alarm reconcile. */
  credentials: credentialSourceSchema.prefault({ type: 'execution-role' }),
  /** Operator actions (start/stop, entitlements). Absent: the API refuses actions on this target's resources (403). */
  operator: credentialSourceSchema.optional(),
  services: z
    .array(z.enum(SERVICE_NAMES))
    .min(1)
    .default([...SERVICE_NAMES]),
  /** Per-target quota overrides by service (the AWS quota is per account and Region). */
  quotas: quotaOverrides.default({}),
  /** METRIC_SET-shaped override for this target (`health`, `all` or a comma list). */
  metricSet: z.string().optional(),
});
export type WatchedTarget = z.output<typeof watchedTargetSchema>;
export type WatchedTargetInput = z.input<typeof watchedTargetSchema>;

/** A named static-key encryption setup (seed 004) the API accepts in place of raw role and secret ARNs. */
export const encryptionSetupRefSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
  account: ACCOUNT,
  region: REGION,
  roleArn: z.string(),
  /**
   * The secret's ARN. For a setup the deployment's own stack creates, the full ARN; for one a member stack creates,
   * the partial ARN `arn:…:secret:media-monitor/encryption/<name>` (no random suffix), which the API resolves.
   */
  secretArn: z.string(),
});
export type EncryptionSetupRef = z.output<typeof encryptionSetupRefSchema>;

export const targetRegistrySchema = z.strictObject({
  /** The monitoring deployment itself: where the table, API and functions are. */
  deployment: z.strictObject({ account: ACCOUNT, region: REGION, name: z.string().min(1) }),
  targets: z.array(watchedTargetSchema).min(1),
  encryptionSetups: z.array(encryptionSetupRefSchema).default([]),
});
export type TargetRegistry = z.output<typeof targetRegistrySchema>;
export type TargetRegistryInput = z.input<typeof targetRegistrySchema>;

export interface TargetWhere {
  readonly account: string;
  readonly region: string;
}

/** `<account>#<region>`. */
export const targetKey = (t: TargetWhere): string => `${t.account}#${t.region}`;

/** The inverse of targetKey; undefined when the key is malformed. */
export function parseTargetKey(key: string): TargetWhere | undefined {
  const match = /^(\d{12})#([a-z]{2}(?:-[a-z]+)+-\d)$/.exec(key);
  return match ? { account: match[1]!, region: match[2]! } : undefined;
}

/** Validates a registry (JSON text or object); throws ConfigError naming the field path. */
export function parseTargetRegistry(raw: unknown, source: string): TargetRegistry {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ConfigError(`${source} must be JSON`);
    }
  }
  const parsed = targetRegistrySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid ${source}: ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  const seen = new Set<string>();
  for (const target of parsed.data.targets) {
    const key = targetKey(target);
    if (seen.has(key)) throw new ConfigError(`Invalid ${source}: target ${key} is listed twice`);
    seen.add(key);
  }
  return parsed.data;
}

/**
 * The registry of a deployment that watches only itself, every service, reading and acting with its own role (as a
 * single-account stack always has: its API function's role holds the operator statements).
 */
export function selfRegistry(account: string, region: string, name = `${account}-${region}`): TargetRegistry {
  const self = { account, region, operator: { type: 'execution-role' as const } };
  return parseTargetRegistry({ deployment: { account, region, name }, targets: [self] }, 'registry');
}

/** Finds a target by account and Region. */
export function findTarget(registry: TargetRegistry, where: TargetWhere): WatchedTarget | undefined {
  return registry.targets.find((t) => t.account === where.account && t.region === where.region);
}

/** moto's MediaLive and MediaPackage v1 ARNs: `arn:aws:medialive:channel:<id>`, no Region or account field. */
const MOTO_ACCOUNTLESS_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z-]+:[^:\s]+$/;

/**
 * The target a resource ARN belongs to, for re-polls and actions. AWS ARNs carry the account and Region. moto's
 * MediaLive and MediaPackage v1 ARNs carry neither (`arn:aws:medialive:channel:<id>`): such an ARN belongs to the one
 * target of the deployment's Region that watches the service, else to the deployment's own target. Undefined: the
 * resource is in an account or Region this deployment does not watch, or the text is no ARN.
 */
export function targetForArn(registry: TargetRegistry, arn: string, service: ServiceName): WatchedTarget | undefined {
  const parsed = tryParseArn(arn);
  if (parsed && parsed.account !== '' && parsed.region !== '')
    return findTarget(registry, { account: parsed.account, region: parsed.region });
  if (!parsed && !MOTO_ACCOUNTLESS_ARN.test(arn)) return undefined;
  const region = parsed?.region || registry.deployment.region;
  const candidates = registry.targets.filter((t) => t.region === region && t.services.includes(service));
  if (candidates.length === 1) return candidates[0];
  return findTarget(registry, registry.deployment);
}

/** The prefix of a compressed registry value: `gzip:` and the base64 of the gzipped JSON. */
export const COMPRESSED_REGISTRY_PREFIX = 'gzip:';

/**
 * The registry as the SSM parameter holds it: the JSON itself while it fits in `plainLimit` characters (readable in the
 * console), else gzipped and base64-encoded behind COMPRESSED_REGISTRY_PREFIX. Registries repeat themselves (role
 * paths, Region, types), so 100 targets fit in one Advanced parameter's 8 KB.
 */
export function encodeRegistryValue(json: string, plainLimit = 4096): string {
  if (json.length <= plainLimit) return json;
  return COMPRESSED_REGISTRY_PREFIX + gzipSync(Buffer.from(json, 'utf8'), { level: 9 }).toString('base64');
}

/** The inverse of encodeRegistryValue; plain JSON passes through. Throws ConfigError for a value it cannot inflate. */
export function decodeRegistryValue(value: string, source: string): string {
  if (!value.startsWith(COMPRESSED_REGISTRY_PREFIX)) return value;
  try {
    return gunzipSync(Buffer.from(value.slice(COMPRESSED_REGISTRY_PREFIX.length), 'base64')).toString('utf8');
  } catch {
    throw new ConfigError(`${source} holds a compressed registry that does not inflate`);
  }
}

/** Reads one SSM parameter's value (lambdas/shared/clients.ts `createParameterReader`). */
export type ParameterReader = (name: string) => Promise<string>;

/**
 * Where a function gets the registry, cached for `ttlMs` (the SSM parameter changes only on deploy; the TTL bounds
 * how long a warm container keeps an old list after one):
 * - WATCHED_TARGETS: the registry JSON inline (local runtime, tests);
 * - TARGETS_PARAMETER: the name of the SSM parameter that holds it (deployed multi-target stacks);
 * - neither: `selfRegistry(ACCOUNT_ID, AWS_REGION)`.
 */
export class TargetRegistrySource {
  private cached?: { registry: TargetRegistry; at: number };
  private inFlight?: Promise<TargetRegistry>;

  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly readParameter?: ParameterReader,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 300_000,
  ) {}

  async get(): Promise<TargetRegistry> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached.registry;
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async load(): Promise<TargetRegistry> {
    const registry = await this.read();
    this.cached = { registry, at: this.now() };
    return registry;
  }

  private async read(): Promise<TargetRegistry> {
    const inline = optionalEnv(ENV.watchedTargets, '', this.env);
    if (inline !== '') return parseTargetRegistry(inline, ENV.watchedTargets);
    const parameter = optionalEnv(ENV.targetsParameter, '', this.env);
    if (parameter !== '') {
      if (!this.readParameter) throw new ConfigError(`${ENV.targetsParameter} is set but no parameter reader is`);
      const source = `SSM parameter ${parameter}`;
      return parseTargetRegistry(decodeRegistryValue(await this.readParameter(parameter), source), source);
    }
    return selfRegistry(requireEnv(ENV.accountId, this.env), requireEnv('AWS_REGION', this.env));
  }
}
