/**
 * The AWS/MediaConnect metrics this monitor can poll, as data.
 *
 * The seed's "53 flow metrics" are every classic name that can be queried by `FlowARN` alone: the 26 flow-level
 * names, the 26 `Source*` names (MediaConnect also posts source metrics at flow level) and `ConnectedOutputs`.
 * Its "26 source metrics" are the same `Source*` names queried by `SourceARN`. Output metrics are queried by
 * `OutputARN` (TS protocols only; the NDI/CDI/router output metrics are left out because a TS flow never emits them
 * and every metric requested is billed).
 *
 * Statistic per metric, requested at Period 60:
 * - `Sum` for event counts (errors, packets, disconnections): the number of events in the minute.
 * - `Average` for rates (bitrates, packet-loss percent).
 * - `Minimum` for 1/0 connected flags and for `ConnectedOutputs` (a gauge, not an event count): one disconnected
 *   second in the minute shows as 0 (or as the lowest count), so a short flap is not averaged away.
 * - `Maximum` for latencies (round-trip times): the worst second of the minute.
 */

import type { MetricDefinition, MetricSetName, MetricStatistic, MetricUnit } from '../polling/metric-kind';
import type { MetricScope as StoredMetricScope } from '../store/keys';

/** The MediaConnect scopes of a metric, and of the stored metrics item (`METRICS#<scope>#<arn>`). */
export type MediaConnectMetricScope = Extract<StoredMetricScope, 'FLOW' | 'SOURCE' | 'OUTPUT'>;

export const METRIC_NAMESPACE = 'AWS/MediaConnect';

/** The CloudWatch dimension key of each scope. */
export const SCOPE_DIMENSION: Readonly<Record<MediaConnectMetricScope, string>> = {
  FLOW: 'FlowARN',
  SOURCE: 'SourceARN',
  OUTPUT: 'OutputARN',
};

/** The classic per-flow health names; each also exists with a `Source` prefix (see `SOURCE_METRIC_NAMES`). */
const FLOW_LEVEL: readonly (readonly [string, MetricUnit, MetricStatistic])[] = [
  ['ARQRecovered', 'Count', 'Sum'],
  ['ARQRequests', 'Count', 'Sum'],
  ['BitRate', 'Bits/Second', 'Average'],
  ['CATError', 'Count', 'Sum'],
  ['CRCError', 'Count', 'Sum'],
  ['Connected', 'None', 'Minimum'],
  ['ContinuityCounter', 'Count', 'Sum'],
  ['Disconnections', 'Count', 'Sum'],
  ['DroppedPackets', 'Count', 'Sum'],
  ['FECPackets', 'Count', 'Sum'],
  ['FECRecovered', 'Count', 'Sum'],
  ['NotRecoveredPackets', 'Count', 'Sum'],
  ['OverflowPackets', 'Count', 'Sum'],
  ['PATError', 'Count', 'Sum'],
  ['PCRAccuracyError', 'Count', 'Sum'],
  ['PCRError', 'Count', 'Sum'],
  ['PIDError', 'Count', 'Sum'],
  ['PMTError', 'Count', 'Sum'],
  ['PTSError', 'Count', 'Sum'],
  ['PacketLossPercent', 'Percent', 'Average'],
  ['RecoveredPackets', 'Count', 'Sum'],
  ['RoundTripTime', 'Milliseconds', 'Maximum'],
  ['TSByteError', 'Count', 'Sum'],
  ['TSSyncLoss', 'Count', 'Sum'],
  ['TotalPackets', 'Count', 'Sum'],
  ['TransportError', 'Count', 'Sum'],
];

const OUTPUT_LEVEL: readonly (readonly [string, MetricUnit, MetricStatistic])[] = [
  ['OutputARQRequests', 'Count', 'Sum'],
  // Lower-case "r", unlike BitRate and SourceBitRate.
  ['OutputBitrate', 'Bits/Second', 'Average'],
  ['OutputConnected', 'None', 'Minimum'],
  ['OutputDisconnections', 'Count', 'Sum'],
  ['OutputNotRecoveredPackets', 'Count', 'Sum'],
  ['OutputResentPackets', 'Count', 'Sum'],
  ['OutputRoundTripTime', 'Milliseconds', 'Maximum'],
  ['OutputTotalPackets', 'Count', 'Sum'],
];

/**
 * The default `health` set, about cheap enough to poll every minute (see cost-model.ts for the numbers):
 * - per source: `SourceConnected` (Zixi/SRT/RIST link up), `SourceBitRate` (the one liveness signal for every
 *   protocol), `SourceNotRecoveredPackets` (loss that error correction could not repair, i.e. what viewers see) and
 *   `SourceContinuityCounter` (the most frequent TR 101 290 P1 error, the transport-stream symptom of loss).
 * - per output: `OutputConnected` (link up; at Minimum it also catches a flap within the minute, which is why
 *   `OutputDisconnections` is not needed) and `OutputBitrate` (sending at all, for protocols without a connection).
 * - per flow: none. For every flow-level name the flow's source metrics carry the same signal per source.
 */
const HEALTH: ReadonlySet<string> = new Set([
  'SOURCE:SourceConnected',
  'SOURCE:SourceBitRate',
  'SOURCE:SourceNotRecoveredPackets',
  'SOURCE:SourceContinuityCounter',
  'OUTPUT:OutputConnected',
  'OUTPUT:OutputBitrate',
]);

/** A MediaConnect metric: queried by the one ARN dimension of its scope (`SCOPE_DIMENSION`). */
export interface MediaConnectMetric extends MetricDefinition {
  readonly scope: MediaConnectMetricScope;
}

function define(
  name: string,
  scope: MediaConnectMetricScope,
  unit: MetricUnit,
  stat: MetricStatistic,
): MediaConnectMetric {
  const sets: MetricSetName[] = HEALTH.has(`${scope}:${name}`) ? ['health', 'full'] : ['full'];
  return Object.freeze({ namespace: METRIC_NAMESPACE, name, scope, unit, stat, sets: Object.freeze(sets) });
}

/** `BitRate` → `SourceBitRate`. */
const sourceName = (flowLevelName: string): string => `Source${flowLevelName}`;

/** The 26 `Source*` names. */
export const SOURCE_METRIC_NAMES: readonly string[] = FLOW_LEVEL.map(([name]) => sourceName(name));

/** Every metric, in a stable order: flow scope (53), source scope (26), output scope (8). */
export const METRIC_CATALOG: readonly MediaConnectMetric[] = Object.freeze([
  ...FLOW_LEVEL.map(([name, unit, stat]) => define(name, 'FLOW', unit, stat)),
  ...FLOW_LEVEL.map(([name, unit, stat]) => define(sourceName(name), 'FLOW', unit, stat)),
  // A gauge of how many outputs are connected; FlowARN only (no OutputARN dimension).
  define('ConnectedOutputs', 'FLOW', 'Count', 'Minimum'),
  ...FLOW_LEVEL.map(([name, unit, stat]) => define(sourceName(name), 'SOURCE', unit, stat)),
  ...OUTPUT_LEVEL.map(([name, unit, stat]) => define(name, 'OUTPUT', unit, stat)),
]);
