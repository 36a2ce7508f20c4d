import type {
  CreateChannelGroupRequest,
  CreateChannelGroupResponse,
  CreateChannelRequest,
  CreateChannelResponse,
  CreateOriginEndpointRequest,
  CreateOriginEndpointResponse,
  DeleteChannelGroupRequest,
  DeleteChannelRequest,
  DeleteOriginEndpointRequest,
  TagResourceRequest,
  UntagResourceRequest,
  UpdateChannelGroupRequest,
  UpdateChannelGroupResponse,
  UpdateChannelRequest,
  UpdateChannelResponse,
  UpdateOriginEndpointRequest,
  UpdateOriginEndpointResponse,
} from '@aws-sdk/client-mediapackagev2';
import { mediaPackageV2ChangeCalls } from '../../../lambdas/mediapackagev2/mediapackagev2-changes';
import { mediaPackageV2Service } from '../../../lambdas/mediapackagev2/mediapackagev2-events';
import {
  changeCallBuilder,
  describeChangeCallTable,
  targetsReader,
  type WatchedCase,
} from '../events/service-change-calls';
import {
  ACCOUNT,
  CHANNEL_ARN,
  DASH_ENDPOINT_ARN,
  ENDPOINT_ARN,
  GET_CHANNEL,
  GET_ENDPOINT,
  GET_GROUP,
  GROUP_ARN,
  OTHER_CHANNEL_ARN,
  OTHER_GROUP_ARN,
  REGION,
} from './mediapackagev2-fixtures';

const OTHER_ACCOUNT = '444455556666';

/** The call CloudTrail records for an SDK request and response (v2 keeps the SDK's member names), as ingested. */
const call = changeCallBuilder({ service: 'mediapackagev2', account: ACCOUNT, region: REGION, style: 'as-is' });
const targetsOf = targetsReader(mediaPackageV2ChangeCalls.calls);

const HLS_REQUEST = {
  ChannelGroupName: 'live',
  ChannelName: 'news',
  OriginEndpointName: 'hls-ts',
  ContainerType: 'TS',
  Segment: GET_ENDPOINT.Segment,
  StartoverWindowSeconds: 3600,
  HlsManifests: [{ ManifestName: 'index', ChildManifestName: 'child', ManifestWindowSeconds: 60 }],
} satisfies CreateOriginEndpointRequest;

/** One realistic call for every watched call: the SDK's request, and its response for creates and updates. */
const WATCHED: Record<string, WatchedCase> = {
  CreateChannelGroup: {
    verb: 'create',
    call: call(
      'CreateChannelGroup',
      {
        ChannelGroupName: 'live',
        Description: 'Live news',
        ClientToken: 'b1c2d3e4-0000-4000-8000-000000000001',
      } satisfies CreateChannelGroupRequest,
      { ...GET_GROUP, EgressDomain: GET_GROUP.EgressDomain! } as CreateChannelGroupResponse,
    ),
    targets: [{ arn: GROUP_ARN }],
  },
  UpdateChannelGroup: {
    verb: 'update',
    call: call(
      'UpdateChannelGroup',
      {
        ChannelGroupName: 'live',
        Description: 'Live news, all regions',
        ETag: 'etag-1',
      } satisfies UpdateChannelGroupRequest,
      { ...GET_GROUP, Description: 'Live news, all regions' } as UpdateChannelGroupResponse,
    ),
    targets: [{ arn: GROUP_ARN }],
  },
  DeleteChannelGroup: {
    verb: 'delete',
    // Deletes answer nothing: the ARN is built from the request's names.
    call: call('DeleteChannelGroup', { ChannelGroupName: 'sports' } satisfies DeleteChannelGroupRequest),
    targets: [{ arn: OTHER_GROUP_ARN }],
  },
  CreateChannel: {
    verb: 'create',
    call: call(
      'CreateChannel',
      {
        ChannelGroupName: 'live',
        ChannelName: 'news',
        InputType: 'CMAF',
        Description: 'News 24/7',
        InputSwitchConfiguration: { MQCSInputSwitching: true },
      } satisfies CreateChannelRequest,
      GET_CHANNEL as CreateChannelResponse,
    ),
    targets: [{ arn: CHANNEL_ARN }],
  },
  UpdateChannel: {
    verb: 'update',
    call: call(
      'UpdateChannel',
      { ChannelGroupName: 'live', ChannelName: 'news', Description: 'News, all day' } satisfies UpdateChannelRequest,
      { ...GET_CHANNEL, Description: 'News, all day' } as UpdateChannelResponse,
    ),
    targets: [{ arn: CHANNEL_ARN }],
  },
  DeleteChannel: {
    verb: 'delete',
    call: call('DeleteChannel', { ChannelGroupName: 'sports', ChannelName: 'match' } satisfies DeleteChannelRequest),
    targets: [{ arn: OTHER_CHANNEL_ARN }],
  },
  CreateOriginEndpoint: {
    verb: 'create',
    call: call('CreateOriginEndpoint', HLS_REQUEST, GET_ENDPOINT as CreateOriginEndpointResponse),
    targets: [{ arn: ENDPOINT_ARN }],
  },
  UpdateOriginEndpoint: {
    verb: 'update',
    call: call(
      'UpdateOriginEndpoint',
      { ...HLS_REQUEST, StartoverWindowSeconds: 7200, ETag: 'etag-3' } satisfies UpdateOriginEndpointRequest,
      { ...GET_ENDPOINT, StartoverWindowSeconds: 7200 } as UpdateOriginEndpointResponse,
    ),
    targets: [{ arn: ENDPOINT_ARN }],
  },
  DeleteOriginEndpoint: {
    verb: 'delete',
    call: call('DeleteOriginEndpoint', {
      ChannelGroupName: 'live',
      ChannelName: 'news',
      OriginEndpointName: 'cmaf-dash',
    } satisfies DeleteOriginEndpointRequest),
    targets: [{ arn: DASH_ENDPOINT_ARN }],
  },
  TagResource: {
    verb: 'update',
    call: call('TagResource', { ResourceArn: CHANNEL_ARN, Tags: { tier: 'gold' } } satisfies TagResourceRequest),
    targets: [{ arn: CHANNEL_ARN }],
  },
  UntagResource: {
    verb: 'update',
    call: call('UntagResource', { ResourceArn: GROUP_ARN, TagKeys: ['team'] } satisfies UntagResourceRequest),
    targets: [{ arn: GROUP_ARN }],
  },
};

describe('MediaPackage v2 change calls', () => {
  describeChangeCallTable({
    label: 'MediaPackage v2',
    module: mediaPackageV2Service,
    changeCalls: mediaPackageV2ChangeCalls,
    sdkCommands: { atLeast: 15, including: ['DeleteOriginEndpointPolicy'] },
    cases: WATCHED,
  });

  it('leaves resource policies and harvest jobs unwatched: the inventory keeps no policy and polls no harvest job', () => {
    // Assess
    for (const name of [
      'PutChannelPolicy',
      'DeleteChannelPolicy',
      'PutOriginEndpointPolicy',
      'DeleteOriginEndpointPolicy',
    ])
      expect(mediaPackageV2ChangeCalls.calls[name]).toEqual({ unwatched: expect.stringMatching(/no resource policy/) });
    for (const name of ['CreateHarvestJob', 'CancelHarvestJob'])
      expect(mediaPackageV2ChangeCalls.calls[name]).toEqual({
        unwatched: expect.stringMatching(/harvest jobs are not polled/),
      });
  });

  it('builds the ARN from the request’s names when an update’s response is missing', () => {
    // Prepare
    const recorded = call('UpdateOriginEndpoint', { ...HLS_REQUEST, StartoverWindowSeconds: 60 });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([{ arn: ENDPOINT_ARN }]);
  });

  it('builds the ARN in the account that owns the resource, the call’s region and the partition', () => {
    // Prepare
    const recorded = call('DeleteChannel', { ChannelGroupName: 'live', ChannelName: 'news' }, undefined, {
      region: 'cn-northwest-1',
      recipientAccountId: OTHER_ACCOUNT,
    });

    // Act
    const targets = targetsOf(recorded, 'aws-cn');

    // Assess
    expect(targets).toEqual([
      { arn: `arn:aws-cn:mediapackagev2:cn-northwest-1:${OTHER_ACCOUNT}:channelGroup/live/channel/news` },
    ]);
  });

  it('reads names in camelCase too, and ignores a response ARN of another kind', () => {
    // Prepare
    const recorded = call(
      'UpdateChannel',
      { channelGroupName: 'live', channelName: 'news', description: 'x' },
      { Arn: ENDPOINT_ARN },
    );

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([{ arn: CHANNEL_ARN }]);
  });

  it('names no resource when the call recorded no parameters, misses a name, or has a malformed one', () => {
    // Prepare
    const empty = call('DeleteChannelGroup', null);
    const missing = call('DeleteOriginEndpoint', { ChannelGroupName: 'live', OriginEndpointName: 'hls-ts' });
    const malformed = call('DeleteChannel', { ChannelGroupName: 'live', ChannelName: 'news/originEndpoint/x' });

    // Act
    const targets = [...targetsOf(empty), ...targetsOf(missing), ...targetsOf(malformed)];

    // Assess
    expect(empty.requestParameters).toEqual({});
    expect(targets).toEqual([]);
  });

  it('keeps the ARN of a resource of another account, for the applier to drop', () => {
    // Prepare
    const foreign = `arn:aws:mediapackagev2:${REGION}:${OTHER_ACCOUNT}:channelGroup/live/channel/news`;
    const recorded = call('TagResource', { ResourceArn: foreign, Tags: { tier: 'gold' } });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([{ arn: foreign }]);
  });

  it('names nothing for a harvest job’s tags', () => {
    // Prepare
    const recorded = call('TagResource', { ResourceArn: `${ENDPOINT_ARN}/harvestJob/clip-1`, Tags: { a: 'b' } });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([]);
  });
});
