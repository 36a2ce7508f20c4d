import type {
  ChangeCallSpec,
  ChangeCallTable,
  ChangeTarget,
  ChangeVerb,
  CloudTrailCall,
  ServiceChangeCalls,
} from '../events/change-calls';
import { param } from '../events/change-params';
import { parseMediaPackageV2Arn, type MediaPackageV2ResourceKind } from './arn';

/**
 * MediaPackage v2's change calls (events/change-calls.ts): channel groups, channels and origin endpoints, the kinds
 * the inventory polls (service.ts). v2 names every resource by its names (`ChannelGroupName`, `ChannelName`,
 * `OriginEndpointName`: the wire keeps the SDK's PascalCase), and its ARNs are built from them (arn.ts):
 * `arn:<partition>:mediapackagev2:<region>:<account>:channelGroup/<g>[/channel/<c>[/originEndpoint/<e>]]`. A call's
 * target is the response's `Arn` when it is one of the call's kind, else the ARN built from the request's names in the
 * call's region and the account that owns the resource.
 *
 * A delete targets the resource itself: MediaPackage deletes a channel group only once its channels are deleted, and a
 * channel only once its origin endpoints are, so the children's own deletes (watched) have tombstoned them; any child
 * left stored is tombstoned by the next complete listing.
 */

const NAME = /^[A-Za-z0-9_-]{1,256}$/;

/** The request names each kind needs, outermost first. */
const NAMES: Readonly<Record<MediaPackageV2ResourceKind, readonly string[]>> = {
  channelGroup: ['ChannelGroupName'],
  channel: ['ChannelGroupName', 'ChannelName'],
  originEndpoint: ['ChannelGroupName', 'ChannelName', 'OriginEndpointName'],
};
const SEGMENTS = ['channelGroup', 'channel', 'originEndpoint'] as const;

/** The ARN of the `kind` resource the request's names name, or undefined when one is missing or malformed. */
function builtArn(call: CloudTrailCall, partition: string, kind: MediaPackageV2ResourceKind): string | undefined {
  const names = NAMES[kind].map((name) => param(call.requestParameters, name));
  if (!names.every((name): name is string => name !== undefined && NAME.test(name))) return undefined;
  const path = names.map((name, i) => `${SEGMENTS[i]}/${name}`).join('/');
  return `arn:${partition}:mediapackagev2:${call.awsRegion}:${call.recipientAccountId}:${path}`;
}

/** The one resource of a call on a channel group, channel or origin endpoint. */
function resourceOf(call: CloudTrailCall, partition: string, kind: MediaPackageV2ResourceKind): ChangeTarget[] {
  const answered = param(call.responseElements, 'Arn');
  const arn =
    answered !== undefined && parseMediaPackageV2Arn(answered)?.kind === kind
      ? answered
      : builtArn(call, partition, kind);
  return arn === undefined ? [] : [{ arn }];
}

const resourceCall = (verb: ChangeVerb, kind: MediaPackageV2ResourceKind): ChangeCallSpec => ({
  verb,
  targets: (call, { partition }) => resourceOf(call, partition, kind),
});

/** Tags: the tagged group, channel or origin endpoint (a harvest job's tags change nothing polled). */
const tagsCall: ChangeCallSpec = {
  verb: 'update',
  targets(call) {
    const arn = param(call.requestParameters, 'ResourceArn', 'resource-arn');
    return arn !== undefined && parseMediaPackageV2Arn(arn) ? [{ arn }] : [];
  },
};

const NO_POLICY = 'the stored records hold no resource policy';
const HARVEST = 'harvest jobs are not polled; their outcome arrives as HarvestJob Notification events';

export const mediaPackageV2ChangeCalls: ServiceChangeCalls = {
  eventSource: 'mediapackagev2.amazonaws.com',
  calls: {
    CreateChannelGroup: resourceCall('create', 'channelGroup'),
    UpdateChannelGroup: resourceCall('update', 'channelGroup'),
    DeleteChannelGroup: resourceCall('delete', 'channelGroup'),
    CreateChannel: resourceCall('create', 'channel'),
    UpdateChannel: resourceCall('update', 'channel'),
    DeleteChannel: resourceCall('delete', 'channel'),
    CreateOriginEndpoint: resourceCall('create', 'originEndpoint'),
    UpdateOriginEndpoint: resourceCall('update', 'originEndpoint'),
    DeleteOriginEndpoint: resourceCall('delete', 'originEndpoint'),
    TagResource: tagsCall,
    UntagResource: tagsCall,
    PutChannelPolicy: { unwatched: NO_POLICY },
    DeleteChannelPolicy: { unwatched: NO_POLICY },
    PutOriginEndpointPolicy: { unwatched: NO_POLICY },
    DeleteOriginEndpointPolicy: { unwatched: NO_POLICY },
    CreateHarvestJob: { unwatched: HARVEST },
    CancelHarvestJob: { unwatched: HARVEST },
  } satisfies ChangeCallTable,
};
