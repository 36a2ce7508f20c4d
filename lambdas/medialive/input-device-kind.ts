import {
  DescribeInputDeviceCommand,
  paginateListInputDevices,
  type InputDeviceSummary,
  type MediaLiveClient,
} from '@aws-sdk/client-medialive';
import { GONE, type InventoryKind, type ListedPage, type ListedResource } from '../polling/resource-kind';
import { isNotFound } from '../shared/errors';
import { parseMediaLiveArn } from './arn';
import { budgetedClient, LIST_PAGE_SIZE } from './medialive-client';
import { asUnavailable } from './medialive-errors';
import { INPUT_DEVICE_TYPE, type InputDeviceRecord } from './medialive-model';
import { builtMeta, metaHeader, num, OWNED_COMMON_FIELDS, str, tagsOf, treeHash, withHash } from './record-hash';

/**
 * MediaLive input devices (Elemental Link). ListInputDevices returns every field stored (connection and device state,
 * update status, active and configured input, max bitrate, availability zone), so `describe` makes no call;
 * DescribeInputDevice is used only by `lookup`. Where the account or endpoint cannot list devices (moto has no
 * ListInputDevices; a role without the permission), `listPages` throws `MediaLiveUnavailableError`: the engine counts
 * the listing incomplete, records the error and tombstones nothing.
 */

/** A listed (or described) device, with the time of the request that returned it. */
export interface ListedInputDevice {
  readonly device: InputDeviceSummary & { Arn: string };
  readonly observedAtMs: number;
}

export const POLLER_OWNED_INPUT_DEVICE_FIELDS = [
  ...OWNED_COMMON_FIELDS,
  'deviceType',
  'connectionState',
  'deviceState',
  'deviceUpdateStatus',
  'activeInput',
  'configuredInput',
  'maxBitrate',
  'availabilityZone',
] as const;

export const inputDeviceKind: InventoryKind<MediaLiveClient, ListedInputDevice> = {
  service: 'medialive',
  type: INPUT_DEVICE_TYPE,
  poller: 'medialive-input-devices',
  childPrefixes: [],
  ownedFields: POLLER_OWNED_INPUT_DEVICE_FIELDS,
  truncatableFields: ['tags'],

  async *listPages(ctx, startingToken) {
    let observedAtMs = ctx.clock.now();
    const pages = paginateListInputDevices(
      {
        client: budgetedClient(ctx.client, ctx.budget, 'ListInputDevices', {
          unavailableIsTyped: true,
          onRequest: () => (observedAtMs = ctx.clock.now()),
        }),
        pageSize: LIST_PAGE_SIZE,
        stopOnSameToken: true,
        ...(startingToken ? { startingToken } : {}),
      },
      {},
    );
    for await (const page of pages) {
      const items = (page.InputDevices ?? [])
        .filter((d): d is InputDeviceSummary & { Arn: string } => Boolean(d.Arn))
        .map((device) => listedDevice(device, observedAtMs));
      const listed: ListedPage<ListedInputDevice> = { items, ...(page.NextToken ? { nextToken: page.NextToken } : {}) };
      yield listed;
    }
  },

  async lookup(ctx, arn) {
    const parsed = parseMediaLiveArn(arn);
    if (parsed?.kind !== 'inputDevice') throw new Error(`Not a MediaLive input device ARN: ${arn.slice(0, 200)}`);
    const observedAtMs = ctx.clock.now();
    try {
      const device = await ctx.budget.call('DescribeInputDevice', async () => {
        try {
          return await ctx.client.send(new DescribeInputDeviceCommand({ InputDeviceId: parsed.id }));
        } catch (error) {
          throw asUnavailable('DescribeInputDevice', error);
        }
      });
      return listedDevice({ ...device, Arn: arn }, observedAtMs);
    } catch (error) {
      if (isNotFound(error)) return GONE;
      throw error;
    }
  },

  async describe(ctx, listed) {
    const record = buildInputDeviceRecord(listed.listed.device, {
      account: ctx.account,
      region: ctx.region,
      observedAtMs: listed.listed.observedAtMs,
    });
    return { tree: { meta: builtMeta(record), children: [] } };
  },
};

function listedDevice(
  device: InputDeviceSummary & { Arn: string },
  observedAtMs: number,
): ListedResource<ListedInputDevice> {
  return {
    arn: device.Arn,
    ...(device.Name ? { name: device.Name } : {}),
    ...(device.ConnectionState ? { status: device.ConnectionState } : {}),
    summary: {
      ...(device.Name ? { name: device.Name } : {}),
      ...(device.AvailabilityZone ? { availabilityZone: device.AvailabilityZone } : {}),
    },
    listed: { device, observedAtMs },
  };
}

/** A device's `#META` record: the lifecycle `status` is its ConnectionState. */
export function buildInputDeviceRecord(
  device: InputDeviceSummary & { Arn: string },
  context: { account: string; region: string; observedAtMs: number },
): InputDeviceRecord & { treeHash: string } {
  // An HD device reports under HdDeviceSettings, a UHD device under UhdDeviceSettings.
  const settings = device.UhdDeviceSettings ?? device.HdDeviceSettings;
  const record = withHash<InputDeviceRecord & { treeHash: string }>({
    ...metaHeader(INPUT_DEVICE_TYPE, device, context),
    status: str(device.ConnectionState),
    deviceType: str(device.Type),
    connectionState: str(device.ConnectionState),
    deviceState: str(settings?.DeviceState),
    deviceUpdateStatus: str(device.DeviceUpdateStatus),
    activeInput: str(settings?.ActiveInput),
    configuredInput: str(settings?.ConfiguredInput),
    maxBitrate: num(settings?.MaxBitrate),
    availabilityZone: str(device.AvailabilityZone),
    tags: tagsOf(device.Tags),
    hash: '',
    treeHash: '',
  });
  record.treeHash = treeHash(record.hash, []);
  return record;
}
