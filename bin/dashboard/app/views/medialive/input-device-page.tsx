import { arnPlace } from '../../model/arn-place';
import { ListedResourcePage, type ResourceDetail } from '../service-page/resource-page';

export const INPUT_DEVICES_PATH = '/input-devices';

/** An input device's list row (the projected fields of `InputDeviceRecord`: name, connection state, times, tags). */
export type InputDeviceDetail = ResourceDetail;

/**
 * A MediaLive input device's (Link) page. The API lists devices but has no route for one: the page reads its row from
 * `GET /input-devices`, narrowed to the account and Region its ARN names, so it shows what a list row carries (GSI1's
 * projection: name, connection state, times, tags); alarms, events, audit trail. Operator: "Re-poll".
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
    />
  );
}
