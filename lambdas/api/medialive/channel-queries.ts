import { withSeverity } from '../../alarms/alarm-severity';
import { ALERT_TYPE, CHANNEL_TYPE, INPUT_TYPE } from '../../medialive/medialive-model';
import { NotFoundError } from '../../shared/errors';
import { withoutChildTombstones } from '../../store/child-tombstones';
import { META_SK, resourcePk } from '../../store/keys';
import type { StateStore } from '../../store/state-store';
import { LatestMetrics, latestMetrics, safeView } from '../resource-listing';

/**
 * The MediaLive reads of the API: a channel with everything stored in its partition, and an input. Every item is shown
 * through `safeView` (no keys, no hashes, no secret field).
 */

export type MediaLiveQueryStore = Pick<StateStore, 'queryAll'>;
type PartitionItem = { sk: string } & Record<string, unknown>;
type View = Record<string, unknown>;

export interface PipelineView {
  pipelineId: string;
  activeInputAttachmentName?: string;
  activeInputSwitchActionName?: string;
  /** The latest health metrics of the pipeline (`METRICS#PIPELINE#<id>`), when polled. */
  metrics?: LatestMetrics;
  [field: string]: unknown;
}

export interface OutputGroupMetricsView {
  pipelineId: string;
  outputGroup: string;
  metrics: LatestMetrics;
}

export interface ChannelLinks {
  self: string;
  events: string;
  console: string;
}

/** A channel with everything stored about it: the answer of `GET /channels/{channelArn}`. */
export interface ChannelTree {
  arn: string;
  name: string;
  status?: string;
  account: string;
  region: string;
  deleted: boolean;
  /** One per pipeline with a stored `PIPELINE#` item or pipeline metrics, by pipeline id. */
  pipelines: PipelineView[];
  attachments: View[];
  destinations: View[];
  /** SET alerts first (newest first), then CLEARED ones (until they expire). */
  alerts: View[];
  outputGroupMetrics: OutputGroupMetricsView[];
  alarms: View[];
  links: ChannelLinks;
  [field: string]: unknown;
}

/**
 * The channel tree from one (paginated) Query on `RES#<channelArn>`: `#META`, `PIPELINE#`, `ATTACHMENT#`,
 * `DESTINATION#`, `ALERT#`, `METRICS#` and `ALARM#` items, without removed children's tombstones. A deleted channel
 * is a 404 unless `includeDeleted`.
 */
export async function getChannelTree(
  store: MediaLiveQueryStore,
  channelArn: string,
  options: { includeDeleted?: boolean } = {},
): Promise<ChannelTree> {
  const items = await loadPartition(store, channelArn, CHANNEL_TYPE, 'Channel', options);
  return assembleChannelTree(channelArn, items);
}

export function assembleChannelTree(channelArn: string, items: readonly PartitionItem[]): ChannelTree {
  const meta = items.find((i) => i.sk === META_SK) as PartitionItem;
  const byPrefix = (prefix: string) => items.filter((i) => i.sk.startsWith(prefix));
  const pipelineMetrics = new Map(
    byPrefix('METRICS#PIPELINE#').map((i) => [i.sk.slice('METRICS#PIPELINE#'.length), latestMetrics(i)]),
  );
  const stored = new Map(byPrefix('PIPELINE#').map((i) => [String(i.pipelineId ?? i.sk.slice(9)), safeView(i)]));
  const pipelineIds = [...new Set([...stored.keys(), ...pipelineMetrics.keys()])].sort();
  const pipelines = pipelineIds.map((pipelineId): PipelineView => {
    const metrics = pipelineMetrics.get(pipelineId);
    return { ...stored.get(pipelineId), pipelineId, ...(metrics ? { metrics } : {}) };
  });
  const outputGroupMetrics = byPrefix('METRICS#OUTPUT_GROUP#').map((i) => {
    const key = i.sk.slice('METRICS#OUTPUT_GROUP#'.length);
    const colon = key.indexOf(':');
    return {
      pipelineId: colon < 0 ? '' : key.slice(0, colon),
      outputGroup: colon < 0 ? key : key.slice(colon + 1),
      metrics: latestMetrics(i),
    };
  });
  const region = String(meta.region ?? '');
  return {
    ...(safeView(meta) as Pick<ChannelTree, 'arn' | 'name' | 'status' | 'account' | 'region'>),
    deleted: meta.tombstone === true,
    pipelines,
    attachments: byPrefix('ATTACHMENT#').map(safeView),
    destinations: byPrefix('DESTINATION#').map(safeView),
    alerts: sortAlerts(byPrefix('ALERT#').filter((i) => i.type === undefined || i.type === ALERT_TYPE)).map(safeView),
    outputGroupMetrics,
    alarms: byPrefix('ALARM#').map((i) => withSeverity(safeView(i))),
    links: channelLinks(channelArn, typeof meta.id === 'string' ? meta.id : undefined, region),
  };
}

/** SET alerts before the others; within each, the most recently set first. */
function sortAlerts(alerts: PartitionItem[]): PartitionItem[] {
  const rank = (a: PartitionItem) => (a.state === 'SET' ? 0 : 1);
  const time = (a: PartitionItem) => String(a.setAt ?? a.observedAt ?? '');
  return [...alerts].sort((a, b) => rank(a) - rank(b) || time(b).localeCompare(time(a)));
}

/** API paths of a channel, and its page in the AWS console (by the channel's id, in the stored Region). */
export function channelLinks(channelArn: string, id: string | undefined, region: string): ChannelLinks {
  const encoded = encodeURIComponent(channelArn);
  const host = region.startsWith('cn-')
    ? 'console.amazonaws.cn'
    : region.startsWith('us-gov-')
      ? 'console.amazonaws-us-gov.com'
      : `${region}.console.aws.amazon.com`;
  return {
    self: `/channels/${encoded}`,
    events: `/events?resourceArn=${encoded}`,
    console: `https://${host}/medialive/home?region=${region}#/channels/${encodeURIComponent(id ?? '')}`,
  };
}

/** An input as stored (sources, destinations, flows and security groups inline), with its alarms. */
export async function getInput(
  store: MediaLiveQueryStore,
  inputArn: string,
  options: { includeDeleted?: boolean } = {},
): Promise<View> {
  const items = await loadPartition(store, inputArn, INPUT_TYPE, 'Input', options);
  const meta = items.find((i) => i.sk === META_SK) as PartitionItem;
  const encoded = encodeURIComponent(inputArn);
  return {
    ...safeView(meta),
    deleted: meta.tombstone === true,
    alarms: items.filter((i) => i.sk.startsWith('ALARM#')).map(safeView),
    links: { self: `/inputs/${encoded}`, events: `/events?resourceArn=${encoded}` },
  };
}

/**
 * Every live item of a resource partition; NotFoundError when there is no `#META` of the expected type (a channel ARN
 * given for an input is as unknown as a missing one), or it is a tombstone and deleted ones were not asked for.
 */
async function loadPartition(
  store: MediaLiveQueryStore,
  arn: string,
  type: string,
  noun: string,
  options: { includeDeleted?: boolean },
): Promise<PartitionItem[]> {
  const items = withoutChildTombstones(await store.queryAll<PartitionItem>({ pk: resourcePk(arn) }));
  const meta = items.find((i) => i.sk === META_SK);
  if (!meta || (meta.type !== undefined && meta.type !== type) || (meta.tombstone === true && !options.includeDeleted))
    throw new NotFoundError(`${noun} ${arn} is not known${meta?.tombstone === true ? ' (deleted)' : ''}`);
  return items;
}
