import { withSeverity } from '../../alarms/alarm-severity';
import type { EncryptionSummary } from '../../mediaconnect/flow-model';
import { decodeSeriesByMetric, Series } from '../../metrics/metric-series';
import { parseArn } from '../../shared/arn';
import { NotFoundError } from '../../shared/errors';
import { withoutChildTombstones } from '../../store/child-tombstones';
import { META_SK, resourcePk } from '../../store/keys';
import type { Page, StateStore } from '../../store/state-store';
import type { PageRequest } from '../http/pagination';
import { LatestMetrics, latestMetrics, listResources, ResourceListFilter } from '../resource-listing';
import { publicView } from '../views';

export type FlowQueryStore = Pick<StateStore, 'queryPage' | 'queryAll'>;

export type FlowListFilter = ResourceListFilter;

/** A flow as listed (from GSI1's projected attributes). */
export interface FlowSummary {
  arn: string;
  name: string;
  status: string;
  account: string;
  region: string;
  [field: string]: unknown;
}

/**
 * One page of flows: one GSI1 Query on `LIST#mediaconnect:flow#<account>#<region>`, the name prefix as
 * `begins_with(gsi1sk)`, status, tag and tombstones as a FilterExpression. A filtered page may hold fewer items than
 * the limit (DynamoDB applies Limit before the filter); the next page continues where this one stopped.
 */
export async function listFlows(
  store: FlowQueryStore,
  filter: FlowListFilter,
  page: PageRequest,
): Promise<Page<FlowSummary>> {
  return (await listResources(store, 'mediaconnect:flow', filter, page, publicView)) as Page<FlowSummary>;
}

export interface FlowChildView {
  arn: string;
  name: string;
  [field: string]: unknown;
}

export interface AlarmView {
  name: string;
  state: string;
  [field: string]: unknown;
}

/** A flow with everything stored about it: the answer of `GET /flows/{flowArn}`. */
export interface FlowTree {
  arn: string;
  name: string;
  status: string;
  account: string;
  region: string;
  deleted: boolean;
  sources: (FlowChildView & { metrics?: LatestMetrics })[];
  outputs: (FlowChildView & { metrics?: LatestMetrics })[];
  entitlements: (FlowChildView & { encryption?: EncryptionSummary })[];
  metrics?: LatestMetrics;
  health?: unknown;
  alarms: AlarmView[];
  links: FlowLinks;
  [field: string]: unknown;
}

export interface FlowLinks {
  self: string;
  metrics: string;
  events: string;
  console: string;
}

type PartitionItem = { sk: string } & Record<string, unknown>;

/**
 * The flow tree from one Query on the flow's partition (`RES#<flowArn>`): `#META`, `SOURCE#`, `OUTPUT#`,
 * `ENTITLEMENT#`, `METRICS#`, `ALARM#` and `HEALTH#` items. A partition over 1 MB (very long metric histories) takes
 * more than one page; the loop follows LastEvaluatedKey. Tombstoned flows are 404 unless `includeDeleted`.
 */
export async function getFlowTree(
  store: FlowQueryStore,
  flowArn: string,
  options: { includeDeleted?: boolean } = {},
): Promise<FlowTree> {
  const items = await loadFlowPartition(store, flowArn, options);
  return assembleFlowTree(flowArn, items);
}

/** Every item of a flow's partition, or NotFoundError when the flow is unknown (or tombstoned, unless asked for). */
export async function loadFlowPartition(
  store: FlowQueryStore,
  flowArn: string,
  options: { includeDeleted?: boolean } = {},
): Promise<PartitionItem[]> {
  const items = withoutChildTombstones(await store.queryAll<PartitionItem>({ pk: resourcePk(flowArn) }));
  const meta = items.find((i) => i.sk === META_SK);
  if (!meta || (meta.tombstone === true && !options.includeDeleted))
    throw new NotFoundError(`Flow ${flowArn} is not known`);
  return items;
}

export function assembleFlowTree(flowArn: string, items: readonly PartitionItem[]): FlowTree {
  const meta = items.find((i) => i.sk === META_SK) as PartitionItem;
  const byPrefix = (prefix: string) => items.filter((i) => i.sk.startsWith(prefix));
  const metricsOf = (scope: string, arn: string): LatestMetrics | undefined => {
    const item = items.find((i) => i.sk === `METRICS#${scope}#${arn}`);
    return item ? latestMetrics(item) : undefined;
  };
  const child = (item: PartitionItem) => publicView(item) as FlowChildView;
  const healthItems = byPrefix('HEALTH#').map((i) => publicView(i));
  const flowMetrics = metricsOf('FLOW', flowArn);
  return {
    ...(publicView(meta) as Pick<FlowTree, 'arn' | 'name' | 'status' | 'account' | 'region'>),
    deleted: meta.tombstone === true,
    sources: byPrefix('SOURCE#').map((i) => withMetrics(child(i), metricsOf('SOURCE', String(i.arn)))),
    outputs: byPrefix('OUTPUT#').map((i) => withMetrics(child(i), metricsOf('OUTPUT', String(i.arn)))),
    entitlements: byPrefix('ENTITLEMENT#').map(child),
    ...(flowMetrics ? { metrics: flowMetrics } : {}),
    ...(meta.health !== undefined ? { health: meta.health } : {}),
    ...(healthItems.length ? { healthDetails: healthItems } : {}),
    alarms: byPrefix('ALARM#').map((i) => withSeverity(publicView(i)) as AlarmView),
    links: flowLinks(flowArn),
  };
}

function withMetrics<T extends FlowChildView>(
  view: T,
  metrics: LatestMetrics | undefined,
): T & { metrics?: LatestMetrics } {
  return metrics ? { ...view, metrics } : view;
}

/** Links of a flow: API paths relative to the API's base URL, and the flow's page in the AWS console. */
export function flowLinks(flowArn: string): FlowLinks {
  const encoded = encodeURIComponent(flowArn);
  return {
    self: `/flows/${encoded}`,
    metrics: `/flows/${encoded}/metrics`,
    events: `/events?resourceArn=${encoded}`,
    console: consoleUrl(flowArn),
  };
}

function consoleUrl(flowArn: string): string {
  const { partition, region } = parseArn(flowArn);
  const host =
    partition === 'aws-cn'
      ? 'console.amazonaws.cn'
      : partition === 'aws-us-gov'
        ? 'console.amazonaws-us-gov.com'
        : `${region}.console.aws.amazon.com`;
  return `https://${host}/mediaconnect/home?region=${region}#/flows/${encodeURIComponent(flowArn)}`;
}

export interface MetricSeriesView {
  scope: string;
  resourceArn: string;
  metric: string;
  /** Epoch seconds (start of each one-minute period), ascending. */
  t: number[];
  v: number[];
}

export interface FlowMetricsHistory {
  flowArn: string;
  since?: string;
  series: MetricSeriesView[];
}

/**
 * The stored recent history of a flow's metrics (flow, sources and outputs), from the same one partition Query as the
 * tree, filtered by metric names and by time.
 */
export async function getFlowMetricsHistory(
  store: FlowQueryStore,
  flowArn: string,
  filter: { names?: readonly string[]; since?: Date },
): Promise<FlowMetricsHistory> {
  const items = await loadFlowPartition(store, flowArn);
  const wanted = filter.names ? new Set(filter.names) : undefined;
  const sinceSeconds = filter.since ? Math.floor(filter.since.getTime() / 1000) : undefined;
  const series: MetricSeriesView[] = [];
  for (const item of items.filter((i) => i.sk.startsWith('METRICS#'))) {
    const stored = decodeSeriesByMetric(item.series, wanted);
    for (const metric of Object.keys(stored).sort()) {
      const { t, v } = stored[metric] as Series;
      const from = sinceSeconds === undefined ? 0 : t.findIndex((time) => time >= sinceSeconds);
      if (from < 0) continue;
      series.push({
        scope: String(item.scope ?? item.sk.split('#')[1]),
        resourceArn: String(item.resourceArn),
        metric,
        t: t.slice(from),
        v: v.slice(from),
      });
    }
  }
  return { flowArn, ...(filter.since ? { since: filter.since.toISOString() } : {}), series };
}
