import type {
  ConfigureLogsRequest,
  ConfigureLogsResponse,
  CreateChannelRequest,
  CreateChannelResponse,
  CreateOriginEndpointRequest,
  CreateOriginEndpointResponse,
  DeleteChannelRequest,
  DeleteOriginEndpointRequest,
  RotateChannelCredentialsRequest,
  RotateChannelCredentialsResponse,
  RotateIngestEndpointCredentialsRequest,
  RotateIngestEndpointCredentialsResponse,
  TagResourceRequest,
  UntagResourceRequest,
  UpdateChannelRequest,
  UpdateChannelResponse,
  UpdateOriginEndpointRequest,
  UpdateOriginEndpointResponse,
} from '@aws-sdk/client-mediapackage';
import type { ChangeTarget } from '../../../lambdas/events/change-calls';
import { mediaPackageChangeCalls } from '../../../lambdas/mediapackage/mediapackage-changes';
import { mediaPackageService } from '../../../lambdas/mediapackage/mediapackage-events';
import {
  changeCallBuilder,
  describeChangeCallTable,
  targetsReader,
  type WatchedCase,
} from '../events/service-change-calls';
import {
  ACCOUNT,
  CHANNEL_ARN,
  DASH_ENDPOINT,
  HLS_ENDPOINT,
  INGEST_ID_A,
  INGEST_ID_B,
  NEWS_CHANNEL,
  REGION,
} from './mediapackage-fixtures';

const OTHER_ACCOUNT = '444455556666';
const HLS_ARN = HLS_ENDPOINT.Arn!;
const DASH_ARN = DASH_ENDPOINT.Arn!;

/** The call CloudTrail records for an SDK request and response, as the ingest reads it. */
const call = changeCallBuilder({ service: 'mediapackage', account: ACCOUNT, region: REGION, style: 'camel' });
const targetsOf = targetsReader(mediaPackageChangeCalls.calls);

const channelById = (name: string): ChangeTarget => ({ byName: { type: 'mediapackage:channel', name } });
const endpointById = (name: string): ChangeTarget => ({ byName: { type: 'mediapackage:origin-endpoint', name } });

/** One realistic call for every watched call: the SDK's request, and its response for creates and updates. */
const WATCHED: Record<string, WatchedCase> = {
  CreateChannel: {
    verb: 'create',
    call: call(
      'CreateChannel',
      {
        Id: NEWS_CHANNEL.Id,
        Description: NEWS_CHANNEL.Description,
        Tags: { team: 'news' },
      } satisfies CreateChannelRequest,
      NEWS_CHANNEL satisfies CreateChannelResponse,
    ),
    targets: [{ arn: CHANNEL_ARN }],
  },
  UpdateChannel: {
    verb: 'update',
    call: call(
      'UpdateChannel',
      { Id: NEWS_CHANNEL.Id, Description: 'News HD, 24/7' } satisfies UpdateChannelRequest,
      { ...NEWS_CHANNEL, Description: 'News HD, 24/7' } satisfies UpdateChannelResponse,
    ),
    targets: [{ arn: CHANNEL_ARN }],
  },
  DeleteChannel: {
    verb: 'delete',
    // DeleteChannel answers nothing, and the request names the channel by its Id, not by the GUID of its ARN.
    call: call('DeleteChannel', { Id: NEWS_CHANNEL.Id } satisfies DeleteChannelRequest),
    targets: [channelById('news-hd')],
  },
  ConfigureLogs: {
    verb: 'update',
    call: call(
      'ConfigureLogs',
      {
        Id: NEWS_CHANNEL.Id,
        IngressAccessLogs: { LogGroupName: '/aws/MediaPackage/news-ingress' },
        EgressAccessLogs: { LogGroupName: '/aws/MediaPackage/news-egress' },
      } satisfies ConfigureLogsRequest,
      {
        ...NEWS_CHANNEL,
        IngressAccessLogs: { LogGroupName: '/aws/MediaPackage/news-ingress' },
        EgressAccessLogs: { LogGroupName: '/aws/MediaPackage/news-egress' },
      } satisfies ConfigureLogsResponse,
    ),
    // The stored channel holds its log group names.
    targets: [{ arn: CHANNEL_ARN }],
  },
  RotateChannelCredentials: {
    verb: 'update',
    call: call(
      'RotateChannelCredentials',
      { Id: NEWS_CHANNEL.Id } satisfies RotateChannelCredentialsRequest,
      NEWS_CHANNEL satisfies RotateChannelCredentialsResponse,
    ),
    // The stored channel holds its ingest endpoints' usernames, which a rotation changes.
    targets: [{ arn: CHANNEL_ARN }],
  },
  RotateIngestEndpointCredentials: {
    verb: 'update',
    call: call(
      'RotateIngestEndpointCredentials',
      {
        Id: NEWS_CHANNEL.Id,
        IngestEndpointId: INGEST_ID_B,
      } satisfies RotateIngestEndpointCredentialsRequest,
      NEWS_CHANNEL satisfies RotateIngestEndpointCredentialsResponse,
    ),
    targets: [{ arn: CHANNEL_ARN }],
  },
  CreateOriginEndpoint: {
    verb: 'create',
    call: call(
      'CreateOriginEndpoint',
      {
        Id: HLS_ENDPOINT.Id,
        ChannelId: HLS_ENDPOINT.ChannelId,
        ManifestName: HLS_ENDPOINT.ManifestName,
        StartoverWindowSeconds: HLS_ENDPOINT.StartoverWindowSeconds,
        Whitelist: HLS_ENDPOINT.Whitelist,
        HlsPackage: HLS_ENDPOINT.HlsPackage,
      } satisfies CreateOriginEndpointRequest,
      HLS_ENDPOINT satisfies CreateOriginEndpointResponse,
    ),
    targets: [{ arn: HLS_ARN }],
  },
  UpdateOriginEndpoint: {
    verb: 'update',
    call: call(
      'UpdateOriginEndpoint',
      { Id: DASH_ENDPOINT.Id, TimeDelaySeconds: 20 } satisfies UpdateOriginEndpointRequest,
      { ...DASH_ENDPOINT, TimeDelaySeconds: 20 } satisfies UpdateOriginEndpointResponse,
    ),
    targets: [{ arn: DASH_ARN }],
  },
  DeleteOriginEndpoint: {
    verb: 'delete',
    call: call('DeleteOriginEndpoint', { Id: DASH_ENDPOINT.Id } satisfies DeleteOriginEndpointRequest),
    targets: [endpointById('news-hd-dash')],
  },
  TagResource: {
    verb: 'update',
    call: call('TagResource', { ResourceArn: CHANNEL_ARN, Tags: { tier: 'gold' } } satisfies TagResourceRequest),
    targets: [{ arn: CHANNEL_ARN }],
  },
  UntagResource: {
    verb: 'update',
    call: call('UntagResource', { ResourceArn: HLS_ARN, TagKeys: ['team'] } satisfies UntagResourceRequest),
    targets: [{ arn: HLS_ARN }],
  },
};

describe('MediaPackage v1 change calls', () => {
  describeChangeCallTable({
    label: 'MediaPackage',
    module: mediaPackageService,
    changeCalls: mediaPackageChangeCalls,
    sdkCommands: { atLeast: 10, including: ['CreateHarvestJob'] },
    cases: WATCHED,
  });

  it('leaves harvest jobs unwatched: they are not polled', () => {
    // Assess
    expect(mediaPackageChangeCalls.calls.CreateHarvestJob).toEqual({ unwatched: expect.stringMatching(/not polled/) });
  });

  it('names the resource by its Id when an update’s response is missing', () => {
    // Prepare
    const recorded = call('UpdateOriginEndpoint', { Id: HLS_ENDPOINT.Id, Whitelist: ['198.51.100.0/24'] });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([endpointById('news-hd-hls')]);
  });

  it('names the channel by its Id, never the ingest endpoint, when a credential rotation’s response is missing', () => {
    // Prepare
    const rotated = call('RotateIngestEndpointCredentials', {
      Id: NEWS_CHANNEL.Id,
      IngestEndpointId: INGEST_ID_A,
    });
    const logged = call('ConfigureLogs', { Id: NEWS_CHANNEL.Id, IngressAccessLogs: {} });

    // Act
    const targets = [...targetsOf(rotated), ...targetsOf(logged)];

    // Assess
    expect(targets).toEqual([channelById('news-hd'), channelById('news-hd')]);
  });

  it('takes moto’s ARN from the response (it ends in the Id, with no region or account)', () => {
    // Prepare
    const motoArn = 'arn:aws:mediapackage:origin_endpoint:news-hd-hls';
    const recorded = call('CreateOriginEndpoint', { Id: 'news-hd-hls', ChannelId: 'news-hd' }, { Arn: motoArn });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([{ arn: motoArn }]);
  });

  it('ignores a response ARN of the other kind and names the resource by its Id instead', () => {
    // Prepare
    const recorded = call('UpdateChannel', { Id: 'news-hd' }, { Arn: HLS_ARN });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([channelById('news-hd')]);
  });

  it('names no resource when the call recorded no parameters and no response, or an Id MediaPackage never makes', () => {
    // Prepare
    const empty = call('DeleteChannel', null);
    const malformed = call('DeleteOriginEndpoint', { Id: 'news hd/../hls' });

    // Act
    const targets = [...targetsOf(empty), ...targetsOf(malformed)];

    // Assess
    expect(empty.requestParameters).toEqual({});
    expect(targets).toEqual([]);
  });

  it('keeps the ARN of a resource of another account, for the applier to drop', () => {
    // Prepare
    const foreign = `arn:aws:mediapackage:${REGION}:${OTHER_ACCOUNT}:channels/0a1b2c3d4e5f60718293a4b5c6d7e8f9`;
    const recorded = call('TagResource', { ResourceArn: foreign, Tags: { tier: 'gold' } });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([{ arn: foreign }]);
  });

  it('reads the tagged resource under the URI label CloudTrail records, and ignores a harvest job’s tags', () => {
    // Prepare
    const labelled = call('UntagResource', { 'resource-arn': CHANNEL_ARN, tagKeys: ['team'] });
    const harvestJob = call('TagResource', {
      ResourceArn: `arn:aws:mediapackage:${REGION}:${ACCOUNT}:harvest_jobs/clip-1`,
      Tags: { tier: 'gold' },
    });

    // Act
    const targets = [...targetsOf(labelled), ...targetsOf(harvestJob)];

    // Assess
    expect(targets).toEqual([{ arn: CHANNEL_ARN }]);
  });
});
