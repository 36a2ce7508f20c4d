import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { ingestSettingsFromEnv } from '../../events/ingest-config';
import { inventorySettingsFromEnv } from '../../mediaconnect/inventory-config';
import { metricsSettingsFromEnv } from '../../metrics/metrics-config';
import {
  createCloudWatchClient,
  createDocumentClient,
  createMediaConnectClient,
  createMediaLiveClient,
  createSecretsManagerClient,
} from '../../shared/clients';
import { type TargetCredentials } from '../../shared/target-credentials';
import { systemClock } from '../../shared/clock';
import { booleanEnv, ENV, numberEnv, optionalEnv, requireEnv } from '../../shared/env';
import { serviceQuotaFromEnv } from '../../shared/service-quota';
import { createLogger } from '../../shared/logger';
import { StateStore } from '../../store/state-store';
import { createApiHandler } from '../../api/api-handler';
import { changePathSettingsFromEnv, createApiDeps } from '../../api/api-wiring';
import { DEFAULT_STALE_TRANSITION_SECONDS } from '../../api/mediaconnect/flow-actions';
import type { PageTokenKeys } from '../../api/http/page-token';
import { secretsManagerPageTokenKeys } from '../../api/http/page-token-secret';
import { parsePollerIntervals } from '../../api/monitoring/poller-view';
import { functionTargetCredentials, functionTargetRegistry } from '../../shared/function-targets';

/**
 * The REST API function (API Gateway proxy integration, AWS_IAM on every method). Clients and settings are created
 * once per cold start; a missing or invalid setting fails the first invocation with a clear ConfigError.
 */
const logger = createLogger('api');
const inventory = inventorySettingsFromEnv();
const ingest = ingestSettingsFromEnv();
const store = new StateStore(createDocumentClient(), requireEnv(ENV.tableName));
const mediaLiveQuota = serviceQuotaFromEnv('medialive');
// The watched targets: WATCHED_TARGETS (local), the SSM parameter TARGETS_PARAMETER (many targets), else this account
// and Region alone; read at the first request and cached for five minutes.
const targets = functionTargetRegistry();

const deps = createApiDeps({
  store,
  mediaConnect: createMediaConnectClient(),
  cloudWatch: createCloudWatchClient(),
  clock: systemClock,
  account: inventory.accountId,
  region: requireEnv('AWS_REGION'),
  tokenSecret: pageTokenKeys(),
  metrics: metricsSettingsFromEnv(),
  eventHistoryDays: ingest.eventHistoryDays,
  repollWindowSeconds: ingest.repollWindowSeconds,
  staleTransitionSeconds: numberEnv(ENV.staleTransitionSeconds, DEFAULT_STALE_TRANSITION_SECONDS),
  // This function's share of the account's MediaConnect quota (reserved concurrency caps its instances).
  mediaConnectQuota: inventory.mediaConnectQuota,
  mediaLive: createMediaLiveClient(),
  // This function's share of the account's MediaLive quota (a separate bucket from MediaConnect's).
  mediaLiveQuota,
  mediaPackageQuota: serviceQuotaFromEnv('mediapackage'),
  mediaPackageV2Quota: serviceQuotaFromEnv('mediapackagev2'),
  tombstoneRetentionHours: inventory.tombstoneRetentionHours,
  pollerIntervals: parsePollerIntervals(optionalEnv(ENV.pollerIntervals, '')),
  encryptionRoleArns: optionalEnv(ENV.encryptionRoleArns, '')
    .split(',')
    .filter((arn) => arn !== ''),
  logger,
  registry: () => targets.get(),
  credentials: lazyTargetCredentials(),
  // CHANGE_EVENTS and the sweep periods: the API records its own AWS calls, and /summary shows the change path.
  ...changePathSettingsFromEnv(),
});

/**
 * The targets' credentials (assume-role, key-pair), created at the first target that needs them: a deployment that
 * watches only itself with its own role never creates the STS client.
 */
function lazyTargetCredentials(): TargetCredentials {
  let credentials: TargetCredentials | undefined;
  return {
    provider(target, purpose) {
      credentials ??= functionTargetCredentials('api');
      return credentials.provider(target, purpose);
    },
  };
}

/**
 * The page-token key: read from Secrets Manager (API_TOKEN_SECRET_ARN) at the first request and cached for five
 * minutes, so a rotation needs no redeploy; the local runtime gives a per-process key in API_TOKEN_SECRET instead.
 */
function pageTokenKeys(): PageTokenKeys | string {
  const secretArn = optionalEnv(ENV.apiTokenSecretArn, '');
  if (!secretArn) return requireEnv(ENV.apiTokenSecret);
  return secretsManagerPageTokenKeys(createSecretsManagerClient(), { secretId: secretArn, clock: systemClock });
}

// Default-deny: only sessions of these two roles are admitted; unset, no one is (each is set by MediaMonitor).
const readOnlyRoleArn = optionalEnv(ENV.readOnlyRoleArn, '');
const operatorRoleArn = optionalEnv(ENV.operatorRoleArn, '');
// Set only with a hosted dashboard (lib/dashboard-hosting.ts): its origin may read the responses.
const corsOrigin = optionalEnv(ENV.corsAllowOrigin, '');

export const handler = createApiHandler(deps, {
  log: logger,
  ...(readOnlyRoleArn ? { readOnlyRoleArn } : {}),
  ...(operatorRoleArn ? { operatorRoleArn } : {}),
  ...(corsOrigin ? { corsOrigin } : {}),
  // Only the local runtime sets this: there is no IAM there, so the role header stands in for it.
  roleHeaderEnabled: booleanEnv(ENV.apiRoleHeaderEnabled, false),
}).use(injectLambdaContext(logger));
