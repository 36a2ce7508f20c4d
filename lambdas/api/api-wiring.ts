import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import type { MediaLiveClient } from '@aws-sdk/client-medialive';
import type { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import type { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { createResourceRepoller, metricsRepoll } from '../events/resource-repoller';
import { claimRepoll } from '../events/repoll-coalescer';
import { mediaConnectInventory } from '../mediaconnect/service';
import { mediaLiveInventory } from '../medialive/service';
import { mediaPackageInventory } from '../mediapackage/service';
import { mediaPackageV2Inventory } from '../mediapackagev2/service';
import type { MetricsPollerOptions } from '../metrics/metrics-config';
import type { InventoryDeps, RegionalClient } from '../polling/inventory-deps';
import { createRefresher } from '../polling/inventory-refresh';
import { RequestBudget } from '../polling/request-budget';
import type { ResourceRefresher } from '../polling/refresh';
import type { ServiceInventory } from '../polling/resource-kind';
import { createMediaLiveClient, createMediaPackageClient, createMediaPackageV2Client } from '../shared/clients';
import type { Clock } from '../shared/clock';
import type { QuotaSplit } from '../shared/service-quota';
import { TokenBucket } from '../shared/rate-limiter';
import { ConfigError, ENV, numberEnv, optionalEnv } from '../shared/env';
import { DEFAULT_SWEEP_PERIODS, type ChangeEventsMode, type SweepPeriods } from '../store/change-path';
import type { StateStore } from '../store/state-store';
import type { ApiDeps } from './api-deps';
import { AuditLog } from './audit';
import { PageTokenCodec, PageTokenKeys } from './http/page-token';
import type { ServiceRefreshers } from './refreshers';

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

/** The refresher of a service the API only reads and re-polls, paced at the API's share of the service's quota. */
function readOnlyRefresher<Client extends RegionalClient>(
  wiring: ApiWiring,
  client: Client,
  quota: QuotaSplit | undefined,
  inventory: ServiceInventory<Client>,
): ResourceRefresher {
  return createRefresher(
    {
      client,
      store: wiring.store,
      clock: wiring.clock,
      limiter: new TokenBucket(quota?.functions.api.rps ?? 5, quota?.functions.api.burst ?? 30, wiring.clock),
      accountId: wiring.account,
      ...(wiring.tombstoneRetentionHours !== undefined
        ? { tombstoneRetentionHours: wiring.tombstoneRetentionHours }
        : {}),
    },
    inventory,
  );
}

/**
 * The API's dependencies over the real modules: actions refresh through each service's refresher (the engine's), forced re-polls
 * claim through the real-time path's `claimRepoll` and run its flow repoller (refresh + `pollMetricsFor`).
 */
export function createApiDeps(wiring: ApiWiring): ApiDeps {
  const inventory: InventoryDeps<MediaConnectClient> = {
    client: wiring.mediaConnect,
    store: wiring.store,
    clock: wiring.clock,
    limiter: new TokenBucket(
      wiring.mediaConnectRps ?? wiring.mediaConnectQuota?.functions.api.rps ?? 5,
      wiring.mediaConnectBurst ?? wiring.mediaConnectQuota?.functions.api.burst ?? 30,
      wiring.clock,
    ),
    ...(wiring.tombstoneRetentionHours !== undefined
      ? { tombstoneRetentionHours: wiring.tombstoneRetentionHours }
      : {}),
  };
  const repollWindowSeconds = wiring.repollWindowSeconds ?? 10;
  const mediaLiveLimiter = new TokenBucket(
    wiring.mediaLiveRps ?? wiring.mediaLiveQuota?.functions.api.rps ?? 5,
    wiring.mediaLiveBurst ?? wiring.mediaLiveQuota?.functions.api.burst ?? 30,
    wiring.clock,
  );
  const mediaLive = wiring.mediaLive ?? createMediaLiveClient({ region: wiring.region });
  const mediaConnectRefresher = wiring.refreshers?.mediaconnect ?? createRefresher(inventory, mediaConnectInventory);
  const refreshers: ServiceRefreshers = {
    mediaconnect: mediaConnectRefresher,
    // The same MediaLive limiter paces actions and their refreshes: together they stay within the API's share.
    medialive: createRefresher(
      {
        client: mediaLive,
        store: wiring.store,
        clock: wiring.clock,
        limiter: mediaLiveLimiter,
        accountId: wiring.account,
        ...(wiring.tombstoneRetentionHours !== undefined
          ? { tombstoneRetentionHours: wiring.tombstoneRetentionHours }
          : {}),
      },
      mediaLiveInventory,
    ),
    // MediaPackage v1 and v2 are read-only: their refreshers serve forced re-polls, each paced at the API's share of
    // its own quota.
    mediapackage: readOnlyRefresher(
      wiring,
      wiring.mediaPackage ?? createMediaPackageClient({ region: wiring.region }),
      wiring.mediaPackageQuota,
      mediaPackageInventory,
    ),
    mediapackagev2: readOnlyRefresher(
      wiring,
      wiring.mediaPackageV2 ?? createMediaPackageV2Client({ region: wiring.region }),
      wiring.mediaPackageV2Quota,
      mediaPackageV2Inventory,
    ),
    ...wiring.refreshers,
  };
  // A forced re-poll: the resource's service refresher, then its metrics (skipped in states that publish none).
  const repoller = createResourceRepoller({
    refreshers,
    pollMetrics: metricsRepoll(
      {
        cloudWatch: wiring.cloudWatch,
        store: wiring.store,
        clock: wiring.clock,
        ...(wiring.logger ? { logger: wiring.logger } : {}),
      },
      { ...wiring.metrics, account: wiring.account, region: wiring.region },
    ),
  });
  return {
    store: wiring.store,
    mediaConnect: wiring.mediaConnect,
    clock: wiring.clock,
    audit: new AuditLog(wiring.store, wiring.clock, wiring.eventHistoryDays ?? 14, {
      changeEvents: wiring.changeEvents ?? 'off',
      ...(wiring.logger ? { logger: wiring.logger } : {}),
    }),
    changeEvents: wiring.changeEvents ?? 'off',
    ...(wiring.sweepPeriods ? { sweepPeriods: wiring.sweepPeriods } : {}),
    refreshFlow: mediaConnectRefresher,
    mediaLive: {
      client: mediaLive,
      budget: () => new RequestBudget(mediaLiveLimiter),
    },
    refreshers,
    claimRepoll: (resourceArn) => claimRepoll(wiring.store, resourceArn, repollWindowSeconds, wiring.clock),
    repoll: (resourceArn) => repoller.repoll(resourceArn),
    repollable: (resourceArn) => repoller.covers(resourceArn),
    ...(wiring.staleTransitionSeconds !== undefined ? { staleTransitionSeconds: wiring.staleTransitionSeconds } : {}),
    scope: { account: wiring.account, region: wiring.region },
    pageTokens: new PageTokenCodec(wiring.tokenSecret, wiring.store.tableName, wiring.clock),
    ...(wiring.pollerIntervals ? { pollerIntervals: wiring.pollerIntervals } : {}),
    ...(wiring.mediaConnectQuota ? { mediaConnectQuota: wiring.mediaConnectQuota } : {}),
    ...(wiring.mediaLiveQuota ? { mediaLiveQuota: wiring.mediaLiveQuota } : {}),
    encryptionRoleArns: wiring.encryptionRoleArns ?? [],
    ...(wiring.logger ? { logger: wiring.logger } : {}),
  };
}
