import type { EncryptionSummary } from '../../lambdas/mediaconnect/flow-model';
import { decodeSeries } from '../../lambdas/metrics/metric-series';
import type { Impact } from '../../lambdas/chain/link-model';
import type { ChainSection } from './chain-view';
import type { ChannelView, InputView, OutputFeedsInput } from './channel-view';
import type { SeriesView } from './series-view';

/**
 * What the terminal shows of the state table: flows with their sources, outputs, entitlements, latest metrics,
 * bitrate history and active alarms, plus the pollers' last cycles. Built from stored items by a pure function, so
 * the view (and the tree rendered from it) is exactly what the store holds, nothing the demo knows on the side.
 */

export type { SeriesView } from './series-view';

export interface EndpointView {
  readonly arn: string;
  readonly name: string;
  readonly protocol?: string;
  /** From `SourceConnected` / `OutputConnected`; undefined for protocols without a connection, or no data. */
  readonly connected?: boolean;
  /** Latest bits/s. */
  readonly bitrate?: number;
  /** Epoch seconds of the latest datapoint. */
  readonly latestAt?: number;
  readonly bitrateHistory?: SeriesView;
  /** Unrecovered packets and continuity-counter errors over the recent window. */
  readonly notRecovered?: number;
  readonly continuityErrors?: number;
  readonly encryption?: string;
  readonly status?: string;
  readonly description?: string;
  /** Outputs MediaLive added for a MEDIACONNECT input carry that input's ARN. */
  readonly mediaLiveInputArn?: string;
  /** Outputs: the MediaLive inputs this output feeds, with their channels. */
  readonly feeds?: readonly OutputFeedsInput[];
}

export interface EntitlementView {
  readonly arn: string;
  readonly name: string;
  readonly subscribers: readonly string[];
  readonly status?: string;
  readonly encryption?: string;
}

export interface AlarmView {
  readonly name: string;
  readonly state: string;
  readonly since?: string;
  readonly reason?: string;
  readonly metric?: string;
  readonly resourceArn?: string;
  readonly flowName: string;
  /** The downstream resources the alarm affects (`impacts` of `GET /alarms`), when the API has them. */
  readonly impacts?: readonly Impact[];
}

export interface FlowView {
  readonly arn: string;
  readonly name: string;
  /** The account the flow is in (its stored item's). */
  readonly account?: string;
  readonly status: string;
  readonly availabilityZone?: string;
  readonly failoverMode?: string;
  readonly sources: readonly EndpointView[];
  readonly outputs: readonly EndpointView[];
  readonly entitlements: readonly EntitlementView[];
  readonly alarms: readonly AlarmView[];
  /** ISO time the flow's metrics were last polled. */
  readonly metricsPolledAt?: string;
  readonly observedAt?: string;
  /** MediaLive inputs that name this flow but no output of it (no output says which feeds them). */
  readonly feedsInputs?: readonly OutputFeedsInput[];
}

export interface PollerView {
  readonly name: string;
  /** Epoch ms the last cycle started. */
  readonly lastStartedAt?: number;
  readonly durationMs?: number;
  readonly summary?: string;
  readonly errors: number;
}

export interface EstateView {
  readonly flows: readonly FlowView[];
  readonly pollers: readonly PollerView[];
  /** MediaLive channels, their inputs linked to the flows that feed them. @default none */
  readonly channels?: readonly ChannelView[];
  readonly inputs?: readonly InputView[];
  /** The signal chain of the demo's main flow (`GET /chains/{arn}`), when the view reads it. */
  readonly chain?: ChainSection;
}

type Item = Record<string, unknown> & { sk: string };

/** Recent window for error counts. */
const ERROR_WINDOW_SECONDS = 10 * 60;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const obj = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** `static-key aes256`, `speke`, … from a stored encryption summary. */
export function describeEncryption(value: unknown): string | undefined {
  const e = obj(value) as EncryptionSummary | undefined;
  if (!e) return undefined;
  const keyType = e.keyType ?? 'static-key';
  return [keyType, e.algorithm].filter(Boolean).join(' ');
}

/** Sum of a series' values at or after `fromSeconds`. */
function sumSince(series: SeriesView | undefined, fromSeconds: number): number | undefined {
  if (!series || series.t.length === 0) return undefined;
  let sum = 0;
  series.t.forEach((t, i) => {
    if (t >= fromSeconds) sum += series.v[i] ?? 0;
  });
  return sum;
}

function seriesOf(metrics: Item | undefined, name: string): SeriesView | undefined {
  const stored = obj(metrics?.series)?.[name];
  return stored === undefined ? undefined : decodeSeries(stored);
}

function latestOf(metrics: Item | undefined, name: string): { t: number; v: number } | undefined {
  const point = obj(obj(metrics?.latest)?.[name]);
  const t = num(point?.t);
  const v = num(point?.v);
  return t !== undefined && v !== undefined ? { t, v } : undefined;
}

function endpointView(
  child: Item,
  metrics: Item | undefined,
  kind: 'SOURCE' | 'OUTPUT',
  nowSeconds: number,
): EndpointView {
  const transport = obj(child.transport);
  const protocol = str(child.protocol) ?? str(transport?.protocol) ?? str(transport?.Protocol);
  const [connectedName, bitrateName] =
    kind === 'SOURCE' ? ['SourceConnected', 'SourceBitRate'] : ['OutputConnected', 'OutputBitrate'];
  const connected = latestOf(metrics, connectedName);
  const bitrate = latestOf(metrics, bitrateName);
  const from = nowSeconds - ERROR_WINDOW_SECONDS;
  const encryption = describeEncryption(kind === 'SOURCE' ? child.decryption : child.encryption);
  return {
    arn: str(child.arn) ?? child.sk.slice(kind.length + 1),
    name: str(child.name) ?? '?',
    ...(protocol ? { protocol } : {}),
    ...(connected ? { connected: connected.v >= 1 } : {}),
    ...(bitrate ? { bitrate: bitrate.v, latestAt: bitrate.t } : {}),
    ...(seriesOf(metrics, bitrateName) ? { bitrateHistory: seriesOf(metrics, bitrateName) } : {}),
    ...(kind === 'SOURCE'
      ? {
          notRecovered: sumSince(seriesOf(metrics, 'SourceNotRecoveredPackets'), from),
          continuityErrors: sumSince(seriesOf(metrics, 'SourceContinuityCounter'), from),
        }
      : {}),
    ...(encryption ? { encryption } : {}),
    ...(str(child.status) ? { status: str(child.status) } : {}),
    ...(str(child.description) ? { description: str(child.description) } : {}),
    ...(str(child.mediaLiveInputArn) ? { mediaLiveInputArn: str(child.mediaLiveInputArn) } : {}),
  };
}

/** One flow's view from the items of its partition (`RES#<flow arn>`: META, children, metrics, alarms). */
export function flowView(items: readonly Item[], nowMs: number): FlowView | undefined {
  const meta = items.find((i) => i.sk === '#META');
  if (!meta || meta.tombstone === true) return undefined;
  const nowSeconds = Math.floor(nowMs / 1000);
  const metricsBySk = new Map(items.filter((i) => i.sk.startsWith('METRICS#')).map((i) => [i.sk, i]));
  const children = (prefix: 'SOURCE' | 'OUTPUT') =>
    items
      .filter((i) => i.sk.startsWith(`${prefix}#`))
      .map((child) =>
        endpointView(
          child,
          metricsBySk.get(`METRICS#${prefix}#${child.sk.slice(prefix.length + 1)}`),
          prefix,
          nowSeconds,
        ),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  const arn = str(meta.arn) ?? meta.pk?.toString().replace(/^RES#/, '') ?? '';
  const name = str(meta.name) ?? arn;
  const flowMetrics = metricsBySk.get(`METRICS#FLOW#${arn}`);
  const failoverMode =
    str(obj(meta.sourceFailoverConfig)?.failoverMode) ?? str(obj(meta.sourceFailoverConfig)?.FailoverMode);
  const sources = children('SOURCE');
  // Failover sources are listed primary first, as MediaConnect's console does.
  const primary = str(obj(obj(meta.sourceFailoverConfig)?.sourcePriority)?.primarySource);
  if (primary) sources.sort((a, b) => Number(b.name === primary) - Number(a.name === primary));
  return {
    arn,
    name,
    ...(str(meta.account) ? { account: str(meta.account) } : {}),
    status: str(meta.status) ?? 'UNKNOWN',
    ...(str(meta.availabilityZone) ? { availabilityZone: str(meta.availabilityZone) } : {}),
    ...(failoverMode && sources.length > 1 ? { failoverMode } : {}),
    sources,
    outputs: children('OUTPUT'),
    entitlements: items
      .filter((i) => i.sk.startsWith('ENTITLEMENT#'))
      .map((e) => ({
        arn: str(e.arn) ?? e.sk.slice('ENTITLEMENT#'.length),
        name: str(e.name) ?? '?',
        subscribers: Array.isArray(e.subscribers) ? (e.subscribers as string[]) : [],
        ...(str(e.status) ? { status: str(e.status) } : {}),
        ...(describeEncryption(e.encryption) ? { encryption: describeEncryption(e.encryption) } : {}),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    alarms: items
      .filter((i) => i.sk.startsWith('ALARM#'))
      .map((a) => alarmView(a, name))
      .filter((a) => a.state === 'ALARM'),
    ...(str(flowMetrics?.lastPolledAt) ? { metricsPolledAt: str(flowMetrics?.lastPolledAt) } : {}),
    ...(str(meta.observedAt) ? { observedAt: str(meta.observedAt) } : {}),
  };
}

function alarmView(item: Item, flowName: string): AlarmView {
  const name = str(item.alarmName) ?? str(item.name) ?? item.sk.slice('ALARM#'.length);
  return {
    name,
    state: str(item.state) ?? str(item.stateValue) ?? 'ALARM',
    flowName,
    ...(str(item.since) ? { since: str(item.since) } : {}),
    ...(str(item.reason) ? { reason: str(item.reason) } : {}),
    ...(str(item.metricName) ? { metric: str(item.metricName) } : {}),
    ...(str(item.resourceArn) ? { resourceArn: str(item.resourceArn) } : {}),
  };
}

/** A poller's status item (`POLLER#…`, `#STATUS`) as a view: when its last cycle ran, how long it took, what it did. */
export function pollerView(item: Record<string, unknown>): PollerView | undefined {
  const cycle = obj(item.lastCycle);
  const name = str(item.poller) ?? str(cycle?.poller) ?? str(item.pk)?.split('#')[1];
  if (!name) return undefined;
  const started = Date.parse(str(cycle?.startedAt) ?? str(item.observedAt) ?? '');
  const errors = Array.isArray(cycle?.errors) ? cycle.errors.length : (num(cycle?.errors) ?? 0);
  return {
    name,
    ...(Number.isFinite(started) ? { lastStartedAt: started } : {}),
    ...(num(cycle?.durationMs) !== undefined ? { durationMs: num(cycle?.durationMs) } : {}),
    ...(cycleSummary(cycle) ? { summary: cycleSummary(cycle) } : {}),
    errors,
  };
}

/** What a cycle did, in a few words: the inventory's listing and changes, the metrics poller's flows and points. */
function cycleSummary(cycle: Record<string, unknown> | undefined): string | undefined {
  if (!cycle) return undefined;
  const parts: string[] = [];
  // `flowsListed` → `12 flows`; the engine's other kinds report `channelsListed`, `inputsListed`, … the same way.
  for (const [key, value] of Object.entries(cycle)) {
    const match = /^([a-z]+)Listed$/.exec(key);
    if (match && num(value) !== undefined) parts.push(`${num(value)} ${match[1]}`);
  }
  const changes = obj(cycle.changes);
  if (changes) {
    const changed = ['created', 'updated', 'revived', 'tombstoned'].reduce((sum, k) => sum + (num(changes[k]) ?? 0), 0);
    parts.push(`${changed} changed`);
  }
  const polled = num(cycle.flowsPolled);
  if (polled !== undefined) parts.push(`${polled} polled`);
  const points = num(cycle.datapointsNew);
  if (points !== undefined) parts.push(`${points} new points`);
  return parts.length ? parts.join(', ') : undefined;
}
