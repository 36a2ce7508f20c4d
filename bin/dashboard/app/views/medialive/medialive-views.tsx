import { CHANNEL_STATES, INPUT_DEVICE_STATES, INPUT_STATES } from '../../model/medialive-states';
import { formatBitrate } from '../../model/format';
import { nameColumn, numberColumn, placeColumns, statusColumn, textColumn } from '../service-page/columns';
import type { ResourceViewModule } from '../view-module';
import { ChannelPage, CHANNELS_PATH, INPUTS_PATH } from './channel-page';
import { InputDevicePage, INPUT_DEVICES_PATH } from './input-device-page';
import { InputPage } from './input-page';

const count = (value: unknown): number | undefined => (Array.isArray(value) ? value.length : undefined);

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
    textColumn('class', 'Class', (row) => row.channelClass),
    numberColumn('pipelines', 'Pipelines running', (row) => row.pipelinesRunningCount as number | undefined),
    numberColumn('inputs', 'Inputs attached', (row) => count(row.inputIds)),
    ...placeColumns,
  ],
  filters: [{ param: 'status', label: 'State', options: CHANNEL_STATES }],
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
    textColumn('inputType', 'Type', (row) => row.inputType),
    textColumn('class', 'Class', (row) => row.inputClass),
    numberColumn('flows', 'MediaConnect flows', (row) => count(row.mediaConnectFlowArns)),
    numberColumn('channels', 'Attached channels', (row) => count(row.attachedChannelIds)),
    ...placeColumns,
  ],
  filters: [{ param: 'status', label: 'State', options: INPUT_STATES }],
  Detail: InputPage,
};

/** MediaLive input devices (Link): connection state, type, device state, bitrate. */
export const inputDevicesModule: ResourceViewModule = {
  path: INPUT_DEVICES_PATH,
  title: 'Input devices',
  service: 'medialive',
  resourceType: 'medialive:input-device',
  listRoute: '/input-devices',
  columns: [
    nameColumn,
    statusColumn('Connection'),
    textColumn('deviceType', 'Type', (row) => row.deviceType),
    textColumn('deviceState', 'Device state', (row) => row.deviceState),
    {
      id: 'bitrate',
      header: 'Encoder bitrate',
      numeric: true,
      value: (row) => row.encoderBitrate as number | undefined,
      render: (row) => formatBitrate(row.encoderBitrate as number | undefined),
    },
    ...placeColumns,
  ],
  filters: [{ param: 'status', label: 'Connection', options: INPUT_DEVICE_STATES }],
  Detail: InputDevicePage,
};
