import { withSeverity } from '../../alarms/alarm-severity';
import { mediaPackageChannelKey } from '../../chain/link-keys';
import { CHANNEL_TYPE, ORIGIN_ENDPOINT_TYPE } from '../../mediapackage/mediapackage-model';
import { NotFoundError } from '../../shared/errors';
import { withoutChildTombstones } from '../../store/child-tombstones';
import { linkIndexPk, META_SK, resourcePk } from '../../store/keys';
import type { StateStore } from '../../store/state-store';
import { latestMetrics, safeView } from '../resource-listing';

/**
 * The MediaPackage v1 reads of the API. A channel's endpoints are found through the link index, never a scan: each
 * origin endpoint declares a reference to `mediaPackageChannelKey(account, region, channelId)`, which the engine stores
 * as `REF#<endpoint arn>#origin-endpoint` in `LINKKEY#<key>`; one Query of that partition, then one read per endpoint.
 * Every item is shown through `safeView`.
 */

export type MediaPackageQueryStore = Pick<StateStore, 'queryAll'>;
type PartitionItem = { sk: string } & Record<string, unknown>;
type View = Record<string, unknown>;

/** A channel or endpoint partition; NotFoundError for a missing `#META` of the type, or a tombstone not asked for. */
async function loadPartition(
  store: MediaPackageQueryStore,
  arn: string,
  type: string,
  noun: string,
  includeDeleted: boolean,
): Promise<PartitionItem[]> {
  const items = withoutChildTombstones(await store.queryAll<PartitionItem>({ pk: resourcePk(arn) }));
  const meta = items.find((i) => i.sk === META_SK);
  if (!meta || meta.type !== type || (meta.tombstone === true && !includeDeleted))
    throw new NotFoundError(`${noun} ${arn} is not known${meta?.tombstone === true ? ' (deleted)' : ''}`);
  return items;
}

/** The ARNs of the origin endpoints that reference a channel Id (link index), in ARN order. */
export async function endpointArnsOfChannel(
  store: MediaPackageQueryStore,
  where: { account: string; region: string; channelId: string },
): Promise<string[]> {
  const refs = await store.queryAll<{ arn?: string; linkType?: string }>({
    pk: linkIndexPk(mediaPackageChannelKey(where.account, where.region, where.channelId)),
    skPrefix: 'REF#',
  });
  return [...new Set(refs.filter((r) => r.linkType === 'origin-endpoint' && r.arn).map((r) => r.arn as string))].sort();
}

/** The live `#META` views of the given endpoints (a missing or deleted one is left out). */
export async function endpointViews(store: MediaPackageQueryStore, arns: readonly string[]): Promise<View[]> {
  const metas = await Promise.all(
    arns.map((arn) => store.queryAll<PartitionItem>({ pk: resourcePk(arn), skPrefix: META_SK })),
  );
  return metas
    .map((items) => items.find((i) => i.sk === META_SK))
    .filter((m): m is PartitionItem => m !== undefined && m.type === ORIGIN_ENDPOINT_TYPE && m.tombstone !== true)
    .map(safeView);
}

/** `GET /mediapackage/channels/{channelArn}`: the channel, its latest metrics, alarms and origin endpoints. */
export async function getPackageChannel(
  store: MediaPackageQueryStore,
  channelArn: string,
  options: { includeDeleted?: boolean } = {},
): Promise<View> {
  const items = await loadPartition(store, channelArn, CHANNEL_TYPE, 'Channel', options.includeDeleted === true);
  const meta = items.find((i) => i.sk === META_SK) as PartitionItem;
  const id = typeof meta.id === 'string' ? meta.id : '';
  const endpoints = id
    ? await endpointViews(
        store,
        await endpointArnsOfChannel(store, {
          account: String(meta.account),
          region: String(meta.region),
          channelId: id,
        }),
      )
    : [];
  const encoded = encodeURIComponent(channelArn);
  return {
    ...safeView(meta),
    deleted: meta.tombstone === true,
    metrics: items.filter((i) => i.sk.startsWith('METRICS#')).map((i) => ({ scope: i.scope, ...latestMetrics(i) })),
    alarms: items.filter((i) => i.sk.startsWith('ALARM#')).map((i) => withSeverity(safeView(i))),
    originEndpoints: endpoints,
    links: { self: `/mediapackage/channels/${encoded}`, events: `/events?resourceArn=${encoded}` },
  };
}

/** `GET /mediapackage/origin-endpoints/{endpointArn}`: the endpoint, its latest metrics per scope, and alarms. */
export async function getOriginEndpoint(
  store: MediaPackageQueryStore,
  endpointArn: string,
  options: { includeDeleted?: boolean } = {},
): Promise<View> {
  const items = await loadPartition(
    store,
    endpointArn,
    ORIGIN_ENDPOINT_TYPE,
    'Origin endpoint',
    options.includeDeleted === true,
  );
  const meta = items.find((i) => i.sk === META_SK) as PartitionItem;
  const encoded = encodeURIComponent(endpointArn);
  return {
    ...safeView(meta),
    deleted: meta.tombstone === true,
    metrics: items
      .filter((i) => i.sk.startsWith('METRICS#'))
      .map((i) => ({ scope: i.scope, key: i.resourceKey, dimensions: i.dimensions, ...latestMetrics(i) })),
    alarms: items.filter((i) => i.sk.startsWith('ALARM#')).map((i) => withSeverity(safeView(i))),
    links: { self: `/mediapackage/origin-endpoints/${encoded}`, events: `/events?resourceArn=${encoded}` },
  };
}
