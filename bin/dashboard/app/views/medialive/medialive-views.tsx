import { CHANNEL_STATES, INPUT_DEVICE_STATES, INPUT_STATES } from '../../model/medialive-states';
import { nameColumn, placeColumns, statusColumn } from '../service-page/columns';
import { detailColumn } from '../service-page/row-detail';
import type { ResourceRow, ResourceViewModule } from '../view-module';
import { channelApiPath, ChannelPage, CHANNELS_PATH, INPUTS_PATH } from './channel-page';
import { InputDevicePage, INPUT_DEVICES_PATH } from './input-device-page';
import { inputApiPath, InputPage } from './input-page';

const count = (value: unknown): string | undefined => (Array.isArray(value) ? String(value.length) : undefined);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
/** The names of a channel's input attachments, joined. */
const names = (value: unknown): string | undefined =>
  Array.isArray(value) && value.length
    ? value.map((a) => String((a as { name?: unknown }).name ?? '?')).join(', ')
    : undefined;

/** MediaLive channels: state, class, pipelines running, attached inputs. */
export const channelsModule: ResourceViewModule = {
  path: CHANNELS_PATH,
  title: 'Channels',
  service: 'medialive',
  resourceType: 'medialive:channel',
  listRoute: '/channels',
  columns: [
    nameColumn,
    statusColumn('State'),
    detailColumn('class', 'Class', channelApiPath, (d) => text(d.channelClass)),
    detailColumn('pipelines', 'Pipelines running', channelApiPath, (d) => text(d.pipelinesRunningCount)),
    detailColumn('inputs', 'Input attachments', channelApiPath, (d) => names(d.attachments)),
    ...placeColumns,
  ],
  filters: [{ param: 'status', label: 'State', options: CHANNEL_STATES }],
  detailRoute: channelApiPath,
  rowFromDetail: (detail) => detail as ResourceRow,
  Detail: ChannelPage,
};

/** MediaLive inputs: state, type, class, the flows feeding them, the channels using them. */
export const inputsModule: ResourceViewModule = {
  path: INPUTS_PATH,
  title: 'Inputs',
  service: 'medialive',
  resourceType: 'medialive:input',
  listRoute: '/inputs',
  columns: [
    nameColumn,
    statusColumn('State'),
    detailColumn('inputType', 'Type', inputApiPath, (d) => text(d.inputType)),
    detailColumn('class', 'Class', inputApiPath, (d) => text(d.inputClass)),
    detailColumn('flows', 'MediaConnect flows', inputApiPath, (d) => count(d.mediaConnectFlowArns)),
    detailColumn('channels', 'Attached channels', inputApiPath, (d) => count(d.attachedChannelIds)),
    ...placeColumns,
  ],
  filters: [{ param: 'status', label: 'State', options: INPUT_STATES }],
  detailRoute: inputApiPath,
  rowFromDetail: (detail) => detail as ResourceRow,
  Detail: InputPage,
};

/**
 * MediaLive input devices (Link): connection state. The API has no route for one device, so the list shows what its
 * rows carry (type, device state and bitrate are on the device's page).
 */
export const inputDevicesModule: ResourceViewModule = {
  path: INPUT_DEVICES_PATH,
  title: 'Input devices',
  service: 'medialive',
  resourceType: 'medialive:input-device',
  listRoute: '/input-devices',
  columns: [nameColumn, statusColumn('Connection'), ...placeColumns],
  filters: [{ param: 'status', label: 'Connection', options: INPUT_DEVICE_STATES }],
  Detail: InputDevicePage,
};
