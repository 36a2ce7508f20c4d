import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { ENV } from '../../lambdas/shared/env';
import type { MonitoredService } from './service-definition';

/**
 * MediaPackage v2 as the CDK sees it. Resource types, from the Service Authorization Reference ("Actions, resources, and
 * condition keys for AWS Elemental MediaPackage V2"): `ChannelGroup` (`channelGroup/<group>`), `Channel`
 * (`channelGroup/<group>/channel/<channel>`), `OriginEndpoint` (`…/channel/<channel>/originEndpoint/<endpoint>`).
 * GetChannelGroup and ListChannels take the channel group, GetChannel and ListOriginEndpoints the channel,
 * GetOriginEndpoint the origin endpoint; ListChannelGroups has no resource type, so it alone is granted on `*`. Get*
 * return the tags, so ListTagsForResource is not granted. The monitor only reads v2: the API grants nothing more.
 */

/** `arn:<partition>:mediapackagev2:<region>:<account>:channelGroup/<path>` of the stack's account and region. */
export function mediaPackageV2ArnPattern(scope: IConstruct, path: string): string {
  return Stack.of(scope).formatArn({
    service: 'mediapackagev2',
    resource: 'channelGroup',
    resourceName: path,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

const GROUPS = '*';
const CHANNELS = '*/channel/*';
const ENDPOINTS = '*/channel/*/originEndpoint/*';

/** ListChannelGroups: no resource type. */
export function listChannelGroupsStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['mediapackagev2:ListChannelGroups'], resources: ['*'] });
}

/** Every read of a channel group, channel and origin endpoint, each on its own resource type. */
export function readMediaPackageV2Statements(scope: IConstruct): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['mediapackagev2:GetChannelGroup', 'mediapackagev2:ListChannels'],
      resources: [mediaPackageV2ArnPattern(scope, GROUPS)],
    }),
    new iam.PolicyStatement({
      actions: ['mediapackagev2:GetChannel', 'mediapackagev2:ListOriginEndpoints'],
      resources: [mediaPackageV2ArnPattern(scope, CHANNELS)],
    }),
    new iam.PolicyStatement({
      actions: ['mediapackagev2:GetOriginEndpoint'],
      resources: [mediaPackageV2ArnPattern(scope, ENDPOINTS)],
    }),
  ];
}

/** What a refresh of one resource by ARN reads (the ingest's re-polls, the API's): its Get, nothing listed. */
function refreshStatements(scope: IConstruct): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['mediapackagev2:GetChannelGroup'],
      resources: [mediaPackageV2ArnPattern(scope, GROUPS)],
    }),
    new iam.PolicyStatement({
      actions: ['mediapackagev2:GetChannel'],
      resources: [mediaPackageV2ArnPattern(scope, CHANNELS)],
    }),
    new iam.PolicyStatement({
      actions: ['mediapackagev2:GetOriginEndpoint'],
      resources: [mediaPackageV2ArnPattern(scope, ENDPOINTS)],
    }),
  ];
}

const WILDCARD_REASON = (what: string) =>
  `MediaPackage v2 ${what} are created outside this stack and discovered at runtime, so their ARNs cannot be listed ` +
  `at deploy time. The pattern covers MediaPackage v2 ${what} of this account and region only.`;

export const mediaPackageV2Service: MonitoredService = {
  service: 'mediapackagev2',
  // Construct ids and descriptions: no space (ids are built from it).
  displayName: 'MediaPackageV2',
  inventoryEntry: 'lambdas/functions/mediapackagev2-inventory/handler.ts',
  inventoryDescription:
    'Lists and describes every MediaPackage v2 channel group, channel and origin endpoint and diff-writes the ' +
    'inventory to the state table',
  defaultInventorySchedule: 'rate(5 minutes)',
  inventoryPoller: 'mediapackagev2-inventory',
  kindPollers: ['mediapackagev2-channel-groups', 'mediapackagev2-channels', 'mediapackagev2-origin-endpoints'],
  quotaEnv: ENV.mediaPackageV2Quota,
  inventoryStatements: (scope) => [listChannelGroupsStatement(), ...readMediaPackageV2Statements(scope)],
  // A re-poll (the ingest's, the API's POST /polls) re-reads one resource by ARN: its Get only.
  repollStatements: refreshStatements,
  apiStatements: refreshStatements,
  resourceStarActions: [
    { action: 'mediapackagev2:ListChannelGroups', reason: 'ListChannelGroups has no resource type in IAM.' },
  ],
  wildcardResources: [
    { pattern: 'mediapackagev2:${REGION}:${ACCOUNT}:channelGroup/*', reason: WILDCARD_REASON('channel groups') },
    { pattern: 'mediapackagev2:${REGION}:${ACCOUNT}:channelGroup/*/channel/*', reason: WILDCARD_REASON('channels') },
    {
      pattern: 'mediapackagev2:${REGION}:${ACCOUNT}:channelGroup/*/channel/*/originEndpoint/*',
      reason: WILDCARD_REASON('origin endpoints'),
    },
  ],
};
