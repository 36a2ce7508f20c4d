import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { ENV } from '../../lambdas/shared/env';
import type { MonitoredService } from './service-definition';

/**
 * MediaConnect as the CDK sees it: its inventory function and the IAM statements of every function that calls it.
 * Where IAM knows a resource type the statements name this account and region's flows
 * (`arn:aws:mediaconnect:<region>:<account>:flow:*`) or entitlements; `*` only for actions that have none.
 */

export function flowArnPattern(scope: IConstruct): string {
  return mediaConnectArnPattern(scope, 'flow');
}

export function entitlementArnPattern(scope: IConstruct): string {
  return mediaConnectArnPattern(scope, 'entitlement');
}

function mediaConnectArnPattern(scope: IConstruct, resource: 'flow' | 'entitlement'): string {
  return Stack.of(scope).formatArn({
    service: 'mediaconnect',
    resource,
    resourceName: '*',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** ListFlows. */
export function listFlowsStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['mediaconnect:ListFlows'], resources: ['*'] });
}

/** DescribeFlow and ListTagsForResource on this account and region's flows: enough to refresh one flow. */
export function describeFlowsStatement(scope: IConstruct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['mediaconnect:DescribeFlow', 'mediaconnect:ListTagsForResource'],
    resources: [flowArnPattern(scope)],
  });
}

/** StartFlow and StopFlow on this account and region's flows. */
export function controlFlowsStatement(scope: IConstruct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['mediaconnect:StartFlow', 'mediaconnect:StopFlow'],
    resources: [flowArnPattern(scope)],
  });
}

/**
 * Granting, updating and revoking entitlements. Update and Revoke name both the flow and the entitlement, so the
 * statement lists both ARN patterns; GrantFlowEntitlements and ListTagsForResource of an entitlement need them too.
 */
export function manageEntitlementsStatement(scope: IConstruct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: [
      'mediaconnect:GrantFlowEntitlements',
      'mediaconnect:UpdateFlowEntitlement',
      'mediaconnect:RevokeFlowEntitlement',
      'mediaconnect:ListTagsForResource',
    ],
    resources: [flowArnPattern(scope), entitlementArnPattern(scope)],
  });
}

/**
 * Entitlement encryption names a role that MediaConnect assumes to read the key (static-key in Secrets Manager, or
 * SPEKE through API Gateway); passing it needs iam:PassRole, on exactly the configured roles and only to
 * MediaConnect. Callers add no statement at all when no role is configured.
 */
export function passEncryptionRoleStatement(roleArns: readonly string[]): iam.PolicyStatement {
  if (roleArns.length === 0) throw new Error('passEncryptionRoleStatement: name at least one role');
  return new iam.PolicyStatement({
    actions: ['iam:PassRole'],
    resources: [...roleArns],
    conditions: { StringEquals: { 'iam:PassedToService': 'mediaconnect.amazonaws.com' } },
  });
}

export const mediaConnectService: MonitoredService = {
  service: 'mediaconnect',
  displayName: 'MediaConnect',
  inventoryEntry: 'lambdas/functions/mediaconnect-inventory/handler.ts',
  inventoryDescription: 'Lists and describes every MediaConnect flow and diff-writes the inventory to the state table',
  defaultInventorySchedule: 'rate(5 minutes)',
  inventoryPoller: 'mediaconnect-inventory',
  // One kind (flows), whose status keeps the name the inventory had before the engine.
  kindPollers: ['mediaconnect-inventory'],
  quotaEnv: ENV.mediaConnectQuota,
  inventoryStatements: (scope) => [listFlowsStatement(), describeFlowsStatement(scope)],
  repollStatements: (scope) => [describeFlowsStatement(scope)],
  apiStatements: (scope, { encryptionRoleArns }) => [
    describeFlowsStatement(scope),
    controlFlowsStatement(scope),
    manageEntitlementsStatement(scope),
    ...(encryptionRoleArns.length > 0 ? [passEncryptionRoleStatement(encryptionRoleArns)] : []),
  ],
  resourceStarActions: [
    {
      action: 'mediaconnect:ListFlows',
      reason: "ListFlows lists the account's flows; it has no resource to scope to.",
    },
  ],
  wildcardResources: [
    {
      pattern: 'mediaconnect:${REGION}:${ACCOUNT}:flow:*',
      reason:
        'Flows are created outside this stack and discovered at runtime, so their ARNs cannot be listed at deploy ' +
        'time. The pattern covers MediaConnect flows of this account and region only.',
    },
    {
      pattern: 'mediaconnect:${REGION}:${ACCOUNT}:entitlement:*',
      reason:
        'Entitlements are granted at runtime through the API, so their ARNs are unknown at deploy time. The pattern ' +
        'covers MediaConnect entitlements of this account and region only.',
    },
  ],
};
