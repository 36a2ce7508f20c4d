import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { ENV } from '../../lambdas/shared/env';
import type { MonitoredService } from './service-definition';

/**
 * MediaPackage v1 (live) as the CDK sees it. Resource types, from the Service Authorization Reference ("Actions,
 * resources, and condition keys for AWS Elemental MediaPackage"): DescribeChannel takes `channels`
 * (`arn:…:mediapackage:<region>:<account>:channels/<id>`), DescribeOriginEndpoint `origin_endpoints`; ListChannels and
 * ListOriginEndpoints have no resource type, so they are granted on `*` and nothing else is. The monitor only reads.
 */

type MediaPackageResource = 'channels' | 'origin_endpoints';

/** `arn:<partition>:mediapackage:<region>:<account>:<resource>/*` of the stack's account and region. */
export function mediaPackageArnPattern(scope: IConstruct, resource: MediaPackageResource): string {
  return Stack.of(scope).formatArn({
    service: 'mediapackage',
    resource,
    resourceName: '*',
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** The two listings of the inventory (and of a refresh that must map an AWS ARN to its Id): no resource type. */
export function listMediaPackageStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['mediapackage:ListChannels', 'mediapackage:ListOriginEndpoints'],
    resources: ['*'],
  });
}

/** DescribeChannel and DescribeOriginEndpoint, each on its own resource type (refreshes only: the cycle lists). */
export function describeMediaPackageStatements(scope: IConstruct): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['mediapackage:DescribeChannel'],
      resources: [mediaPackageArnPattern(scope, 'channels')],
    }),
    new iam.PolicyStatement({
      actions: ['mediapackage:DescribeOriginEndpoint'],
      resources: [mediaPackageArnPattern(scope, 'origin_endpoints')],
    }),
  ];
}

const WILDCARD_REASON = (what: string) =>
  `MediaPackage ${what} are created outside this stack and discovered at runtime, so their ARNs cannot be listed at ` +
  `deploy time. The pattern covers MediaPackage ${what} of this account and region only.`;

/** A refresh: Describe by Id, or one listing when an AWS ARN's Id is not known yet. */
const refreshStatements = (scope: IConstruct) => [
  listMediaPackageStatement(),
  ...describeMediaPackageStatements(scope),
];

export const mediaPackageService: MonitoredService = {
  service: 'mediapackage',
  displayName: 'MediaPackage',
  inventoryEntry: 'lambdas/functions/mediapackage-inventory/handler.ts',
  inventoryDescription:
    'Lists every MediaPackage v1 channel and origin endpoint (with tags, from the listings alone) and diff-writes ' +
    'the inventory to the state table',
  defaultInventorySchedule: 'rate(5 minutes)',
  inventoryPoller: 'mediapackage-inventory',
  kindPollers: ['mediapackage-channels', 'mediapackage-origin-endpoints'],
  quotaEnv: ENV.mediaPackageQuota,
  inventoryStatements: refreshStatements,
  repollStatements: refreshStatements,
  apiStatements: refreshStatements,
  resourceStarActions: [
    { action: 'mediapackage:ListChannels', reason: 'ListChannels has no resource type in IAM.' },
    { action: 'mediapackage:ListOriginEndpoints', reason: 'ListOriginEndpoints has no resource type in IAM.' },
  ],
  wildcardResources: [
    { pattern: 'mediapackage:${REGION}:${ACCOUNT}:channels/*', reason: WILDCARD_REASON('channels') },
    { pattern: 'mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/*', reason: WILDCARD_REASON('origin endpoints') },
  ],
};
