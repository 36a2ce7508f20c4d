/**
 * The AWS/MediaLive metrics this monitor can poll, as data (reference §2; docs eml-metrics-*.html, and the CDK's
 * canned `MediaLiveMetrics` for dimension sets and default statistics).
 *
 * Two scopes:
 * - `PIPELINE`, dimensions `ChannelId` + `Pipeline` (`"0"`, `"1"`): the channel's input, encoder and lock metrics.
 * - `OUTPUT_GROUP`, dimensions `ChannelId` + `Pipeline` + `OutputGroupName`: the output group's HTTP errors and active
 *   outputs.
 *
 * `DroppedFrames` and `SvqTime`: the user guide lists their dimensions as "Pipeline, Region" (sic), while the CDK's
 * canned metrics and every other MediaLive metric use `ChannelId` + `Pipeline`. A query with `Pipeline` alone would
 * mix every channel of the region into one number, which can't be placed on a channel; so they are queried, like the
 * CDK does, by `ChannelId` + `Pipeline`. If a live account shows them only under `Pipeline`, they come back empty, and
 * cost a metric each, until ListMetrics confirms otherwise.
 *
 * Statistic per metric, requested at Period 60 (the CDK's defaults, except where a worst second matters):
 * - `Maximum` for ActiveAlerts (any alert in the minute), FillMsec (the longest fill; the CDK averages it, which hides
 *   a one-second gap) and SvqTime (the worst quality-reduction share);
 * - `Minimum` for 1/0 flags (PrimaryInputActive, PipelinesLocked, InputTimecodesPresent, InputVideoAligned) and for
 *   ActiveOutputs, so a short drop is not averaged away;
 * - `Average` for rates (NetworkIn/Out in Megabits/Second, InputVideoFrameRate);
 * - `Sum` for counts and seconds in the minute (DroppedFrames, InputLossSeconds, ChannelInputErrorSeconds, RTP/FEC
 *   packet counters, Output4xx/5xxErrors).
 *
 * Input devices (`InputDeviceId`: EncoderBitrate, Streaming, InputLocked, …) are not in this catalog: the user guide
 * gives their dimension set as "InputDeviceId, DeviceType" without saying whether both are always present, and a
 * GetMetricData query only matches the exact set; a wrong guess would bill every device every poll for empty answers.
 */

import type { MetricDefinition, MetricSetName, MetricStatistic, MetricUnit } from '../polling/metric-kind';

export const MEDIALIVE_NAMESPACE = 'AWS/MediaLive';

/** The MediaLive scopes of a metric and of the stored metrics item (`METRICS#PIPELINE#0`, `METRICS#OUTPUT_GROUP#0:hls`). */
export type MediaLiveMetricScope = 'PIPELINE' | 'OUTPUT_GROUP';

export interface MediaLiveMetric extends MetricDefinition {
  readonly scope: MediaLiveMetricScope;
}

type Row = readonly [name: string, unit: MetricUnit, stat: MetricStatistic, health: boolean];

const PIPELINE_LEVEL: readonly Row[] = [
  // Alerts set on the pipeline; with no datapoint the channel is not running.
  ['ActiveAlerts', 'Count', 'Maximum', true],
  ['NetworkIn', 'Megabits/Second', 'Average', true],
  ['NetworkOut', 'Megabits/Second', 'Average', false],
  // Frames per second; 0 = an input seen before sends no frames. CloudWatch has no fps unit.
  ['InputVideoFrameRate', 'None', 'Average', true],
  // Milliseconds of fill frames in the period (capped at 60,000); above 0 the input is unhealthy.
  ['FillMsec', 'Milliseconds', 'Maximum', true],
  ['DroppedFrames', 'Count', 'Sum', true],
  ['SvqTime', 'Percent', 'Maximum', true],
  // Only published with automatic input failover on a primary-preference input.
  ['PrimaryInputActive', 'None', 'Minimum', true],
  ['InputLossSeconds', 'Seconds', 'Sum', true],
  ['ChannelInputErrorSeconds', 'Count', 'Sum', true],
  ['PipelinesLocked', 'None', 'Minimum', true],
  ['InputTimecodesPresent', 'None', 'Minimum', false],
  ['InputVideoAligned', 'None', 'Minimum', false],
  ['RtpPacketsReceived', 'Count', 'Sum', false],
  ['RtpPacketsRecoveredViaFec', 'Count', 'Sum', false],
  ['RtpPacketsLost', 'Count', 'Sum', false],
  ['FecRowPacketsReceived', 'Count', 'Sum', false],
  ['FecColumnPacketsReceived', 'Count', 'Sum', false],
];

const OUTPUT_GROUP_LEVEL: readonly Row[] = [
  ['Output4xxErrors', 'Count', 'Sum', true],
  ['Output5xxErrors', 'Count', 'Sum', true],
  ['ActiveOutputs', 'Count', 'Minimum', false],
];

function define(scope: MediaLiveMetricScope, [name, unit, stat, health]: Row): MediaLiveMetric {
  const sets: MetricSetName[] = health ? ['health', 'full'] : ['full'];
  return Object.freeze({ namespace: MEDIALIVE_NAMESPACE, name, scope, unit, stat, sets: Object.freeze(sets) });
}

/** Every MediaLive metric, in a stable order: pipeline scope (18), output-group scope (3). */
export const MEDIALIVE_METRIC_CATALOG: readonly MediaLiveMetric[] = Object.freeze([
  ...PIPELINE_LEVEL.map((row) => define('PIPELINE', row)),
  ...OUTPUT_GROUP_LEVEL.map((row) => define('OUTPUT_GROUP', row)),
]);

/**
 * Output group types (the stored `OutputGroupSummary.type`) whose groups get `OUTPUT_GROUP` metrics: the HTTP outputs,
 * which are the ones that publish Output4xxErrors and Output5xxErrors (the health set's only output-group metrics).
 * MediaLive has no DASH output group (DASH is packaged by MediaPackage). UDP, RTMP, SRT, archive, frame-capture and
 * multiplex groups are left out: every metric requested is billed, and for them only `ActiveOutputs` (full set) exists.
 */
export const HTTP_OUTPUT_GROUP_TYPES: ReadonlySet<string> = new Set([
  'HLS',
  'MEDIA_PACKAGE',
  'MS_SMOOTH',
  'CMAF_INGEST',
]);
