import type { MetricScope, ResourceType, ServiceName } from '../store/keys';

/**
 * How a service declares its CloudWatch metrics to the one metrics engine. The engine lists the due resources of every
 * registered `MetricKind` in a region, and packs all their queries into the same GetMetricData calls:
 * ⌈total queries / 500⌉ calls per cycle, not per service.
 */

export type MetricStatistic = 'Sum' | 'Average' | 'Minimum' | 'Maximum';
export type MetricUnit =
  'Count' | 'Bytes' | 'Bits/Second' | 'Megabits/Second' | 'Percent' | 'Milliseconds' | 'Seconds' | 'None';
/** Named metric sets a deployment can choose. Every metric is in `full`; `health` is the default. */
export type MetricSetName = 'health' | 'full';

export interface MetricDefinition {
  /** CloudWatch namespace, e.g. `AWS/MediaLive`. */
  readonly namespace: string;
  /** Metric name exactly as AWS spells it. */
  readonly name: string;
  /** Which kind of metric resource the query's dimensions describe (`FLOW`, `SOURCE`, `PIPELINE`, `OUTPUT_GROUP`, …). */
  readonly scope: MetricScope;
  readonly unit: MetricUnit;
  readonly stat: MetricStatistic;
  readonly sets: readonly MetricSetName[];
  /**
   * Fixed dimensions added to every query of this metric, beside the resource's (MediaPackage's
   * `StatusCodeRange: '4xx'`): one CloudWatch metric split into several catalog entries. @default none
   */
  readonly dimensions?: Readonly<Record<string, string>>;
  /**
   * The name of its series in the stored metrics item, unique within the scope; needed when two entries query the same
   * metric name with different fixed `dimensions` (`EgressRequestCount.4xx`). @default `name`
   */
  readonly series?: string;
}

/** The series name of a metric in a stored metrics item: `series` when it is set, else the metric's name. */
export const seriesNameOf = (metric: Pick<MetricDefinition, 'name' | 'series'>): string => metric.series ?? metric.name;

/**
 * One thing metrics are queried for, inside a resource's partition: the flow itself, a source, a channel pipeline,
 * an output group on a pipeline. Its metrics item is `METRICS#<scope>#<key>` in the parent's partition.
 */
export interface MetricResource {
  readonly scope: MetricScope;
  /** Unique within the parent and scope: a child ARN, `0`, `1:<output group name>`. */
  readonly key: string;
  /** The CloudWatch dimensions of every query for this resource, e.g. `{ ChannelId: '1234', Pipeline: '0' }`. */
  readonly dimensions: Readonly<Record<string, string>>;
}

/** What the metrics engine reads of a stored resource partition: its `#META` item and its live children. */
export interface StoredPartition {
  readonly meta: Readonly<Record<string, unknown>> & { arn: string; status?: string };
  /** Child items (tombstones already removed), each with its `sk`. */
  readonly children: readonly (Readonly<Record<string, unknown>> & { sk: string })[];
}

/** One resource type with metrics. */
export interface MetricKind {
  readonly service: ServiceName;
  /** Whose listing (`LIST#<type>#…`) and metrics schedule (`METRICSCHED#<type>#…`) the engine reads. */
  readonly type: ResourceType;
  /** Every metric of the service that this kind's resources publish, in a stable order. */
  readonly catalog: readonly MetricDefinition[];
  /**
   * What a poll-everything monitor reads per resource every minute, the cost model's baseline (cost-model.ts).
   * @default the whole catalog
   */
  readonly baselineMetrics?: readonly MetricDefinition[];
  /**
   * Whether a resource in this lifecycle state publishes metrics. MediaLive publishes only while RUNNING; MediaConnect
   * not while STARTING, STOPPING, UPDATING, STANDBY (nor DELETING). A resource that does not is skipped as `paused`.
   */
  publishesMetrics(status: string | undefined): boolean;
  /**
   * For kinds whose dimension values are ambiguous (MediaPackage v1: the user Id or the GUID, reference §3): the metrics
   * engine lists what CloudWatch actually publishes in `namespace` (ListMetrics, paginated, `RecentlyActive: PT3H`),
   * caches it per account and region for `ttlMinutes`, and hands it to `metricResources`, which then uses only
   * dimension values CloudWatch has, and invents none. @default no discovery
   */
  readonly discovery?: { readonly namespace: string; readonly ttlMinutes?: number };
  /**
   * The metric resources of one stored partition (the parent first). `discovered` is given when the kind declares
   * `discovery` and the listing succeeded; a kind with discovery and no `discovered` falls back as it documents.
   */
  metricResources(partition: StoredPartition, discovered?: DiscoveredMetrics): MetricResource[];
}

/** What ListMetrics returned for one namespace, indexed for matching dimension values. */
export interface DiscoveredMetrics {
  /** Every published value of a dimension name, e.g. `values('OriginEndpoint')`. */
  values(dimension: string): ReadonlySet<string>;
  /** The published dimension sets of one metric name, each as a name → value record. */
  dimensionSets(metricName: string): readonly Readonly<Record<string, string>>[];
}
