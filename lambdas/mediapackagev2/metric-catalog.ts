/**
 * The MediaPackage v2 metrics this monitor can poll, as data. v2 publishes into the same `AWS/MediaPackage` namespace
 * as v1, told apart by its dimensions: `ChannelGroup`, `ChannelGroup` + `Channel`, and `ChannelGroup` + `Channel` +
 * `OriginEndpoint`, whose values are the resources' names (not ids or ARNs).
 *
 * Where the names and dimension sets come from (the v1 live-metrics page, docs.aws.amazon.com/mediapackage/latest/ug/
 * metrics.html, lists none of v2's dimensions, and the reference §3 has v1 only):
 * - The AWS CDK's `@aws-cdk/aws-mediapackagev2-alpha` (aws/aws-cdk, packages/@aws-cdk/aws-mediapackagev2-alpha/lib):
 *   `group.ts` builds every metric with `{ ChannelGroup }`, `channel.ts` with `{ ChannelGroup, Channel }`, `endpoint.ts`
 *   with `{ ChannelGroup, Channel, OriginEndpoint }`, in `AWS/MediaPackage`, and offers the same six metrics on each:
 *   IngressBytes (Sum, Bytes), IngressRequestCount (Sum, Count), IngressResponseTime (Average, Milliseconds),
 *   EgressBytes (Sum, Bytes), EgressRequestCount (Sum, Count), EgressResponseTime (Average, Milliseconds), all at 60 s.
 * - What is placed where is this catalog's choice: ingress is the channel's (an encoder posts segments to the
 *   channel's ingest endpoints; an origin endpoint ingests nothing), so `CHANNEL` carries ingress and egress and
 *   `ENDPOINT` carries egress only. If a live account shows ingress per endpoint too, it is one line here. A metric
 *   CloudWatch does not have for a dimension set just returns no datapoints: it costs a metric, never fails a poll.
 * - Not here: channel-group totals (the group is the sum of its channels, and a `METRICS#` scope for groups does not
 *   exist), and `EgressRequestCount` by `StatusCodeRange` (v1 publishes 2xx-5xx splits; a fixed extra dimension needs an
 *   optional `dimensions` on `MetricDefinition`, which the metrics engine does not have yet).
 *
 * `Bytes` is not among the engine's `MetricUnit`s; the byte counts are declared `None` (the unit is documentation only:
 * the queries name no unit, so CloudWatch returns the values whatever their unit).
 */

import type { MetricDefinition, MetricSetName, MetricStatistic, MetricUnit } from '../polling/metric-kind';

export const MEDIAPACKAGE_NAMESPACE = 'AWS/MediaPackage';

export type MediaPackageV2MetricScope = 'CHANNEL' | 'ENDPOINT';

export interface MediaPackageV2Metric extends MetricDefinition {
  readonly scope: MediaPackageV2MetricScope;
}

type Row = readonly [name: string, unit: MetricUnit, stat: MetricStatistic, health: boolean];

const CHANNEL_LEVEL: readonly Row[] = [
  // No ingress in a minute: the encoder stopped sending (the health signal of the channel).
  ['IngressBytes', 'None', 'Sum', true],
  ['IngressRequestCount', 'Count', 'Sum', true],
  ['IngressResponseTime', 'Milliseconds', 'Average', false],
  ['EgressBytes', 'None', 'Sum', false],
  ['EgressRequestCount', 'Count', 'Sum', false],
  ['EgressResponseTime', 'Milliseconds', 'Average', false],
];

const ENDPOINT_LEVEL: readonly Row[] = [
  ['EgressRequestCount', 'Count', 'Sum', true],
  ['EgressBytes', 'None', 'Sum', true],
  ['EgressResponseTime', 'Milliseconds', 'Average', true],
];

function define(scope: MediaPackageV2MetricScope, [name, unit, stat, health]: Row): MediaPackageV2Metric {
  const sets: MetricSetName[] = health ? ['health', 'full'] : ['full'];
  return Object.freeze({ namespace: MEDIAPACKAGE_NAMESPACE, name, scope, unit, stat, sets: Object.freeze(sets) });
}

/** The channel's metrics (dimensions `ChannelGroup` + `Channel`), in a stable order. */
export const CHANNEL_METRIC_CATALOG: readonly MediaPackageV2Metric[] = Object.freeze(
  CHANNEL_LEVEL.map((row) => define('CHANNEL', row)),
);

/** The origin endpoint's metrics (dimensions `ChannelGroup` + `Channel` + `OriginEndpoint`), in a stable order. */
export const ENDPOINT_METRIC_CATALOG: readonly MediaPackageV2Metric[] = Object.freeze(
  ENDPOINT_LEVEL.map((row) => define('ENDPOINT', row)),
);

/** The dimensions of a channel's queries: its group's and its own name. */
export function channelDimensions(channelGroupName: string, channelName: string): Record<string, string> {
  return { ChannelGroup: channelGroupName, Channel: channelName };
}

/** The dimensions of an origin endpoint's queries: its group's, its channel's and its own name. */
export function endpointDimensions(
  channelGroupName: string,
  channelName: string,
  originEndpointName: string,
): Record<string, string> {
  return { ChannelGroup: channelGroupName, Channel: channelName, OriginEndpoint: originEndpointName };
}
