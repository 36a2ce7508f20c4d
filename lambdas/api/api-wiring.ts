import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import type { MediaLiveClient } from '@aws-sdk/client-medialive';
import type { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import type { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { createResourceRepoller, metricsRepoll, type ResourceRepoller } from '../events/resource-repoller';
import { claimRepoll } from '../events/repoll-coalescer';
import { mediaConnectInventory } from '../mediaconnect/service';
import { mediaLiveInventory } from '../medialive/service';
import { mediaPackageInventory } from '../mediapackage/service';
import { mediaPackageV2Inventory } from '../mediapackagev2/service';
import type { MetricsPollerOptions } from '../metrics/metrics-config';
import { createRefresher } from '../polling/inventory-refresh';
import { RequestBudget } from '../polling/request-budget';
import {
  ClientOptions,
  createCloudWatchClient,
  createMediaConnectClient,
  createMediaLiveClient,
  createMediaPackageClient,
  createMediaPackageV2Client,
} from '../shared/clients';
import type { Clock } from '../shared/clock';
import type { QuotaSplit } from '../shared/service-quota';
import { TokenBucket } from '../shared/rate-limiter';
import { ConfigError, ENV, numberEnv, optionalEnv } from '../shared/env';
import { targetQuota } from '../shared/target-clients';
import { TargetCredentialsError, type TargetCredentials } from '../shared/target-credentials';
import {
  selfRegistry,
  targetKey,
  type CredentialPurpose,
  type TargetRegistry,
  type WatchedTarget,
} from '../shared/watched-targets';
import type { ServiceName } from '../store/keys';
import { DEFAULT_SWEEP_PERIODS, type ChangeEventsMode, type SweepPeriods } from '../store/change-path';
import type { StateStore } from '../store/state-store';
import type { ApiDeps, TargetActions } from './api-deps';
import { AuditLog } from './audit';
import { PageTokenCodec, PageTokenKeys } from './http/page-token';
import { refresherOf, type ServiceRefreshers } from './refreshers';
import { resourceTarget } from './targets';

/** What the API is built from: clients, the store, and the deployment's settings. */
export interface ApiWiring {
  store: StateStore;
  mediaConnect: MediaConnectClient;
  cloudWatch: CloudWatchClient;
  clock: Clock;
  /** The deployment's account and Region: the default listing scope, and where re-polls fetch metrics. */
  account: string;
  region: string;
  /**
   * The key material of the pagination tokens: a provider (deployed: the Secrets Manager secret, cached and
   * rotatable), or a fixed per-process value (the local runtime, tests, the bench).
   */
  tokenSecret: string | PageTokenKeys;
  metrics: Pick<MetricsPollerOptions, 'metricSet' | 'defaultIntervalSeconds' | 'historyMinutes'>;
  /** @default 14 */
  eventHistoryDays?: number;
  /** @default 10 */
  repollWindowSeconds?: number;
  /** A stored flow transition older than this is refreshed before an action is refused. @default 180 */
  staleTransitionSeconds?: number;
  /** The account's MediaConnect quota split; this process paces at `functions.api`, and `/summary` shows it. */
  mediaConnectQuota?: QuotaSplit;
  /** Overrides the pace of this process (tests). @default mediaConnectQuota.functions.api, else 5 per second, burst 30 */
  mediaConnectRps?: number;
  mediaConnectBurst?: number;
  /** @default createMediaLiveClient({ region }) (one attempt per send; AWS_ENDPOINT_URL honoured) */
  mediaLive?: MediaLiveClient;
  /** The account's MediaLive quota split (MEDIALIVE_QUOTA); this process paces MediaLive at `functions.api`. */
  mediaLiveQuota?: QuotaSplit;
  /** Overrides the MediaLive pace of this process (tests). @default mediaLiveQuota.functions.api, else 5 per second, burst 30 */
  mediaLiveRps?: number;
  mediaLiveBurst?: number;
  /** @default createMediaPackageClient({ region }) (one attempt per send; AWS_ENDPOINT_URL honoured) */
  mediaPackage?: MediaPackageClient;
  /** The account's MediaPackage quota split (MEDIAPACKAGE_QUOTA); re-polls from the API pace at `functions.api`. */
  mediaPackageQuota?: QuotaSplit;
  /** @default createMediaPackageV2Client({ region }) */
  mediaPackageV2?: MediaPackageV2Client;
  /** The account's MediaPackage v2 quota split (MEDIAPACKAGEV2_QUOTA); re-polls from the API pace at `functions.api`. */
  mediaPackageV2Quota?: QuotaSplit;
  /** Replaces the wired refresher of a service (tests, the local runtime). */
  refreshers?: ServiceRefreshers;
  tombstoneRetentionHours?: number;
  pollerIntervals?: Readonly<Record<string, number>>;
  /** ENCRYPTION_ROLE_ARNS: the roles the API may pass to MediaConnect for entitlement encryption. @default [] */
  encryptionRoleArns?: readonly string[];
  logger?: { warn(message: string, ...extra: unknown[]): void };
  /** CHANGE_EVENTS: with `cloudtrail` the API records the AWS calls it makes (the change path's check). @default 'off' */
  changeEvents?: ChangeEventsMode;
  /** SWEEP_PERIOD_*_MINUTES, for `/summary`'s sweep period in effect. @default DEFAULT_SWEEP_PERIODS */
  sweepPeriods?: SweepPeriods;
  /**
   * The deployment and its watched targets, read at the first request and cached (the handler: TargetRegistrySource).
   * @default - the deployment watching only itself (`account`, `region`) with the function's own role
   */
  registry?: () => Promise<TargetRegistry>;
  /** Credentials of the targets (lambdas/shared/target-credentials.ts). @default - execution-role sources only */
  credentials?: TargetCredentials;
  /** How another target's clients are made. @default the lambdas/shared/clients.ts factories */
  clientFactories?: Partial<ApiClientFactories>;
}

/**
 * CHANGE_EVENTS and SWEEP_PERIOD_*_MINUTES as the stack sets them; absent (local runtime, tests) the change path is
 * off and the periods are 60 and 5 minutes. An unknown mode fails the cold start.
 */
export function changePathSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): {
  changeEvents: ChangeEventsMode;
  sweepPeriods: SweepPeriods;
} {
  const changeEvents = optionalEnv(ENV.changeEvents, 'off', env);
  if (changeEvents !== 'cloudtrail' && changeEvents !== 'off')
    throw new ConfigError(`Environment variable ${ENV.changeEvents} must be cloudtrail or off, got "${changeEvents}"`);
  return {
    changeEvents,
    sweepPeriods: {
      liveMinutes: numberEnv(ENV.sweepPeriodLiveMinutes, DEFAULT_SWEEP_PERIODS.liveMinutes, env),
      offMinutes: numberEnv(ENV.sweepPeriodOffMinutes, DEFAULT_SWEEP_PERIODS.offMinutes, env),
    },
  };
}

/** How the API makes the clients of a target other than the deployment's own (Region and credentials given). */
export interface ApiClientFactories {
  mediaConnect(options: ClientOptions): MediaConnectClient;
  mediaLive(options: ClientOptions): MediaLiveClient;
  mediaPackage(options: ClientOptions): MediaPackageClient;
  mediaPackageV2(options: ClientOptions): MediaPackageV2Client;
  cloudWatch(options: ClientOptions): CloudWatchClient;
}

const DEFAULT_FACTORIES: ApiClientFactories = {
  mediaConnect: createMediaConnectClient,
  mediaLive: createMediaLiveClient,
  mediaPackage: createMediaPackageClient,
  mediaPackageV2: createMediaPackageV2Client,
  cloudWatch: createCloudWatchClient,
};

/**
 * Credentials when the wiring is given none: the function's own role for execution-role sources; any other source
 * fails at its first call with TargetCredentialsError('unconfigured') (a test or tool that wires many accounts must
 * give `credentials`), never silently with the function's own role.
 */
const EXECUTION_ROLE_ONLY: TargetCredentials = {
  provider(target, purpose) {
    const source = purpose === 'read' ? target.credentials : target.operator;
    if (source?.type === 'execution-role') return undefined;
    return async () => {
      throw TargetCredentialsError.of(target, 'unconfigured', purpose);
    };
  },
};

/** What the API reads a target with (read credentials): its refreshers, paced at the API's share, and its re-poller. */
interface TargetReads {
  refreshers: ServiceRefreshers;
  repoller: ResourceRepoller;
  /** The target's MediaLive bucket: its refreshes and its channel actions share it. */
  mediaLiveLimiter: TokenBucket;
}

/** The API's bucket for a service in a target: the target's quota override, else the deployment's split, else 5/30. */
function apiBucket(
  wiring: ApiWiring,
  service: ServiceName,
  split: QuotaSplit | undefined,
  pace: { rps?: number | undefined; burst?: number | undefined },
  target: WatchedTarget,
): TokenBucket {
  const quota = target.quotas[service] !== undefined ? targetQuota(target, service, split as QuotaSplit) : split;
  return new TokenBucket(
    pace.rps ?? quota?.functions.api.rps ?? 5,
    pace.burst ?? quota?.functions.api.burst ?? 30,
    wiring.clock,
  );
}

/** The read clients of one target. */
interface ReadClients {
  mediaConnect: MediaConnectClient;
  mediaLive: MediaLiveClient;
  mediaPackage: MediaPackageClient;
  mediaPackageV2: MediaPackageV2Client;
  cloudWatch: CloudWatchClient;
}

/** A target's refreshers and re-poller over its read clients, each service paced at the API's share of its quota. */
function targetReads(
  wiring: ApiWiring,
  target: WatchedTarget,
  clients: ReadClients,
  overrides: ServiceRefreshers = {},
): TargetReads {
  const base = {
    store: wiring.store,
    clock: wiring.clock,
    accountId: target.account,
    ...(wiring.tombstoneRetentionHours !== undefined
      ? { tombstoneRetentionHours: wiring.tombstoneRetentionHours }
      : {}),
  };
  const bucket = (service: ServiceName, split: QuotaSplit | undefined, rps?: number, burst?: number) =>
    apiBucket(wiring, service, split, { rps, burst }, target);
  const mediaLiveLimiter = bucket('medialive', wiring.mediaLiveQuota, wiring.mediaLiveRps, wiring.mediaLiveBurst);
  const refreshers: ServiceRefreshers = {
    mediaconnect: createRefresher(
      {
        ...base,
        client: clients.mediaConnect,
        limiter: bucket('mediaconnect', wiring.mediaConnectQuota, wiring.mediaConnectRps, wiring.mediaConnectBurst),
      },
      mediaConnectInventory,
    ),
    // The same MediaLive limiter paces actions and their refreshes: together they stay within the API's share.
    medialive: createRefresher({ ...base, client: clients.mediaLive, limiter: mediaLiveLimiter }, mediaLiveInventory),
    // MediaPackage v1 and v2 are read-only: their refreshers serve forced re-polls, each paced at the API's share of
    // its own quota.
    mediapackage: createRefresher(
      { ...base, client: clients.mediaPackage, limiter: bucket('mediapackage', wiring.mediaPackageQuota) },
      mediaPackageInventory,
    ),
    mediapackagev2: createRefresher(
      { ...base, client: clients.mediaPackageV2, limiter: bucket('mediapackagev2', wiring.mediaPackageV2Quota) },
      mediaPackageV2Inventory,
    ),
    ...overrides,
  };
  // A forced re-poll: the resource's service refresher, then its metrics (skipped in states that publish none), both
  // in the target's account and Region.
  const repoller = createResourceRepoller({
    refreshers,
    pollMetrics: metricsRepoll(
      {
        cloudWatch: clients.cloudWatch,
        store: wiring.store,
        clock: wiring.clock,
        ...(wiring.logger ? { logger: wiring.logger } : {}),
      },
      { ...wiring.metrics, account: target.account, region: target.region },
    ),
  });
  return { refreshers, repoller, mediaLiveLimiter };
}

/** A cache key of a target and the credential sources its clients were made with. */
function targetCacheKey(target: WatchedTarget, purpose: CredentialPurpose): string {
  const source = purpose === 'read' ? target.credentials : target.operator;
  return `${targetKey(target)}|${JSON.stringify(source ?? null)}`;
}

/**
 * The API's dependencies over the real modules: actions refresh through each service's refresher (the engine's), forced re-polls
 * claim through the real-time path's `claimRepoll` and run its flow repoller (refresh + `pollMetricsFor`).
 *
 * Targets: the top-level clients, refreshers and buckets are the deployment's own target's (its account and Region,
 * the function's own role), as before many accounts. Another target's are made on first use and kept: read clients
 * with its read credentials (refreshes, re-polls), MediaConnect and MediaLive clients with its operator credentials
 * (actions), and its own buckets (the AWS quota is per account and Region).
 */
export function createApiDeps(wiring: ApiWiring): ApiDeps {
  const own = selfRegistry(wiring.account, wiring.region).targets[0] as WatchedTarget;
  const registry = wiring.registry ?? (async () => selfRegistry(wiring.account, wiring.region));
  const credentials = wiring.credentials ?? EXECUTION_ROLE_ONLY;
  const factories = { ...DEFAULT_FACTORIES, ...wiring.clientFactories };
  const repollWindowSeconds = wiring.repollWindowSeconds ?? 10;
  const ownClients: ReadClients = {
    mediaConnect: wiring.mediaConnect,
    mediaLive: wiring.mediaLive ?? createMediaLiveClient({ region: wiring.region }),
    mediaPackage: wiring.mediaPackage ?? createMediaPackageClient({ region: wiring.region }),
    mediaPackageV2: wiring.mediaPackageV2 ?? createMediaPackageV2Client({ region: wiring.region }),
    cloudWatch: wiring.cloudWatch,
  };
  const ownReads = targetReads(wiring, own, ownClients, wiring.refreshers);
  const isOwnWithRole = (target: WatchedTarget, purpose: CredentialPurpose) =>
    target.account === own.account &&
    target.region === own.region &&
    (purpose === 'read' ? target.credentials : target.operator)?.type === 'execution-role';

  const clientOptions = (target: WatchedTarget, purpose: CredentialPurpose): ClientOptions => {
    const provider = credentials.provider(target, purpose);
    return { region: target.region, ...(provider ? { credentials: provider } : {}) };
  };
  const reads = new Map<string, TargetReads>();
  const readsOf = (target: WatchedTarget): TargetReads => {
    if (isOwnWithRole(target, 'read')) return ownReads;
    const key = targetCacheKey(target, 'read');
    let found = reads.get(key);
    if (!found) {
      const options = clientOptions(target, 'read');
      found = targetReads(wiring, target, {
        mediaConnect: factories.mediaConnect(options),
        mediaLive: factories.mediaLive(options),
        mediaPackage: factories.mediaPackage(options),
        mediaPackageV2: factories.mediaPackageV2(options),
        cloudWatch: factories.cloudWatch(options),
      });
      reads.set(key, found);
    }
    return found;
  };
  const operators = new Map<string, { mediaConnect: MediaConnectClient; mediaLive: MediaLiveClient }>();
  const operatorClients = (target: WatchedTarget) => {
    if (isOwnWithRole(target, 'operate'))
      return { mediaConnect: ownClients.mediaConnect, mediaLive: ownClients.mediaLive };
    const key = targetCacheKey(target, 'operate');
    let found = operators.get(key);
    if (!found) {
      const options = clientOptions(target, 'operate');
      found = { mediaConnect: factories.mediaConnect(options), mediaLive: factories.mediaLive(options) };
      operators.set(key, found);
    }
    return found;
  };
  const actionsFor = (target: WatchedTarget): TargetActions => {
    const targetReads = readsOf(target);
    const clients = operatorClients(target);
    return {
      mediaConnect: clients.mediaConnect,
      mediaLive: { client: clients.mediaLive, budget: () => new RequestBudget(targetReads.mediaLiveLimiter) },
      refreshFlow: refresherOf(targetReads.refreshers, 'mediaconnect'),
      refreshers: targetReads.refreshers,
    };
  };
  const ownActions = actionsFor({ ...own, operator: { type: 'execution-role' } });
  return {
    store: wiring.store,
    clock: wiring.clock,
    audit: new AuditLog(wiring.store, wiring.clock, wiring.eventHistoryDays ?? 14, {
      changeEvents: wiring.changeEvents ?? 'off',
      ...(wiring.logger ? { logger: wiring.logger } : {}),
    }),
    changeEvents: wiring.changeEvents ?? 'off',
    ...(wiring.sweepPeriods ? { sweepPeriods: wiring.sweepPeriods } : {}),
    ...ownActions,
    registry,
    actionsFor,
    claimRepoll: (resourceArn) => claimRepoll(wiring.store, resourceArn, repollWindowSeconds, wiring.clock),
    repoll: async (resourceArn) => readsOf(resourceTarget(await registry(), resourceArn)).repoller.repoll(resourceArn),
    repollable: (resourceArn) => ownReads.repoller.covers(resourceArn),
    ...(wiring.staleTransitionSeconds !== undefined ? { staleTransitionSeconds: wiring.staleTransitionSeconds } : {}),
    pageTokens: new PageTokenCodec(wiring.tokenSecret, wiring.store.tableName, wiring.clock),
    ...(wiring.pollerIntervals ? { pollerIntervals: wiring.pollerIntervals } : {}),
    ...(wiring.mediaConnectQuota ? { mediaConnectQuota: wiring.mediaConnectQuota } : {}),
    ...(wiring.mediaLiveQuota ? { mediaLiveQuota: wiring.mediaLiveQuota } : {}),
    encryptionRoleArns: wiring.encryptionRoleArns ?? [],
    ...(wiring.logger ? { logger: wiring.logger } : {}),
  };
}
