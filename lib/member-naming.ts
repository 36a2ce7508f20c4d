/**
 * Names that a monitoring deployment and its member stacks agree on without a cross-account reference: each side
 * computes them from the config alone.
 */

/** The path of every monitoring function's role; member trust policies admit only roles under it. */
export const monitorRolePath = (deployment: string): string => `/media-monitor/${deployment}/`;

/** The read role a member stack creates for the deployment's pollers, ingest and API (reads). */
export const memberReadRoleName = (region: string): string => `media-monitor-read-${region}`;
/** The operator role a member stack may create for the deployment's API (actions). */
export const memberOperatorRoleName = (region: string): string => `media-monitor-operate-${region}`;
/** Member roles live under this path. */
export const MEMBER_ROLE_PATH = '/media-monitor/';

export const memberRoleArn = (account: string, roleName: string, partition = 'aws'): string =>
  `arn:${partition}:iam::${account}:role${MEMBER_ROLE_PATH}${roleName}`;

/** The deployment's event bus that member accounts forward to. */
export const monitorEventBusName = (deployment: string): string => `media-monitor-${deployment}`;
export const monitorEventBusArn = (account: string, region: string, deployment: string, partition = 'aws'): string =>
  `arn:${partition}:events:${region}:${account}:event-bus/${monitorEventBusName(deployment)}`;

/** The SSM parameter that holds the deployment's watched-target registry (TARGETS_PARAMETER). */
export const targetsParameterName = (deployment: string): string => `/media-monitor/${deployment}/targets`;

/** The name of a static-key encryption setup's secret: fixed, so the API can name it in another account. */
export const encryptionSecretName = (setup: string): string => `media-monitor/encryption/${setup}`;

/** Stack ids. */
export const deploymentStackId = (account?: string, region?: string): string =>
  ['MediaMonitor', account, region].filter(Boolean).join('-');
export const memberStackId = (account: string, region: string): string => `MediaMonitorMember-${account}-${region}`;
