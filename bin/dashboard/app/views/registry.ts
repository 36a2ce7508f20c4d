import { flowsModule } from './mediaconnect/flows-view';
import { channelsModule, inputDevicesModule, inputsModule } from './medialive/medialive-views';
import { packageChannelsModule, packageEndpointsModule } from './mediapackage/mediapackage-views';
import { v2ChannelsModule, v2EndpointsModule, v2GroupsModule } from './mediapackagev2/mediapackagev2-views';
import type { ResourceRow, ResourceViewModule } from './view-module';

/** Every resource kind the dashboard shows, in navigation order. A new kind is one line here. */
export const VIEW_MODULES: readonly ResourceViewModule<ResourceRow>[] = [
  flowsModule,
  // MediaLive
  channelsModule,
  inputsModule,
  inputDevicesModule,
  // MediaPackage v1
  packageChannelsModule,
  packageEndpointsModule,
  // MediaPackage v2
  v2GroupsModule,
  v2ChannelsModule,
  v2EndpointsModule,
];
