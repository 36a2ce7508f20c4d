import { withSeverity } from '../../alarms/alarm-severity';
import { CHANNEL_TYPE, ORIGIN_ENDPOINT_TYPE } from '../../mediapackagev2/mediapackagev2-model';
import { NotFoundError } from '../../shared/errors';
import { GSI1, listPk, META_SK, resourcePk } from '../../store/keys';
import type { StateStore } from '../../store/state-store';
import { LatestMetrics, latestMetrics, safeView } from '../resource-listing';

/**
 * The MediaPackage v2 reads of the API: a channel with its origin endpoints, and an origin endpoint, each with its
 * latest metrics and alarms. Every item is shown through `safeView` (no keys, no hashes, no secret field).
 */

export type MediaPackageV2QueryStore = Pick<StateStore, 'queryAll'>;
type PartitionItem = { sk: string } & Record<string, unknown>;
type View = Record<string, unknown>;

/** At most this many of a channel's origin endpoints get their latest metrics read (one Query each). */
export const MAX_ENDPOINT_METRICS = 25;

export interface OriginEndpointView extends View {
  arn: string;
  name: string;
  metrics?: LatestMetrics;
}

/** `GET /mediapackagev2/channels/{channelArn}`: the channel, its metrics and alarms, and its origin endpoints. */
export async function getChannelWithEndpoints(
  store: MediaPackageV2QueryStore,
  channelArn: string,
  options: { includeDeleted?: boolean } = {},
): Promise<View> {
  const items = await loadPartition(store, channelArn, CHANNEL_TYPE, 'Channel', options);
  const meta = items.find((i) => i.sk === META_SK)!;
  const account = String(meta.account ?? '');
  const region = String(meta.region ?? '');
  // One GSI1 Query over the Region's origin endpoints, filtered to this channel's (their ARNs extend the channel's).
  const endpoints = await store.queryAll<Record<string, unknown>>({
    index: GSI1,
    pk: listPk(ORIGIN_ENDPOINT_TYPE, account, region),
    filter: {
      expression: 'begins_with(#arn, :channelPrefix) AND (attribute_not_exists(#tombstone) OR #tombstone <> :true)',
      names: { '#arn': 'arn', '#tombstone': 'tombstone' },
      values: { ':channelPrefix': `${channelArn}/originEndpoint/`, ':true': true },
    },
  });
  const views = await Promise.all(
    endpoints.map(async (endpoint, index): Promise<OriginEndpointView> => {
      const view = safeView(endpoint) as OriginEndpointView;
      if (index >= MAX_ENDPOINT_METRICS) return view;
      const metrics = await store.queryAll<PartitionItem>({ pk: resourcePk(view.arn), skPrefix: 'METRICS#ENDPOINT#' });
      return metrics[0] ? { ...view, metrics: latestMetrics(metrics[0]) } : view;
    }),
  );
  const metrics = items.find((i) => i.sk.startsWith('METRICS#CHANNEL#'));
  const encoded = encodeURIComponent(channelArn);
  return {
    ...safeView(meta),
    deleted: meta.tombstone === true,
    ...(metrics ? { metrics: latestMetrics(metrics) } : {}),
    alarms: items.filter((i) => i.sk.startsWith('ALARM#')).map((i) => withSeverity(safeView(i))),
    originEndpoints: views.sort((a, b) => a.name.localeCompare(b.name)),
    links: {
      self: `/mediapackagev2/channels/${encoded}`,
      events: `/events?resourceArn=${encoded}`,
      chain: `/chains/${encoded}`,
    },
  };
}

/** `GET /mediapackagev2/origin-endpoints/{endpointArn}`: the endpoint as stored, its latest metrics and alarms. */
export async function getOriginEndpoint(
  store: MediaPackageV2QueryStore,
  endpointArn: string,
  options: { includeDeleted?: boolean } = {},
): Promise<View> {
  const items = await loadPartition(store, endpointArn, ORIGIN_ENDPOINT_TYPE, 'Origin endpoint', options);
  const meta = items.find((i) => i.sk === META_SK)!;
  const metrics = items.find((i) => i.sk.startsWith('METRICS#ENDPOINT#'));
  const encoded = encodeURIComponent(endpointArn);
  return {
    ...safeView(meta),
    deleted: meta.tombstone === true,
    ...(metrics ? { metrics: latestMetrics(metrics) } : {}),
    alarms: items.filter((i) => i.sk.startsWith('ALARM#')).map((i) => withSeverity(safeView(i))),
    links: {
      self: `/mediapackagev2/origin-endpoints/${encoded}`,
      channel: `/mediapackagev2/channels/${encodeURIComponent(String(meta.channelArn ?? ''))}`,
      events: `/events?resourceArn=${encoded}`,
      chain: `/chains/${encoded}`,
    },
  };
}

/** Every item of a resource partition; NotFoundError without a `#META` of the type, or a tombstone not asked for. */
async function loadPartition(
  store: MediaPackageV2QueryStore,
  arn: string,
  type: string,
  noun: string,
  options: { includeDeleted?: boolean },
): Promise<PartitionItem[]> {
  const items = await store.queryAll<PartitionItem>({ pk: resourcePk(arn) });
  const meta = items.find((i) => i.sk === META_SK);
  if (!meta || meta.type !== type || (meta.tombstone === true && !options.includeDeleted))
    throw new NotFoundError(`${noun} ${arn} is not known${meta?.tombstone === true ? ' (deleted)' : ''}`);
  return items;
}
