import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * The IAM statements the monitor's functions use for MediaConnect and CloudWatch, in one place so every function
 * asks for the same, smallest set. Where IAM knows a resource type the statement names this account and region's
 * flows (`arn:aws:mediaconnect:<region>:<account>:flow:*`) or entitlements; `*` is used only for actions that have
 * no resource type at all.
 */

/** Actions that IAM only authorizes on `*` (no resource-level permissions). The infra tests hold every policy to it. */
export const RESOURCE_STAR_ACTIONS = [
  // ListFlows lists the account's flows; it has no resource to scope to.
  'mediaconnect:ListFlows',
  // GetMetricData has no resource type; metrics are not IAM resources.
  'cloudwatch:GetMetricData',
  // Added by Lambda active tracing; X-Ray has no resource type for these.
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
] as const;

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

/** GetMetricData (AWS/MediaConnect and the other media namespaces are read through it). */
export function getMetricDataStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['cloudwatch:GetMetricData'], resources: ['*'] });
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
