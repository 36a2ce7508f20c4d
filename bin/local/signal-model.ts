import type { SignalProfile } from './demo-estate';
import type { ChannelSignal } from './medialive-estate';
import type { PackageSignal } from './mediapackage-estate';

/**
 * What MediaConnect would publish to CloudWatch for one flow in one minute, derived deterministically from the
 * flow's signal profile and the minute, so the seeded history and the live feeder tell one consistent story.
 */

/** Protocols with a connection handshake: only these publish `SourceConnected` / `OutputConnected` and a round-trip time. */
const CONNECTION_PROTOCOLS: ReadonlySet<string> = new Set([
  'zixi-push',
  'zixi-pull',
  'srt-listener',
  'srt-caller',
  'rist',
]);
/** MediaConnect carries seven 188-byte TS packets per datagram. */
const DATAGRAM_BYTES = 1316;

export interface FlowEndpoint {
  readonly name: string;
  readonly arn: string;
  readonly protocol: string;
}

/** A flow as the metrics feeder knows it: its ARNs and its signal. */
export interface SignalledFlow {
  readonly arn: string;
  readonly name: string;
  readonly sources: readonly FlowEndpoint[];
  readonly outputs: readonly FlowEndpoint[];
  readonly signal: SignalProfile;
  /** MERGE (SMPTE 2022-7) repairs one path's loss from the other; FAILOVER carries one source at a time. */
  readonly failoverMode?: 'FAILOVER' | 'MERGE';
  /** Epoch ms from which `signal.disconnected.source` has no input. */
  readonly disconnectedSince?: number;
}

export interface MetricDatum {
  readonly metricName: string;
  readonly dimensions: readonly { readonly Name: string; readonly Value: string }[];
  readonly value: number;
  readonly unit:
    'Bits/Second' | 'Megabits/Second' | 'Bytes' | 'Count' | 'Percent' | 'Milliseconds' | 'Seconds' | 'None';
  readonly timestamp: Date;
}

/** A uniform number in [0, 1) from a string key: the same key always gives the same number. */
export function unitNoise(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  // One round of xorshift-multiply so neighbouring keys do not give neighbouring numbers.
  h ^= h >>> 15;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

export const isConnectionProtocol = (protocol: string): boolean => CONNECTION_PROTOCOLS.has(protocol);

interface SourceMinute {
  readonly endpoint: FlowEndpoint;
  readonly connected: boolean;
  readonly bitrate: number;
  readonly totalPackets: number;
  readonly recovered: number;
  readonly notRecovered: number;
  readonly continuityErrors: number;
  readonly roundTripMs: number;
}

function sourceMinute(flow: SignalledFlow, source: FlowEndpoint, index: number, minute: number): SourceMinute {
  const key = `${flow.name}/${source.name}/${minute}`;
  const { signal } = flow;
  const disconnectedAt = signal.disconnected?.source === source.name ? flow.disconnectedSince : undefined;
  const lost = disconnectedAt !== undefined && minute * 60_000 >= disconnectedAt;
  if (lost) {
    return {
      endpoint: source,
      connected: false,
      bitrate: 0,
      totalPackets: 0,
      recovered: 0,
      notRecovered: 0,
      continuityErrors: 0,
      roundTripMs: 0,
    };
  }
  // Slow drift (encoder VBR over minutes) plus per-minute jitter; the backup path runs a little lower.
  const drift = Math.sin(minute / 7 + unitNoise(flow.name) * 6.28) * 0.6 + (unitNoise(`${key}/w`) - 0.5) * 0.8;
  const bitrate = Math.max(0, signal.bitrateMbps * 1e6 * (1 + signal.wander * drift) * (index === 0 ? 1 : 0.97));
  const totalPackets = Math.round((bitrate * 60) / 8 / DATAGRAM_BYTES);
  const burst = unitNoise(`${key}/loss`) < signal.lossBurstChance;
  const notRecovered = burst ? 4 + Math.floor(unitNoise(`${key}/lossn`) * 140) : 0;
  const arq = isConnectionProtocol(source.protocol) || source.protocol === 'rtp-fec';
  const recovered = arq ? Math.floor(unitNoise(`${key}/rec`) * 30) + notRecovered * 3 : 0;
  const continuityErrors =
    unitNoise(`${key}/cc`) < signal.continuityErrorChance ? 1 + Math.floor(unitNoise(`${key}/ccn`) * 30) : 0;
  const roundTripMs = isConnectionProtocol(source.protocol)
    ? Math.round(18 + unitNoise(`${key}/rtt`) * 40 + (burst ? 60 : 0))
    : 0;
  return {
    endpoint: source,
    connected: true,
    bitrate,
    totalPackets,
    recovered,
    notRecovered,
    continuityErrors,
    roundTripMs,
  };
}

/**
 * The datapoints of one flow for the minute starting at `at` (epoch ms, floored to the minute), by the dimension each
 * is queried with: source metrics by SourceARN, output metrics by OutputARN, the classic flow names by FlowARN.
 * MediaConnect also posts every source and output metric at flow level; of those duplicates only the ones the
 * default alarms use (lib/flow-alarms.ts: SourceConnected, SourceNotRecoveredPackets, OutputDisconnections by
 * FlowARN) are published, because moto's GetMetricData scans every datapoint of the region for every query and
 * period, and each extra series slows the first metrics cycle down.
 */
export function flowMinuteDatapoints(flow: SignalledFlow, at: number): MetricDatum[] {
  const minute = Math.floor(at / 60_000);
  const timestamp = new Date(minute * 60_000);
  const flowDim = [{ Name: 'FlowARN', Value: flow.arn }];
  const data: MetricDatum[] = [];
  const push = (metricName: string, dims: MetricDatum['dimensions'], value: number, unit: MetricDatum['unit']) =>
    data.push({ metricName, dimensions: dims, value, unit, timestamp });

  const sources = flow.sources.map((source, index) => sourceMinute(flow, source, index, minute));
  for (const s of sources) {
    const dim = [{ Name: 'SourceARN', Value: s.endpoint.arn }];
    push('SourceBitRate', dim, s.bitrate, 'Bits/Second');
    push('SourceTotalPackets', dim, s.totalPackets, 'Count');
    push('SourceNotRecoveredPackets', dim, s.notRecovered, 'Count');
    push('SourceContinuityCounter', dim, s.continuityErrors, 'Count');
    push('SourceNotRecoveredPackets', flowDim, s.notRecovered, 'Count');
    if (isConnectionProtocol(s.endpoint.protocol)) {
      push('SourceConnected', dim, s.connected ? 1 : 0, 'None');
      push('SourceConnected', flowDim, s.connected ? 1 : 0, 'None');
      if (s.connected) push('SourceRoundTripTime', dim, s.roundTripMs, 'Milliseconds');
    }
  }

  // The flow carries its active source: the first connected one (FAILOVER), or the merged stream (MERGE).
  const active = sources.find((s) => s.connected) ?? sources[0];
  const flowBitrate = active?.bitrate ?? 0;
  if (active) {
    push('BitRate', flowDim, active.bitrate, 'Bits/Second');
    push('TotalPackets', flowDim, active.totalPackets, 'Count');
    const connected = sources.filter((s) => s.connected);
    const merged = flow.failoverMode === 'MERGE' && connected.length > 0 ? connected : [active];
    push('NotRecoveredPackets', flowDim, Math.min(...merged.map((s) => s.notRecovered)), 'Count');
    push('ContinuityCounter', flowDim, active.continuityErrors, 'Count');
    push('PacketLossPercent', flowDim, lossPercent(active), 'Percent');
    if (isConnectionProtocol(active.endpoint.protocol)) push('Connected', flowDim, active.connected ? 1 : 0, 'None');
  }

  let connectedOutputs = 0;
  for (const output of flow.outputs) {
    const key = `${flow.name}/${output.name}/${minute}`;
    const receiverGone = flow.signal.disconnectedOutputs?.includes(output.name) ?? false;
    // Forward error correction adds a fifth on top of the stream; other protocols send what they receive.
    const overhead = output.protocol === 'rtp-fec' ? 1.2 : 1.0;
    const bitrate = receiverGone ? 0 : flowBitrate * overhead * (0.995 + unitNoise(`${key}/ob`) * 0.01);
    const dim = [{ Name: 'OutputARN', Value: output.arn }];
    push('OutputBitrate', dim, bitrate, 'Bits/Second');
    if (isConnectionProtocol(output.protocol)) {
      push('OutputConnected', dim, receiverGone ? 0 : 1, 'None');
      push('OutputDisconnections', dim, 0, 'Count');
      push('OutputDisconnections', flowDim, 0, 'Count');
      if (!receiverGone) connectedOutputs++;
    }
  }
  push('ConnectedOutputs', flowDim, connectedOutputs, 'Count');
  return data;
}

function lossPercent(s: SourceMinute): number {
  if (s.totalPackets === 0) return 0;
  return Math.round(((s.notRecovered + s.recovered) / s.totalPackets) * 100 * 10_000) / 10_000;
}

/** A running MediaLive channel as the metrics feeder knows it: its CloudWatch id, pipelines and output groups. */
export interface SignalledChannel {
  /** MediaLive's channel id: the `ChannelId` dimension (hex on moto, numeric on AWS). */
  readonly id: string;
  readonly name: string;
  readonly pipelines: readonly string[];
  readonly outputGroups: readonly string[];
  readonly signal: ChannelSignal;
}

/**
 * The `AWS/MediaLive` datapoints of one running channel for the minute starting at `at`: the channel health metrics
 * per pipeline (`ChannelId` + `Pipeline`) and the HTTP output errors per output group (`+ OutputGroupName`), the
 * dimension sets of reference §2. `PrimaryInputActive` and `PipelinesLocked` are left out: MediaLive publishes them
 * only with automatic input failover and pipeline locking, which the demo channel does not use. moto ignores the
 * namespace when dimensions are given (§8); a hex `ChannelId` never equals a MediaConnect ARN dimension, so the two
 * services' datapoints cannot mix.
 */
export function channelMinuteDatapoints(channel: SignalledChannel, at: number): MetricDatum[] {
  const minute = Math.floor(at / 60_000);
  const timestamp = new Date(minute * 60_000);
  const data: MetricDatum[] = [];
  const { signal } = channel;
  for (const pipeline of channel.pipelines) {
    const key = `${channel.name}/${pipeline}/${minute}`;
    const dims = [
      { Name: 'ChannelId', Value: channel.id },
      { Name: 'Pipeline', Value: pipeline },
    ];
    const push = (
      metricName: string,
      value: number,
      unit: MetricDatum['unit'],
      extra: MetricDatum['dimensions'] = [],
    ) => data.push({ metricName, dimensions: [...dims, ...extra], value, unit, timestamp });
    const drift = Math.sin(minute / 9 + unitNoise(channel.name) * 6.28) * 0.5 + (unitNoise(`${key}/w`) - 0.5) * 0.6;
    const networkIn = Math.max(0, signal.networkInMbps * (1 + 0.05 * drift));
    push('ActiveAlerts', 0, 'Count');
    push('NetworkIn', round(networkIn, 3), 'Megabits/Second');
    push('InputVideoFrameRate', signal.frameRate, 'None');
    push('FillMsec', 0, 'Count');
    push('DroppedFrames', 0, 'Count');
    push('SvqTime', round(Math.max(0, signal.svqPercent * (1 + drift)), 2), 'Percent');
    push('InputLossSeconds', 0, 'Seconds');
    push('ChannelInputErrorSeconds', 0, 'Count');
    for (const group of channel.outputGroups) {
      const groupDim = [{ Name: 'OutputGroupName', Value: group }];
      const chance = signal.output4xxChance?.[group] ?? 0;
      const errors4xx =
        unitNoise(`${key}/${group}/4xx`) < chance ? 1 + Math.floor(unitNoise(`${key}/${group}/n`) * 12) : 0;
      push('Output4xxErrors', errors4xx, 'Count', groupDim);
      push('Output5xxErrors', 0, 'Count', groupDim);
    }
  }
  return data;
}

/** A MediaPackage v1 channel as the metrics feeder knows it: its user-assigned Id, its endpoints' Ids, its signal. */
export interface SignalledPackageChannel {
  readonly id: string;
  readonly endpointIds: readonly string[];
  readonly signal: PackageSignal;
}

/**
 * One minute of `AWS/MediaPackage` for a live v1 channel (reference §3): IngressBytes and IngressResponseTime by
 * `Channel`; EgressRequestCount by `StatusCodeRange`, EgressBytes and EgressResponseTime, by `Channel` and by
 * `Channel` + `OriginEndpoint`. Dimension values are the user-assigned Ids, as real ListMetrics output shows for
 * `OriginEndpoint` (moto has no GUIDs to use instead).
 */
export function packageMinuteDatapoints(channel: SignalledPackageChannel, at: number): MetricDatum[] {
  const minute = Math.floor(at / 60_000);
  const timestamp = new Date(minute * 60_000);
  const data: MetricDatum[] = [];
  const push = (metricName: string, value: number, dims: Record<string, string>, unit: MetricDatum['unit']) =>
    data.push({
      metricName,
      dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
      value,
      unit,
      timestamp,
    });
  const { signal } = channel;
  const key = `${channel.id}/${minute}`;
  const ingress = signal.ingressMbps * (1 + (unitNoise(`${key}/in`) - 0.5) * 0.06);
  push('IngressBytes', Math.round((ingress * 1e6 * 60) / 8), { Channel: channel.id }, 'Bytes');
  push('IngressResponseTime', round(35 + unitNoise(`${key}/inrt`) * 20, 1), { Channel: channel.id }, 'Milliseconds');
  let ok = 0;
  let refused = 0;
  let bytes = 0;
  for (const endpoint of channel.endpointIds) {
    const ekey = `${key}/${endpoint}`;
    const requests = Math.round(signal.requestsPerMinute * (0.8 + unitNoise(`${ekey}/req`) * 0.4));
    const errors = unitNoise(`${ekey}/4xx`) < signal.egress4xxChance ? 1 + Math.floor(unitNoise(`${ekey}/n`) * 20) : 0;
    // Most requests are segments of about 6 s at the ingest rate; manifests are small.
    const served = Math.round(((requests - errors) * ingress * 1e6 * 6) / 8 / 10);
    const dims = { Channel: channel.id, OriginEndpoint: endpoint };
    push('EgressRequestCount', requests - errors, { ...dims, StatusCodeRange: '2xx' }, 'Count');
    push('EgressRequestCount', errors, { ...dims, StatusCodeRange: '4xx' }, 'Count');
    push('EgressBytes', served, dims, 'Bytes');
    push('EgressResponseTime', round(8 + unitNoise(`${ekey}/rt`) * 12, 1), dims, 'Milliseconds');
    ok += requests - errors;
    refused += errors;
    bytes += served;
  }
  push('EgressRequestCount', ok, { Channel: channel.id, StatusCodeRange: '2xx' }, 'Count');
  push('EgressRequestCount', refused, { Channel: channel.id, StatusCodeRange: '4xx' }, 'Count');
  push('EgressBytes', bytes, { Channel: channel.id }, 'Bytes');
  return data;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
