import {
  GetChannelCommand,
  GetChannelGroupCommand,
  GetOriginEndpointCommand,
  ListChannelGroupsCommand,
  ListChannelsCommand,
  ListOriginEndpointsCommand,
} from '@aws-sdk/client-mediapackagev2';
import { channelGroupKind } from '../../../lambdas/mediapackagev2/channel-group-kind';
import { channelKind } from '../../../lambdas/mediapackagev2/channel-kind';
import { originEndpointKind } from '../../../lambdas/mediapackagev2/origin-endpoint-kind';
import { kindContext, mediaPackageV2Mock } from '../mediapackagev2/mediapackagev2-context';
import {
  GET_CHANNEL,
  GET_ENDPOINT,
  GET_GROUP,
  LIST_ENDPOINTS,
  LIST_GROUPS,
  LIST_LIVE_CHANNELS,
} from '../mediapackagev2/mediapackagev2-fixtures';
import { steadyListing } from './steady-listing';

const mp = mediaPackageV2Mock();

describe('MediaPackage v2 listed summaries', () => {
  beforeEach(() => {
    mp.reset();
    // One group, one channel, one endpoint: the ones the fixtures describe.
    const live = (LIST_GROUPS.Items ?? []).filter((g) => g.ChannelGroupName === 'live');
    mp.on(ListChannelGroupsCommand).resolves({ Items: live });
    const news = (LIST_LIVE_CHANNELS.Items ?? []).filter((c) => c.ChannelName === 'news');
    mp.on(ListChannelsCommand).resolves({ Items: news });
    const hls = (LIST_ENDPOINTS.Items ?? []).filter((e) => e.OriginEndpointName === 'hls-ts');
    mp.on(ListOriginEndpointsCommand).resolves({ Items: hls });
    mp.on(GetChannelGroupCommand).resolves(GET_GROUP);
    mp.on(GetChannelCommand).resolves(GET_CHANNEL);
    mp.on(GetOriginEndpointCommand).resolves(GET_ENDPOINT);
  });

  it('lists groups, channels and origin endpoints by the names their records store: nothing first when steady', async () => {
    // Act
    const listings = [
      await steadyListing(channelGroupKind, kindContext()),
      await steadyListing(channelKind, kindContext()),
      await steadyListing(originEndpointKind, kindContext()),
    ];

    // Assess
    expect(listings.map((l) => l.listed.map((e) => e.summary))).toEqual([
      [{ name: 'live' }],
      [{ name: 'news' }],
      [{ name: 'hls-ts' }],
    ]);
    expect(listings.flatMap((l) => l.changed)).toEqual([]);
  });
});
