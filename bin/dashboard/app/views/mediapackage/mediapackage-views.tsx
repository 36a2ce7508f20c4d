import { nameColumn, placeColumns, urlsOf } from '../service-page/columns';
import { detailColumn } from '../service-page/row-detail';
import type { ResourceRow, ResourceViewModule } from '../view-module';
import {
  packageChannelApiPath,
  PackageChannelPage,
  packageEndpointApiPath,
  PackageEndpointPage,
  PACKAGE_CHANNELS_PATH,
  PACKAGE_ENDPOINTS_PATH,
} from './mediapackage-pages';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** MediaPackage v1 channels (the name is the channel Id): ingest URLs, origin endpoints. No state: alarms tell. */
export const packageChannelsModule: ResourceViewModule = {
  path: PACKAGE_CHANNELS_PATH,
  title: 'MediaPackage channels',
  service: 'mediapackage',
  resourceType: 'mediapackage:channel',
  listRoute: '/mediapackage/channels',
  columns: [
    { ...nameColumn, header: 'Channel Id' },
    detailColumn('ingest', 'Ingest URLs', packageChannelApiPath, (d) => urlsOf(d.ingestEndpoints)),
    detailColumn('endpoints', 'Origin endpoints', packageChannelApiPath, (d) =>
      Array.isArray(d.originEndpoints) ? String(d.originEndpoints.length) : undefined,
    ),
    ...placeColumns,
  ],
  detailRoute: packageChannelApiPath,
  rowFromDetail: (detail) => detail as ResourceRow,
  Detail: PackageChannelPage,
};

/** MediaPackage v1 origin endpoints: channel, packaging and URL. */
export const packageEndpointsModule: ResourceViewModule = {
  path: PACKAGE_ENDPOINTS_PATH,
  title: 'MediaPackage origin endpoints',
  service: 'mediapackage',
  resourceType: 'mediapackage:origin-endpoint',
  listRoute: '/mediapackage/origin-endpoints',
  columns: [
    { ...nameColumn, header: 'Endpoint Id' },
    detailColumn('channel', 'Channel', packageEndpointApiPath, (d) => text(d.channelId)),
    detailColumn('packaging', 'Packaging', packageEndpointApiPath, (d) =>
      text((d.packaging as { type?: unknown } | undefined)?.type),
    ),
    detailColumn('url', 'URL', packageEndpointApiPath, (d) => text(d.url)),
    ...placeColumns,
  ],
  detailRoute: packageEndpointApiPath,
  rowFromDetail: (detail) => detail as ResourceRow,
  Detail: PackageEndpointPage,
};
