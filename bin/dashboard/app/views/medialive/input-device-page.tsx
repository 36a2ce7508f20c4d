import { formatBitrate, MISSING } from '../../model/format';
import { arnPlace } from '../../model/arn-place';
import { ListedResourcePage, type ResourceDetail } from '../service-page/resource-page';

export const INPUT_DEVICES_PATH = '/input-devices';

/** A stored input device (lambdas/medialive/medialive-model.ts `InputDeviceRecord`). */
export interface InputDeviceDetail extends ResourceDetail {
  deviceType?: string;
  connectionState?: string;
  deviceState?: string;
  maxBitrate?: number;
  encoderBitrate?: number;
}

/**
 * A MediaLive input device's (Link) page. The API lists devices but has no route for one: the page reads its row from
 * `GET /input-devices`, narrowed to the account and Region its ARN names. Connection state, type, device state,
 * configured and active input, bitrates; every other field; alarms, events, audit trail. Operator: "Re-poll".
 */
export function InputDevicePage({ arn }: { arn: string; sub?: string }) {
  return (
    <ListedResourcePage<InputDeviceDetail>
      arn={arn}
      listRoute="/input-devices"
      query={arnPlace(arn)}
      listPath={INPUT_DEVICES_PATH}
      listTitle="Input devices"
      noun="Input device"
      facts={(device) => [
        ['Type', device.deviceType ?? MISSING],
        ['Device state', device.deviceState ?? MISSING],
        ['Max bitrate', formatBitrate(device.maxBitrate)],
        ['Encoder bitrate', formatBitrate(device.encoderBitrate)],
      ]}
      sectionFields={['deviceType', 'deviceState', 'maxBitrate', 'encoderBitrate']}
    />
  );
}
