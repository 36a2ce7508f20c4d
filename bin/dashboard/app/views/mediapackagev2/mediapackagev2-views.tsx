import { nameColumn, placeColumns, urlsOf } from '../service-page/columns';
import { detailColumn } from '../service-page/row-detail';
import type { ResourceRow, ResourceViewModule } from '../view-module';
import {
  ChannelGroupPage,
  v2ChannelApiPath,
  V2ChannelPage,
  V2_CHANNELS_PATH,
  v2EndpointApiPath,
  V2EndpointPage,
  V2_ENDPOINTS_PATH,
  V2_GROUPS_PATH,
} from './mediapackagev2-pages';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** The URLs of an endpoint's manifests (HLS, LL-HLS, DASH), joined. */
function manifestUrls(detail: Record<string, unknown>): string | undefined {
  return urlsOf([
    ...((detail.hlsManifests as unknown[] | undefined) ?? []),
    ...((detail.lowLatencyHlsManifests as unknown[] | undefined) ?? []),
    ...((detail.dashManifests as unknown[] | undefined) ?? []),
  ]);
}

/** MediaPackage v2 channel groups. The API has no route for one group: no per-row detail cells. */
export const v2GroupsModule: ResourceViewModule = {
  path: V2_GROUPS_PATH,
  title: 'Channel groups',
  service: 'mediapackagev2',
  resourceType: 'mediapackagev2:channel-group',
  listRoute: '/mediapackagev2/channel-groups',
  columns: [nameColumn, ...placeColumns],
  Detail: ChannelGroupPage,
};

/** MediaPackage v2 channels: group, input type, ingest URLs, origin endpoints. */
export const v2ChannelsModule: ResourceViewModule = {
  path: V2_CHANNELS_PATH,
  title: 'Channels (v2)',
  service: 'mediapackagev2',
  resourceType: 'mediapackagev2:channel',
  listRoute: '/mediapackagev2/channels',
  columns: [
    nameColumn,
    detailColumn('group', 'Group', v2ChannelApiPath, (d) => text(d.channelGroupName)),
    detailColumn('inputType', 'Input type', v2ChannelApiPath, (d) => text(d.inputType)),
    detailColumn('ingest', 'Ingest URLs', v2ChannelApiPath, (d) => urlsOf(d.ingestEndpoints)),
    ...placeColumns,
  ],
  detailRoute: v2ChannelApiPath,
  rowFromDetail: (detail) => detail as ResourceRow,
  Detail: V2ChannelPage,
};

/** MediaPackage v2 origin endpoints: channel, container, manifest URLs. */
export const v2EndpointsModule: ResourceViewModule = {
  path: V2_ENDPOINTS_PATH,
  title: 'Origin endpoints (v2)',
  service: 'mediapackagev2',
  resourceType: 'mediapackagev2:origin-endpoint',
  listRoute: '/mediapackagev2/origin-endpoints',
  columns: [
    nameColumn,
    detailColumn('channel', 'Channel', v2EndpointApiPath, (d) => text(d.channelName)),
    detailColumn('container', 'Container', v2EndpointApiPath, (d) => text(d.containerType)),
    detailColumn('manifests', 'Manifest URLs', v2EndpointApiPath, manifestUrls),
    ...placeColumns,
  ],
  detailRoute: v2EndpointApiPath,
  rowFromDetail: (detail) => detail as ResourceRow,
  Detail: V2EndpointPage,
};
