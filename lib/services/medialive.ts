import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { ENV } from '../../lambdas/shared/env';
import type { MonitoredService } from './service-definition';

/**
 * MediaLive as the CDK sees it. Resource types, from the Service Authorization Reference ("Actions, resources, and
 * condition keys for AWS Elemental MediaLive"): DescribeChannel, StartChannel and StopChannel take `channel`,
 * DescribeInput `input`, DescribeInputSecurityGroup `input-security-group`, DescribeInputDevice `input-device`; the
 * List* calls and ListAlerts have no resource type, so they are granted on `*` and nothing else is.
 */

/** The MediaLive resource types the monitor reads, as their ARNs spell them. */
type MediaLiveResource = 'channel' | 'input' | 'inputSecurityGroup' | 'inputDevice';

/** `arn:<partition>:medialive:<region>:<account>:<resource>:*` of the stack's account and region. */
export function mediaLiveArnPattern(scope: IConstruct, resource: MediaLiveResource): string {
  return Stack.of(scope).formatArn({
    service: 'medialive',
    resource,
    resourceName: '*',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** The listings of the inventory and ListAlerts: none has a resource type. */
export function listMediaLiveStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: [
      'medialive:ListChannels',
      'medialive:ListInputs',
      'medialive:ListInputSecurityGroups',
      'medialive:ListInputDevices',
      'medialive:ListAlerts',
    ],
    resources: ['*'],
  });
}

/** DescribeChannel on this account and region's channels. */
export function describeChannelsStatement(scope: IConstruct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['medialive:DescribeChannel'],
    resources: [mediaLiveArnPattern(scope, 'channel')],
  });
}

/** DescribeInput on this account and region's inputs. */
export function describeInputsStatement(scope: IConstruct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['medialive:DescribeInput'],
    resources: [mediaLiveArnPattern(scope, 'input')],
  });
}

/** DescribeInputSecurityGroup and DescribeInputDevice, each on its own resource type. */
export function describeInputAccessStatements(scope: IConstruct): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: ['medialive:DescribeInputSecurityGroup'],
      resources: [mediaLiveArnPattern(scope, 'inputSecurityGroup')],
    }),
    new iam.PolicyStatement({
      actions: ['medialive:DescribeInputDevice'],
      resources: [mediaLiveArnPattern(scope, 'inputDevice')],
    }),
  ];
}

/** ListAlerts alone (a re-poll reconciles one channel's alerts). */
export function listAlertsStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['medialive:ListAlerts'], resources: ['*'] });
}

/** StartChannel and StopChannel on this account and region's channels: operator actions, the API function only. */
export function controlChannelsStatement(scope: IConstruct): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['medialive:StartChannel', 'medialive:StopChannel'],
    resources: [mediaLiveArnPattern(scope, 'channel')],
  });
}

const WILDCARD_REASON = (what: string) =>
  `MediaLive ${what} are created outside this stack and discovered at runtime, so their ARNs cannot be listed at ` +
  `deploy time. The pattern covers MediaLive ${what} of this account and region only.`;

export const mediaLiveService: MonitoredService = {
  service: 'medialive',
  displayName: 'MediaLive',
  inventoryEntry: 'lambdas/functions/medialive-inventory/handler.ts',
  inventoryDescription:
    'Lists and describes every MediaLive input, channel and input device, reconciles channel alerts and ' +
    'diff-writes the inventory to the state table',
  defaultInventorySchedule: 'rate(5 minutes)',
  inventoryPoller: 'medialive-inventory',
  kindPollers: ['medialive-inputs', 'medialive-channels', 'medialive-input-devices'],
  quotaEnv: ENV.mediaLiveQuota,
  inventoryStatements: (scope) => [
    listMediaLiveStatement(),
    describeChannelsStatement(scope),
    describeInputsStatement(scope),
    ...describeInputAccessStatements(scope),
  ],
  repollStatements: (scope) => [
    describeChannelsStatement(scope),
    describeInputsStatement(scope),
    listAlertsStatement(),
  ],
  apiStatements: (scope) => [describeChannelsStatement(scope), controlChannelsStatement(scope)],
  resourceStarActions: [
    { action: 'medialive:ListChannels', reason: 'ListChannels has no resource type in IAM.' },
    { action: 'medialive:ListInputs', reason: 'ListInputs has no resource type in IAM.' },
    { action: 'medialive:ListInputSecurityGroups', reason: 'ListInputSecurityGroups has no resource type in IAM.' },
    { action: 'medialive:ListInputDevices', reason: 'ListInputDevices has no resource type in IAM.' },
    {
      action: 'medialive:ListAlerts',
      reason: "ListAlerts names a channel id in its path, but IAM defines no resource type for it (only '*').",
    },
  ],
  wildcardResources: [
    { pattern: 'medialive:${REGION}:${ACCOUNT}:channel:*', reason: WILDCARD_REASON('channels') },
    { pattern: 'medialive:${REGION}:${ACCOUNT}:input:*', reason: WILDCARD_REASON('inputs') },
    {
      pattern: 'medialive:${REGION}:${ACCOUNT}:inputSecurityGroup:*',
      reason: WILDCARD_REASON('input security groups'),
    },
    { pattern: 'medialive:${REGION}:${ACCOUNT}:inputDevice:*', reason: WILDCARD_REASON('input devices') },
  ],
};
