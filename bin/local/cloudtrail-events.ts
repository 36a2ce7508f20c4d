import { randomUUID } from 'node:crypto';
import { CLOUDTRAIL_DETAIL_TYPE } from '../../lambdas/events/change-calls';

/**
 * CloudTrail-shaped EventBridge events (`AWS API Call via CloudTrail`), as AWS delivers them for a successful call:
 * what moto cannot send. The demo, the bench and the tests post them to the ingest after a call they made on moto.
 * `requestParameters` and `responseElements` are the call's wire shape (`wireShape`): MediaConnect, MediaLive and
 * MediaPackage v1 send the SDK's member names with a lower-case first letter (`flowArn`); MediaPackage v2 sends them as
 * they are (`ChannelGroupName`). CloudTrail records URI parameters under the same names. Resolvers read names in either
 * case, since the shapes CloudTrail records are not published per call.
 */

export interface CloudTrailEventInput {
  /** `mediaconnect`, `medialive`, `mediapackage`, `mediapackagev2`. */
  readonly service: string;
  readonly eventName: string;
  readonly account: string;
  readonly region: string;
  /** @default now */
  readonly time?: Date;
  readonly requestParameters?: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
  /** A failed call: CloudTrail records it with `errorCode` (the rule does not match it). */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** `userIdentity.arn`. @default an assumed role in the account */
  readonly actor?: string;
  /** The account whose resource it is, when another account made the call. @default `account` */
  readonly recipientAccountId?: string;
}

/** One EventBridge event carrying a CloudTrail management call record. */
export function cloudTrailEvent(input: CloudTrailEventInput): Record<string, unknown> {
  const time = (input.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const actor = input.actor ?? `arn:aws:sts::${input.account}:assumed-role/MediaOperator/operator`;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': CLOUDTRAIL_DETAIL_TYPE,
    source: `aws.${input.service}`,
    account: input.account,
    time,
    region: input.region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:operator',
        arn: actor,
        accountId: input.account,
      },
      eventTime: time,
      eventSource: `${input.service}.amazonaws.com`,
      eventName: input.eventName,
      awsRegion: input.region,
      sourceIPAddress: '203.0.113.10',
      userAgent: 'aws-sdk-js/3',
      ...(input.errorCode ? { errorCode: input.errorCode, errorMessage: input.errorMessage ?? input.errorCode } : {}),
      requestParameters: input.requestParameters ?? null,
      responseElements: input.errorCode ? null : (input.responseElements ?? null),
      requestID: randomUUID(),
      eventID: randomUUID(),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: input.recipientAccountId ?? input.account,
      eventCategory: 'Management',
    },
  };
}

/**
 * An SDK input or output in wire shape, recursively, Dates as ISO: `camel` lower-cases each member name's first letter
 * (MediaConnect, MediaLive, MediaPackage v1), `as-is` keeps them (MediaPackage v2).
 */
export function wireShape(value: unknown, style: 'camel' | 'as-is' = 'camel'): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => wireShape(v, style));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (key === '$metadata' || member === undefined) continue;
      out[style === 'camel' ? key.charAt(0).toLowerCase() + key.slice(1) : key] = wireShape(member, style);
    }
    return out;
  }
  return value;
}
