/**
 * The AWS/MediaPackage (v1 live) metrics this monitor can poll, as data (reference §3; the user guide's "live content
 * metrics" page). Published every minute, only while there is traffic: no request in a minute → no datapoint.
 *
 * Scopes and their dimension sets (exactly as a GetMetricData query must name them):
 * - `CHANNEL` (`Channel`): egress and ingress of the whole channel;
 * - `ENDPOINT` (`Channel` + `OriginEndpoint`): egress of one origin endpoint;
 * - `INGEST_ENDPOINT` (`IngestEndpoint` + `OriginEndpoint`): `ActiveInput`, whether that ingest endpoint fed the origin
 *   endpoint in the minute (1/0).
 * `EgressRequestCount` is split by `StatusCodeRange` (`2xx`…`5xx`): one catalog entry per range, its series stored as
 * `EgressRequestCount.<range>`.
 *
 * Statistics at Period 60: `Sum` for counts and bytes, `Average` for response times, `Maximum` for `ActiveInput` (the
 * input was active at some point in the minute).
 * `health`: the 2xx, 4xx and 5xx request counts and the egress response time per channel and per endpoint, ingress
 * bytes per channel (is anything arriving), and `ActiveInput`. 3xx, bytes out and ingress response time are `full`.
 */

import type { MetricDefinition, MetricSetName, MetricStatistic, MetricUnit } from '../polling/metric-kind';

export const MEDIAPACKAGE_NAMESPACE = 'AWS/MediaPackage';

export type MediaPackageMetricScope = 'CHANNEL' | 'ENDPOINT' | 'INGEST_ENDPOINT';

export interface MediaPackageMetric extends MetricDefinition {
  readonly scope: MediaPackageMetricScope;
}

type Row = readonly [name: string, unit: MetricUnit, stat: MetricStatistic, health: boolean, statusCodeRange?: string];

const EGRESS: readonly Row[] = [
  ['EgressRequestCount', 'Count', 'Sum', true, '2xx'],
  ['EgressRequestCount', 'Count', 'Sum', false, '3xx'],
  ['EgressRequestCount', 'Count', 'Sum', true, '4xx'],
  ['EgressRequestCount', 'Count', 'Sum', true, '5xx'],
  ['EgressBytes', 'Bytes', 'Sum', false],
  ['EgressResponseTime', 'Milliseconds', 'Average', true],
];

const INGRESS: readonly Row[] = [
  ['IngressBytes', 'Bytes', 'Sum', true],
  ['IngressResponseTime', 'Milliseconds', 'Average', false],
];

const INGEST: readonly Row[] = [['ActiveInput', 'None', 'Maximum', true]];

function define(scope: MediaPackageMetricScope, [name, unit, stat, health, range]: Row): MediaPackageMetric {
  const sets: MetricSetName[] = health ? ['health', 'full'] : ['full'];
  return Object.freeze({
    namespace: MEDIAPACKAGE_NAMESPACE,
    name,
    scope,
    unit,
    stat,
    sets: Object.freeze(sets),
    ...(range ? { dimensions: Object.freeze({ StatusCodeRange: range }), series: `${name}.${range}` } : {}),
  });
}

/** The channel's metrics: CHANNEL scope (8). */
export const MEDIAPACKAGE_CHANNEL_CATALOG: readonly MediaPackageMetric[] = Object.freeze([
  ...EGRESS.map((row) => define('CHANNEL', row)),
  ...INGRESS.map((row) => define('CHANNEL', row)),
]);

/** An origin endpoint's metrics: ENDPOINT scope (6) and INGEST_ENDPOINT scope (1). */
export const MEDIAPACKAGE_ENDPOINT_CATALOG: readonly MediaPackageMetric[] = Object.freeze([
  ...EGRESS.map((row) => define('ENDPOINT', row)),
  ...INGEST.map((row) => define('INGEST_ENDPOINT', row)),
]);

/** The metric names whose `Channel` + `OriginEndpoint` dimension sets say which Channel value an endpoint's carry. */
export const ENDPOINT_EGRESS_METRIC_NAMES: readonly string[] = [...new Set(EGRESS.map(([name]) => name))];
