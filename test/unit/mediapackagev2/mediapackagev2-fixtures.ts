import type {
  GetChannelGroupResponse,
  GetChannelResponse,
  GetOriginEndpointResponse,
  ListChannelGroupsResponse,
  ListChannelsResponse,
  ListOriginEndpointsResponse,
} from '@aws-sdk/client-mediapackagev2';

/**
 * MediaPackage v2 responses as the SDK types them (models_0.d.ts of @aws-sdk/client-mediapackagev2 3.699.0), with
 * values shaped like AWS's: ARNs with slashes under the channel group, ingest URLs on `*.ingest.*.mediapackagev2.*`,
 * egress URLs on the group's egress domain.
 */

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
const PREFIX = `arn:aws:mediapackagev2:${REGION}:${ACCOUNT}:channelGroup`;

export const GROUP_ARN = `${PREFIX}/live`;
export const OTHER_GROUP_ARN = `${PREFIX}/sports`;
export const CHANNEL_ARN = `${GROUP_ARN}/channel/news`;
export const OTHER_CHANNEL_ARN = `${OTHER_GROUP_ARN}/channel/match`;
export const ENDPOINT_ARN = `${CHANNEL_ARN}/originEndpoint/hls-ts`;
export const DASH_ENDPOINT_ARN = `${CHANNEL_ARN}/originEndpoint/cmaf-dash`;

const CREATED = new Date('2026-02-01T09:00:00.000Z');
const MODIFIED = new Date('2026-02-20T17:30:00.000Z');
const EGRESS = 'abc123.egress.xyz789.mediapackagev2.eu-west-1.amazonaws.com';

export const LIST_GROUPS: ListChannelGroupsResponse = {
  Items: [
    { ChannelGroupName: 'sports', Arn: OTHER_GROUP_ARN, CreatedAt: CREATED, ModifiedAt: CREATED },
    { ChannelGroupName: 'live', Arn: GROUP_ARN, CreatedAt: CREATED, ModifiedAt: MODIFIED, Description: 'Live news' },
  ],
};

export const GET_GROUP: GetChannelGroupResponse = {
  ChannelGroupName: 'live',
  Arn: GROUP_ARN,
  EgressDomain: EGRESS,
  CreatedAt: CREATED,
  ModifiedAt: MODIFIED,
  Description: 'Live news',
  ETag: 'etag-1',
  Tags: { team: 'news', password: 'hunter2' },
};

export const LIST_LIVE_CHANNELS: ListChannelsResponse = {
  Items: [
    {
      Arn: CHANNEL_ARN,
      ChannelName: 'news',
      ChannelGroupName: 'live',
      CreatedAt: CREATED,
      ModifiedAt: MODIFIED,
      InputType: 'CMAF',
    },
  ],
};

export const LIST_SPORTS_CHANNELS: ListChannelsResponse = {
  Items: [
    {
      Arn: OTHER_CHANNEL_ARN,
      ChannelName: 'match',
      ChannelGroupName: 'sports',
      CreatedAt: CREATED,
      ModifiedAt: CREATED,
      InputType: 'HLS',
    },
  ],
};

export const INGEST_1 = 'https://abc123-1.ingest.xyz789.mediapackagev2.eu-west-1.amazonaws.com/in/v1/live/1/news/index';
export const INGEST_2 = 'https://abc123-2.ingest.xyz789.mediapackagev2.eu-west-1.amazonaws.com/in/v1/live/2/news/index';

export const GET_CHANNEL: GetChannelResponse = {
  Arn: CHANNEL_ARN,
  ChannelName: 'news',
  ChannelGroupName: 'live',
  CreatedAt: CREATED,
  ModifiedAt: MODIFIED,
  Description: 'News 24/7',
  IngestEndpoints: [
    { Id: '1', Url: INGEST_1 },
    { Id: '2', Url: INGEST_2 },
  ],
  InputType: 'CMAF',
  ETag: 'etag-2',
  Tags: { team: 'news' },
  InputSwitchConfiguration: { MQCSInputSwitching: true },
  OutputHeaderConfiguration: { PublishMQCS: true },
};

export const LIST_ENDPOINTS: ListOriginEndpointsResponse = {
  Items: [
    {
      Arn: ENDPOINT_ARN,
      ChannelGroupName: 'live',
      ChannelName: 'news',
      OriginEndpointName: 'hls-ts',
      ContainerType: 'TS',
      CreatedAt: CREATED,
      ModifiedAt: MODIFIED,
      HlsManifests: [{ ManifestName: 'index', Url: `https://${EGRESS}/out/v1/live/news/hls-ts/index.m3u8` }],
    },
    {
      Arn: DASH_ENDPOINT_ARN,
      ChannelGroupName: 'live',
      ChannelName: 'news',
      OriginEndpointName: 'cmaf-dash',
      ContainerType: 'CMAF',
      DashManifests: [{ ManifestName: 'dash', Url: `https://${EGRESS}/out/v1/live/news/cmaf-dash/dash.mpd` }],
    },
  ],
};

export const CONSTANT_IV = '0123456789abcdef0123456789abcdef';

export const GET_ENDPOINT: GetOriginEndpointResponse = {
  Arn: ENDPOINT_ARN,
  ChannelGroupName: 'live',
  ChannelName: 'news',
  OriginEndpointName: 'hls-ts',
  ContainerType: 'TS',
  Segment: {
    SegmentDurationSeconds: 6,
    SegmentName: 'segment',
    TsUseAudioRenditionGroup: true,
    IncludeIframeOnlyStreams: false,
    TsIncludeDvbSubtitles: false,
    Scte: { ScteFilter: ['SPLICE_INSERT', 'BREAK'] },
    Encryption: {
      ConstantInitializationVector: CONSTANT_IV,
      EncryptionMethod: { TsEncryptionMethod: 'AES_128' },
      KeyRotationIntervalSeconds: 300,
      SpekeKeyProvider: {
        EncryptionContractConfiguration: { PresetSpeke20Audio: 'SHARED', PresetSpeke20Video: 'SHARED' },
        ResourceId: 'news-content',
        DrmSystems: ['CLEAR_KEY_AES_128'],
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/speke`,
        Url: 'https://speke.example.com/v2/copyProtection',
      },
    },
  },
  CreatedAt: CREATED,
  ModifiedAt: MODIFIED,
  Description: 'HLS for players',
  StartoverWindowSeconds: 3600,
  HlsManifests: [
    {
      ManifestName: 'index',
      Url: `https://${EGRESS}/out/v1/live/news/hls-ts/index.m3u8`,
      ChildManifestName: 'child',
      ManifestWindowSeconds: 60,
      ProgramDateTimeIntervalSeconds: 10,
    },
  ],
  LowLatencyHlsManifests: [
    { ManifestName: 'llhls', Url: `https://${EGRESS}/out/v1/live/news/hls-ts/llhls.m3u8`, ManifestWindowSeconds: 30 },
  ],
  DashManifests: [],
  ForceEndpointErrorConfiguration: { EndpointErrorConditions: ['STALE_MANIFEST', 'INCOMPLETE_MANIFEST'] },
  ETag: 'etag-3',
  Tags: { tier: 'gold' },
};
