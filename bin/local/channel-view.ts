import type { SeriesView } from './series-view';
import { decodeSeries } from '../../lambdas/metrics/metric-series';

/**
 * What the terminal shows of MediaLive: channels with their pipelines (active input, latest health metrics), input
 * attachments, output groups with their HTTP errors and SET alerts; inputs with where they are fed from. Built, like
 * the flow view, by pure functions from stored items (lambdas/medialive/medialive-model.ts), and linked to the flows
 * by what the store says: an input's MediaConnect flow ARNs, and the flow output that names the input (its
 * `mediaLiveInputArn` on AWS, or its description on moto, which cannot add outputs to a flow).
 */

/** Latest health metrics of one pipeline. */
export interface PipelineHealth {
  readonly networkInMbps?: number;
  readonly frameRate?: number;
  readonly fillMsec?: number;
  readonly droppedFrames?: number;
  readonly svqPercent?: number;
  readonly activeAlerts?: number;
  readonly inputLossSeconds?: number;
  readonly inputErrorSeconds?: number;
  readonly primaryInputActive?: number;
}

export interface PipelineView {
  /** `0` or `1`. */
  readonly id: string;
  /** The attachment the pipeline runs on, when the store knows it. */
  readonly activeInput?: string;
  readonly health: PipelineHealth;
  readonly networkInHistory?: SeriesView;
  /** Epoch seconds of the latest datapoint. */
  readonly latestAt?: number;
}

export interface OutputGroupView {
  readonly name: string;
  readonly type: string;
  readonly outputCount: number;
  /** HTTP errors over the recent window, summed over pipelines; undefined without data. */
  readonly errors4xx?: number;
  readonly errors5xx?: number;
}

export interface ChannelAlertView {
  readonly id: string;
  readonly type?: string;
  readonly pipeline?: string;
  readonly message?: string;
  readonly setAt?: string;
}

/** A flow output that feeds an input, by the names the tree shows. */
export interface FeedView {
  readonly flowArn: string;
  readonly flowName?: string;
  readonly outputName?: string;
}

export interface ChannelInputView {
  readonly attachmentName: string;
  readonly inputArn?: string;
  readonly inputName?: string;
  readonly inputType?: string;
  /** URLs as stored (the poller removed any password). */
  readonly sources: readonly string[];
  readonly feeds: readonly FeedView[];
}

export interface ChannelView {
  readonly arn: string;
  readonly id?: string;
  readonly name: string;
  readonly status: string;
  readonly channelClass?: string;
  /** `1920x1080 H_264 6.0 Mb/s`, the first video of the encoder. */
  readonly video?: string;
  readonly pipelines: readonly PipelineView[];
  readonly inputs: readonly ChannelInputView[];
  readonly outputGroups: readonly OutputGroupView[];
  /** Alerts in state SET. */
  readonly alerts: readonly ChannelAlertView[];
  readonly metricsPolledAt?: string;
}

export interface InputView {
  readonly arn: string;
  readonly id?: string;
  readonly name: string;
  readonly type?: string;
  readonly status?: string;
  readonly sources: readonly string[];
  readonly mediaConnectFlowArns: readonly string[];
}

/** The MediaLive input a flow output feeds, and the channels it is attached to. */
export interface OutputFeedsInput {
  readonly inputArn: string;
  readonly inputName: string;
  readonly channels: readonly { readonly arn: string; readonly name: string; readonly status: string }[];
}

type Item = Record<string, unknown> & { sk: string };

/** Recent window for error counts. */
const ERROR_WINDOW_SECONDS = 10 * 60;

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const obj = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function latestOf(metrics: Item | undefined, name: string): { t: number; v: number } | undefined {
  const point = obj(obj(metrics?.latest)?.[name]);
  const t = num(point?.t);
  const v = num(point?.v);
  return t !== undefined && v !== undefined ? { t, v } : undefined;
}

function seriesOf(metrics: Item | undefined, name: string): SeriesView | undefined {
  const stored = obj(metrics?.series)?.[name];
  return stored === undefined ? undefined : decodeSeries(stored);
}

function sumSince(series: SeriesView | undefined, fromSeconds: number): number | undefined {
  if (!series || series.t.length === 0) return undefined;
  return series.t.reduce((sum, t, i) => (t >= fromSeconds ? sum + (series.v[i] ?? 0) : sum), 0);
}

/** An input's `#META` item as a view. */
export function inputView(meta: Readonly<Record<string, unknown>>): InputView | undefined {
  const arn = str(meta.arn);
  if (!arn || meta.tombstone === true) return undefined;
  return {
    arn,
    ...(str(meta.id) ? { id: str(meta.id) } : {}),
    name: str(meta.name) ?? arn,
    ...(str(meta.inputType) ? { type: str(meta.inputType) } : {}),
    ...(str(meta.status) ? { status: str(meta.status) } : {}),
    sources: arr(meta.sources)
      .map((s) => str(obj(s)?.url))
      .filter((u): u is string => u !== undefined),
    mediaConnectFlowArns: arr(meta.mediaConnectFlowArns).filter((a): a is string => typeof a === 'string'),
  };
}

function formatVideo(video: Record<string, unknown> | undefined): string | undefined {
  if (!video) return undefined;
  const size = num(video.width) && num(video.height) ? `${num(video.width)}x${num(video.height)}` : undefined;
  const bitrate = num(video.bitrate) !== undefined ? `${((num(video.bitrate) ?? 0) / 1e6).toFixed(1)} Mb/s` : undefined;
  const text = [size, str(video.codec), bitrate].filter(Boolean).join(' ');
  return text || undefined;
}

/**
 * One channel's view from the items of its partition (`RES#<channel arn>`: META, pipelines, attachments, alerts,
 * metrics) and the stored inputs. A running channel shows its class's pipelines (pipeline `0`, and `1` for STANDARD)
 * even when AWS gave no pipeline details (moto never does), so their metrics have a row.
 */
export function channelView(
  items: readonly Item[],
  inputs: ReadonlyMap<string, InputView>,
  nowMs: number,
): ChannelView | undefined {
  const meta = items.find((i) => i.sk === '#META');
  if (!meta || meta.tombstone === true) return undefined;
  const arn = str(meta.arn) ?? String(meta.pk ?? '').replace(/^RES#/, '');
  const status = str(meta.status) ?? 'UNKNOWN';
  const channelClass = str(meta.channelClass);
  const from = Math.floor(nowMs / 1000) - ERROR_WINDOW_SECONDS;
  const metricsBySk = new Map(items.filter((i) => i.sk.startsWith('METRICS#')).map((i) => [i.sk, i]));
  const attachments = items.filter((i) => i.sk.startsWith('ATTACHMENT#'));

  const pipelineRecords = new Map(
    items.filter((i) => i.sk.startsWith('PIPELINE#')).map((i) => [str(i.pipelineId) ?? i.sk.slice(9), i]),
  );
  const ids = new Set<string>([...pipelineRecords.keys()]);
  for (const sk of metricsBySk.keys()) if (sk.startsWith('METRICS#PIPELINE#')) ids.add(sk.slice(17));
  if (status === 'RUNNING') (channelClass === 'SINGLE_PIPELINE' ? ['0'] : ['0', '1']).forEach((p) => ids.add(p));
  const eventActive = obj(meta.activeInput);
  const pipelines = [...ids].sort().map((id): PipelineView => {
    const metrics = metricsBySk.get(`METRICS#PIPELINE#${id}`);
    const latest = (name: string) => latestOf(metrics, name)?.v;
    const health: PipelineHealth = Object.fromEntries(
      Object.entries({
        networkInMbps: latest('NetworkIn'),
        frameRate: latest('InputVideoFrameRate'),
        fillMsec: latest('FillMsec'),
        droppedFrames: latest('DroppedFrames'),
        svqPercent: latest('SvqTime'),
        activeAlerts: latest('ActiveAlerts'),
        inputLossSeconds: latest('InputLossSeconds'),
        inputErrorSeconds: latest('ChannelInputErrorSeconds'),
        primaryInputActive: latest('PrimaryInputActive'),
      }).filter(([, v]) => v !== undefined),
    );
    const activeInput =
      str(pipelineRecords.get(id)?.activeInputAttachmentName) ??
      (str(eventActive?.pipeline) === id || eventActive?.pipeline === undefined
        ? str(eventActive?.attachmentName)
        : undefined) ??
      // One attachment: a running pipeline can only be on it.
      (status === 'RUNNING' && attachments.length === 1 ? str(attachments[0]?.name) : undefined);
    const history = seriesOf(metrics, 'NetworkIn');
    const latestAt = latestOf(metrics, 'NetworkIn')?.t;
    return {
      id,
      ...(activeInput ? { activeInput } : {}),
      health,
      ...(history ? { networkInHistory: history } : {}),
      ...(latestAt !== undefined ? { latestAt } : {}),
    };
  });

  const inputsById = new Map([...inputs.values()].filter((i) => i.id).map((i) => [i.id as string, i]));
  const channelInputs = attachments.map((a): ChannelInputView => {
    const input =
      (str(a.inputArn) ? inputs.get(str(a.inputArn) as string) : undefined) ?? inputsById.get(str(a.inputId) ?? '');
    return {
      attachmentName: str(a.name) ?? a.sk.slice('ATTACHMENT#'.length),
      ...((input?.arn ?? str(a.inputArn)) ? { inputArn: input?.arn ?? str(a.inputArn) } : {}),
      ...(input ? { inputName: input.name } : {}),
      ...(input?.type ? { inputType: input.type } : {}),
      sources: input?.sources ?? [],
      feeds: (input?.mediaConnectFlowArns ?? []).map((flowArn) => ({ flowArn })),
    };
  });

  const outputGroups = arr(obj(meta.encoder)?.outputGroups).map((g): OutputGroupView => {
    const group = obj(g) ?? {};
    const name = str(group.name) ?? '?';
    const groupMetrics = [...metricsBySk.entries()]
      .filter(([sk]) => sk.startsWith('METRICS#OUTPUT_GROUP#') && sk.slice(sk.indexOf(':') + 1) === name)
      .map(([, item]) => item);
    const total = (metric: string) => {
      const sums = groupMetrics.map((m) => sumSince(seriesOf(m, metric), from)).filter((v) => v !== undefined);
      return sums.length ? sums.reduce((a, b) => (a ?? 0) + (b ?? 0), 0) : undefined;
    };
    const errors4xx = total('Output4xxErrors');
    const errors5xx = total('Output5xxErrors');
    return {
      name,
      type: str(group.type) ?? '?',
      outputCount: num(group.outputCount) ?? 0,
      ...(errors4xx !== undefined ? { errors4xx } : {}),
      ...(errors5xx !== undefined ? { errors5xx } : {}),
    };
  });

  const alerts = items
    .filter((i) => i.sk.startsWith('ALERT#') && i.state === 'SET' && i.tombstone !== true)
    .map((i): ChannelAlertView => ({
      id: str(i.alarmId) ?? i.sk.slice('ALERT#'.length),
      ...(str(i.alertType) ? { type: str(i.alertType) } : {}),
      ...(str(i.pipeline) ? { pipeline: str(i.pipeline) } : {}),
      ...(str(i.message) ? { message: str(i.message) } : {}),
      ...(str(i.setAt) ? { setAt: str(i.setAt) } : {}),
    }));
  const polled = [...metricsBySk.values()].map((m) => str(m.lastPolledAt)).filter((t): t is string => Boolean(t));
  const video = formatVideo(obj(arr(obj(meta.encoder)?.video)[0]));
  return {
    arn,
    ...(str(meta.id) ? { id: str(meta.id) } : {}),
    name: str(meta.name) ?? arn,
    status,
    ...(channelClass ? { channelClass } : {}),
    ...(video ? { video } : {}),
    pipelines,
    inputs: channelInputs,
    outputGroups,
    alerts,
    ...(polled.length ? { metricsPolledAt: polled.sort()[polled.length - 1] } : {}),
  };
}

/** The flow side of the link: a flow's ARN, name and outputs, with what names the input they feed. */
export interface LinkableFlow {
  readonly arn: string;
  readonly name: string;
  readonly outputs: readonly {
    readonly name: string;
    readonly mediaLiveInputArn?: string;
    readonly description?: string;
  }[];
}

/**
 * The output of `flow` that feeds `input`: the one AWS marks with `mediaLiveInputArn`, or (on moto) the one whose
 * description names the input's ARN. Undefined when the input lists the flow but no output says which.
 */
export function feedingOutput(flow: LinkableFlow, input: InputView): string | undefined {
  return (
    flow.outputs.find((o) => o.mediaLiveInputArn === input.arn)?.name ??
    flow.outputs.find((o) => o.description?.includes(input.arn))?.name
  );
}

/**
 * Links both ways: each channel input's feeds get their flow and output names, and each flow gets, by output name
 * (`''` when no output says which), the inputs it feeds and their channels.
 */
export function linkChannelsToFlows(
  flows: readonly LinkableFlow[],
  channels: readonly ChannelView[],
  inputs: readonly InputView[],
): { channels: ChannelView[]; feedsByFlow: Map<string, Map<string, OutputFeedsInput[]>> } {
  const flowsByArn = new Map(flows.map((f) => [f.arn, f]));
  const feedsByFlow = new Map<string, Map<string, OutputFeedsInput[]>>();
  for (const input of inputs) {
    const attached = channels
      .filter((c) => c.inputs.some((i) => i.inputArn === input.arn))
      .map((c) => ({ arn: c.arn, name: c.name, status: c.status }));
    for (const flowArn of input.mediaConnectFlowArns) {
      const flow = flowsByArn.get(flowArn);
      if (!flow) continue;
      const output = feedingOutput(flow, input) ?? '';
      const byOutput = feedsByFlow.get(flowArn) ?? new Map<string, OutputFeedsInput[]>();
      byOutput.set(output, [
        ...(byOutput.get(output) ?? []),
        { inputArn: input.arn, inputName: input.name, channels: attached },
      ]);
      feedsByFlow.set(flowArn, byOutput);
    }
  }
  const inputsByArn = new Map(inputs.map((i) => [i.arn, i]));
  const linked = channels.map((c) => ({
    ...c,
    inputs: c.inputs.map((i) => ({
      ...i,
      feeds: i.feeds.map((feed): FeedView => {
        const flow = flowsByArn.get(feed.flowArn);
        const input = i.inputArn ? inputsByArn.get(i.inputArn) : undefined;
        const outputName = flow && input ? feedingOutput(flow, input) : undefined;
        return { ...feed, ...(flow ? { flowName: flow.name } : {}), ...(outputName ? { outputName } : {}) };
      }),
    })),
  }));
  return { channels: linked, feedsByFlow };
}
