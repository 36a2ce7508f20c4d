import { ListChannelsCommand, ListOriginEndpointsCommand, MediaPackageClient } from '@aws-sdk/client-mediapackage';
import { mockClient } from 'aws-sdk-client-mock';
import { channelKind } from '../../../lambdas/mediapackage/channel-kind';
import { originEndpointKind } from '../../../lambdas/mediapackage/origin-endpoint-kind';
import { ALL_ENDPOINTS, kindContext, NEWS_CHANNEL } from '../mediapackage/mediapackage-fixtures';
import { steadyListing } from './steady-listing';

const mediapackage = mockClient(MediaPackageClient);

describe('MediaPackage v1 listed summaries', () => {
  beforeEach(() => {
    mediapackage.reset();
    mediapackage.on(ListChannelsCommand).resolves({ Channels: [NEWS_CHANNEL] });
    mediapackage.on(ListOriginEndpointsCommand).resolves({ OriginEndpoints: ALL_ENDPOINTS });
  });

  it('lists channels and origin endpoints by their id, the name their records store: nothing first when steady', async () => {
    // Act
    const channels = await steadyListing(channelKind, kindContext());
    const endpoints = await steadyListing(originEndpointKind, kindContext());

    // Assess
    expect(channels.listed.map((l) => l.summary)).toEqual([{ name: NEWS_CHANNEL.Id }]);
    expect(endpoints.listed.map((l) => l.summary)).toEqual(ALL_ENDPOINTS.map((e) => ({ name: e.Id })));
    expect([...channels.changed, ...endpoints.changed]).toEqual([]);
  });
});
