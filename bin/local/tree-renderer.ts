import { chainSectionLines, impactText } from './chain-view';
import type { Span, Style } from './text-style';
import type { ChannelView, OutputFeedsInput } from './channel-view';
import type { EndpointView, EstateView, FlowView, PollerView, SeriesView } from './estate-view';

/**
 * Renders the estate as a tree of text lines: a pure function of the view, the frame around it and the clock, so
 * the terminal UI, the plain snapshots of `--once`/CI and the unit tests all print the same thing.
 */

export type { Span, Style } from './text-style';

export interface FrameInfo {
  readonly title: string;
  readonly region: string;
  readonly account: string;
  /** Lines above the tree (URLs, hints). */
  readonly notes?: readonly string[];
  /** Recent real-time activity, newest last. */
  readonly activity?: readonly string[];
  /** Problems worth showing (a handler that failed to load, a feeder error). */
  readonly problems?: readonly string[];
  /** Extra timers shown with the pollers, e.g. the metrics feeder. */
  readonly timers?: readonly { readonly name: string; readonly lastAt?: number }[];
  /** The key help line (interactive mode only). */
  readonly keys?: string;
}

export interface RenderOptions {
  readonly now: number;
  /** Terminal columns; lines are cut to fit. @default 120 */
  readonly width?: number;
  /** Terminal rows; the tree is condensed, then cut, to fit. @default unlimited */
  readonly height?: number;
  /** ANSI colours. @default false */
  readonly color?: boolean;
  /** Sparkline width in minutes. @default 30 */
  readonly sparkWidth?: number;
}

const ANSI: Readonly<Record<Style, string>> = {
  plain: '',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  red: '\x1b[31m',
  cyan: '\x1b[36m',
  magenta: '\x1b[35m',
};
const RESET = '\x1b[0m';
const BARS = '▁▂▃▄▅▆▇█';

const span = (text: string, style: Style = 'plain'): Span => ({ text, style });
const pad = (text: string, width: number): string =>
  text.length >= width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

/** `12.3 Mb/s`, `850 kb/s`, `0 b/s`. */
export function formatBitrate(bps: number | undefined): string {
  if (bps === undefined) return '–';
  if (bps >= 1e6) return `${(bps / 1e6).toFixed(1)} Mb/s`;
  if (bps >= 1e3) return `${Math.round(bps / 1e3)} kb/s`;
  return `${Math.round(bps)} b/s`;
}

/** `4s`, `2m05s`, `1h12m`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * One character per minute for the last `width` minutes ending now; a minute without a datapoint is blank. Bars are
 * scaled between the series' low and high, but a steady stream (less than 10 % swing) keeps its bars high and calm.
 */
export function sparkline(series: SeriesView | undefined, width: number, nowMs: number): string {
  if (!series || series.t.length === 0) return ' '.repeat(width);
  const lastMinute = Math.floor(nowMs / 60_000);
  const byMinute = new Map<number, number>();
  series.t.forEach((t, i) => byMinute.set(Math.floor(t / 60), series.v[i] ?? 0));
  const values = [...byMinute.values()];
  const hi = Math.max(...values);
  let lo = Math.min(...values);
  if (hi - lo < hi * 0.1) lo = Math.max(0, hi * 0.8);
  let out = '';
  for (let m = lastMinute - width + 1; m <= lastMinute; m++) {
    const v = byMinute.get(m);
    if (v === undefined) out += ' ';
    else if (hi <= 0 || v <= 0) out += BARS[0];
    else
      out += BARS[Math.max(0, Math.min(BARS.length - 1, Math.round(((v - lo) / (hi - lo || 1)) * (BARS.length - 1))))];
  }
  return out;
}

const STATUS_STYLE: Readonly<Record<string, Style>> = {
  ACTIVE: 'green',
  STANDBY: 'dim',
  STARTING: 'yellow',
  STOPPING: 'yellow',
  UPDATING: 'yellow',
  DELETING: 'yellow',
  ERROR: 'red',
  RUNNING: 'green',
  IDLE: 'dim',
  CREATING: 'yellow',
  RECOVERING: 'yellow',
  CREATE_FAILED: 'red',
};

/** The state word of a source or output, and how alarming it is. */
function endpointState(e: EndpointView, flowActive: boolean, kind: 'src' | 'out'): Span {
  if (!flowActive) return span('idle', 'dim');
  if (e.connected === false) return span('disconnected', 'red');
  if (e.bitrate !== undefined && e.bitrate <= 0) return span('no signal', 'red');
  if (e.connected === true) return span('connected', 'green');
  if (e.bitrate !== undefined) return span(kind === 'src' ? 'receiving' : 'sending', 'green');
  return span('no data', 'dim');
}

interface Detail {
  readonly outputs: boolean;
  readonly entitlements: boolean;
  readonly sources: boolean;
}

/** Below this many columns the columns shrink and the availability zone goes, so a flow line fits 80 columns. */
const NARROW_COLUMNS = 110;

interface Layout {
  readonly now: number;
  readonly sparkWidth: number;
  readonly narrow: boolean;
}

function endpointLine(prefix: string, kind: 'src' | 'out', e: EndpointView, flow: FlowView, options: Layout): Span[] {
  const active = flow.status === 'ACTIVE';
  const state = endpointState(e, active, kind);
  const spans: Span[] = [
    span(prefix, 'dim'),
    span(kind === 'src' ? 'src ' : 'out ', 'dim'),
    span(pad(e.name, options.narrow ? 18 : 22)),
    span(pad(e.protocol ?? '?', 13), 'cyan'),
    span(pad(state.text, 13), state.style),
    span(formatBitrate(active ? e.bitrate : undefined).padStart(10)),
    span(' '),
    span(
      sparkline(active ? e.bitrateHistory : undefined, options.sparkWidth, options.now),
      state.style === 'red' ? 'red' : 'green',
    ),
  ];
  if (kind === 'src' && active) {
    if ((e.notRecovered ?? 0) > 0) spans.push(span(`  lost ${e.notRecovered}`, 'yellow'));
    if ((e.continuityErrors ?? 0) > 0) spans.push(span(`  cc ${e.continuityErrors}`, 'yellow'));
  }
  if (e.encryption) spans.push(span(`  key ${e.encryption}`, 'magenta'));
  return spans;
}

function flowLines(flow: FlowView, detail: Detail, options: Layout): Span[][] {
  const statusStyle = STATUS_STYLE[flow.status] ?? 'yellow';
  const active = flow.status === 'ACTIVE';
  const unhealthy =
    active && (flow.alarms.length > 0 || flow.sources.some((s) => endpointState(s, true, 'src').style === 'red'));
  const head: Span[] = [
    span(active ? (unhealthy ? '▲ ' : '● ') : '○ ', unhealthy ? 'red' : statusStyle),
    span(pad(flow.name, options.narrow ? 20 : 24), 'bold'),
    span(pad(flow.status, options.narrow ? 9 : 10), statusStyle),
    ...(options.narrow ? [] : [span(pad(flow.availabilityZone ?? '', 12), 'dim')]),
  ];
  const summary: string[] = [];
  summary.push(
    `${flow.sources.length} src${options.narrow && flow.failoverMode ? ` ${flow.failoverMode.toLowerCase()}` : ''}`,
  );
  if (flow.failoverMode && !options.narrow) summary.push(flow.failoverMode.toLowerCase());
  const connectedOutputs = flow.outputs.filter((o) => active && endpointState(o, true, 'out').style === 'green').length;
  summary.push(active ? `${connectedOutputs}/${flow.outputs.length} out` : `${flow.outputs.length} out`);
  if (flow.entitlements.length && !options.narrow) summary.push(`${flow.entitlements.length} ent`);
  head.push(span(pad(summary.join(' · '), options.narrow ? 25 : 36), 'dim'));
  const bitrates = flow.sources.map((s) => s.bitrate).filter((b): b is number => b !== undefined);
  if (active) head.push(span(formatBitrate(bitrates.length ? Math.max(...bitrates) : undefined).padStart(10)));
  if (flow.alarms.length) head.push(span(`  ! ${flow.alarms.length} alarm${flow.alarms.length > 1 ? 's' : ''}`, 'red'));

  const children: { kind: 'src' | 'out' | 'ent' | 'feed'; render: (prefix: string) => Span[] }[] = [];
  if (detail.sources)
    flow.sources.forEach((s) =>
      children.push({ kind: 'src', render: (p) => endpointLine(p, 'src', s, flow, options) }),
    );
  if (detail.outputs)
    flow.outputs.forEach((o) => {
      children.push({ kind: 'out', render: (p) => endpointLine(p, 'out', o, flow, options) });
      (o.feeds ?? []).forEach((feed) => children.push({ kind: 'feed', render: (p) => feedLine(p, feed) }));
    });
  (flow.feedsInputs ?? []).forEach((feed) => children.push({ kind: 'feed', render: (p) => feedLine(p, feed) }));
  if (detail.entitlements) {
    flow.entitlements.forEach((e) =>
      children.push({
        kind: 'ent',
        render: (p) => [
          span(p, 'dim'),
          span('ent ', 'dim'),
          span(pad(e.name, 22)),
          span(pad(`→ ${e.subscribers.join(', ')}`, 40), 'dim'),
          ...(e.status && e.status !== 'ENABLED' ? [span(`${e.status}  `, 'yellow')] : []),
          ...(e.encryption ? [span(`key ${e.encryption}`, 'magenta')] : []),
        ],
      }),
    );
  }
  return [head, ...treeLines(children)];
}

/** Children under a head line: `├─`/`└─`, and a feed line hangs under the output before it (`│  ↳`). */
function treeLines(children: readonly { kind: string; render: (prefix: string) => Span[] }[]): Span[][] {
  const branches = children.filter((c) => c.kind !== 'feed');
  const lastBranch = branches[branches.length - 1];
  return children.map((c) => {
    if (c.kind === 'feed') return c.render(lastBranchBefore(children, c) === lastBranch ? '       ↳ ' : '  │    ↳ ');
    return c.render(c === lastBranch ? '  └─ ' : '  ├─ ');
  });
}

function lastBranchBefore<T extends { kind: string }>(children: readonly T[], child: T): T | undefined {
  const at = children.indexOf(child);
  for (let i = at - 1; i >= 0; i--) if (children[i]?.kind !== 'feed') return children[i];
  return undefined;
}

/** `↳ MediaLive input NewsHD-MediaConnect → channel News-HD RUNNING` under the flow output that feeds it. */
function feedLine(prefix: string, feed: OutputFeedsInput): Span[] {
  const spans: Span[] = [span(prefix, 'dim'), span('MediaLive input ', 'dim'), span(feed.inputName, 'cyan')];
  if (feed.channels.length === 0) spans.push(span('  (no channel attached)', 'dim'));
  feed.channels.forEach((c, i) => {
    spans.push(span(i === 0 ? ' → channel ' : ', ', 'dim'), span(c.name, 'bold'), span(' '));
    spans.push(span(c.status, STATUS_STYLE[c.status] ?? 'yellow'));
  });
  return spans;
}

const fmtNumber = (value: number | undefined, digits = 0): string =>
  value === undefined ? '–' : value.toFixed(digits);

/** One pipeline's line: its active input and latest health. */
function pipelineLine(prefix: string, channel: ChannelView, pipelineIndex: number, options: Layout): Span[] {
  const p = channel.pipelines[pipelineIndex];
  if (!p) return [];
  const running = channel.status === 'RUNNING';
  const h = p.health;
  const hasData = Object.keys(h).length > 0;
  const troubled =
    (h.activeAlerts ?? 0) > 0 ||
    (h.fillMsec ?? 0) > 0 ||
    (h.droppedFrames ?? 0) > 0 ||
    (h.inputLossSeconds ?? 0) > 0 ||
    (h.inputErrorSeconds ?? 0) > 0;
  const state: Span = !running
    ? span('idle', 'dim')
    : !hasData
      ? span('no data', 'dim')
      : troubled
        ? span('degraded', 'red')
        : span('healthy', 'green');
  const spans: Span[] = [
    span(prefix, 'dim'),
    span(`p${p.id}  `, 'dim'),
    span(pad(p.activeInput ? `on ${p.activeInput}` : 'active input –', options.narrow ? 20 : 26)),
    span(pad(state.text, 13), state.style),
    span(
      running && h.networkInMbps !== undefined ? formatBitrate(h.networkInMbps * 1e6).padStart(10) : '–'.padStart(10),
    ),
    span(' '),
    span(
      sparkline(running ? p.networkInHistory : undefined, options.sparkWidth, options.now),
      troubled ? 'red' : 'green',
    ),
  ];
  if (running && hasData) {
    spans.push(
      span(
        `  ${fmtNumber(h.frameRate, h.frameRate !== undefined && h.frameRate % 1 !== 0 ? 2 : 0)} fps` +
          `  svq ${fmtNumber(h.svqPercent, 1)}%` +
          `  fill ${fmtNumber(h.fillMsec)} ms  dropped ${fmtNumber(h.droppedFrames)}  loss ${fmtNumber(h.inputLossSeconds)} s`,
        troubled ? 'yellow' : 'dim',
      ),
    );
    if ((h.activeAlerts ?? 0) > 0) spans.push(span(`  ${h.activeAlerts} active alerts`, 'red'));
  }
  return spans;
}

function channelLines(channel: ChannelView, detail: Detail, options: Layout): Span[][] {
  const statusStyle = STATUS_STYLE[channel.status] ?? 'yellow';
  const running = channel.status === 'RUNNING';
  const unhealthy =
    running &&
    (channel.alerts.length > 0 ||
      channel.pipelines.some((p) => (p.health.activeAlerts ?? 0) > 0 || (p.health.fillMsec ?? 0) > 0));
  const summary = [
    channel.channelClass?.toLowerCase().replace('_', ' ') ?? '',
    `${channel.inputs.length} in`,
    `${channel.outputGroups.length} out groups`,
  ].filter(Boolean);
  const head: Span[] = [
    span(running ? (unhealthy ? '▲ ' : '● ') : '○ ', unhealthy ? 'red' : statusStyle),
    span(pad(channel.name, options.narrow ? 20 : 24), 'bold'),
    span(pad(channel.status, options.narrow ? 9 : 10), statusStyle),
    ...(options.narrow ? [] : [span(pad('', 12))]),
    span(pad(summary.join(' · '), options.narrow ? 25 : 36), 'dim'),
    ...(channel.video ? [span(channel.video, 'dim')] : []),
    ...(channel.alerts.length
      ? [span(`  ! ${channel.alerts.length} alert${channel.alerts.length > 1 ? 's' : ''}`, 'red')]
      : []),
  ];
  const children: { kind: string; render: (prefix: string) => Span[] }[] = [];
  if (detail.sources) {
    channel.inputs.forEach((input) =>
      children.push({
        kind: 'in',
        render: (p) => [
          span(p, 'dim'),
          span('in  ', 'dim'),
          span(pad(input.inputName ?? input.attachmentName, options.narrow ? 18 : 22)),
          span(pad(input.inputType ?? '?', 15), 'cyan'),
          ...(input.feeds.length
            ? [
                span('← ', 'dim'),
                span(
                  input.feeds.map((f) => [f.flowName ?? f.flowArn, f.outputName].filter(Boolean).join('/')).join(', '),
                ),
              ]
            : input.sources.length
              ? [span(input.sources.join(', '), 'dim')]
              : []),
        ],
      }),
    );
    channel.pipelines.forEach((_, i) =>
      children.push({ kind: 'pipeline', render: (p) => pipelineLine(p, channel, i, options) }),
    );
  }
  if (detail.outputs)
    channel.outputGroups.forEach((g) =>
      children.push({
        kind: 'og',
        render: (p) => [
          span(p, 'dim'),
          span('og  ', 'dim'),
          span(pad(g.name, options.narrow ? 18 : 22)),
          span(pad(g.type, 15), 'cyan'),
          span(pad(`${g.outputCount} output${g.outputCount === 1 ? '' : 's'}`, 13), 'dim'),
          ...(running && (g.errors4xx !== undefined || g.errors5xx !== undefined)
            ? [
                span(`4xx ${fmtNumber(g.errors4xx)}`, (g.errors4xx ?? 0) > 0 ? 'yellow' : 'dim'),
                span('  '),
                span(`5xx ${fmtNumber(g.errors5xx)}`, (g.errors5xx ?? 0) > 0 ? 'red' : 'dim'),
                span(' (10 min)', 'dim'),
              ]
            : []),
        ],
      }),
    );
  channel.alerts.forEach((a) =>
    children.push({
      kind: 'alert',
      render: (p) => [
        span(p, 'dim'),
        span('!   ', 'red'),
        span(pad(a.type ?? a.id, 28), 'red'),
        span(a.pipeline !== undefined ? `p${a.pipeline}  ` : '', 'dim'),
        span(a.message ?? '', 'red'),
        span(a.setAt ? `  since ${a.setAt.slice(11, 19)}Z` : '', 'dim'),
      ],
    }),
  );
  return [head, ...treeLines(children)];
}

function pollerSpans(pollers: readonly PollerView[], timers: FrameInfo['timers'], now: number): Span[] {
  const spans: Span[] = [span('pollers ', 'dim')];
  const add = (name: string, lastAt: number | undefined, extra?: string, errors = 0) => {
    if (spans.length > 1) spans.push(span(' · ', 'dim'));
    spans.push(span(`${name} `));
    spans.push(
      lastAt === undefined
        ? span('not run yet', 'yellow')
        : span(`${formatAge(now - lastAt)} ago`, now - lastAt > 6 * 60_000 ? 'yellow' : 'green'),
    );
    if (extra) spans.push(span(` (${extra})`, 'dim'));
    if (errors > 0) spans.push(span(` ${errors} error${errors > 1 ? 's' : ''}`, 'red'));
  };
  pollers.forEach((p) =>
    add(
      p.name.replace(/^mediaconnect-/, ''),
      p.lastStartedAt,
      [p.summary, p.durationMs !== undefined ? `${(p.durationMs / 1000).toFixed(1)} s` : undefined]
        .filter(Boolean)
        .join(', '),
      p.errors,
    ),
  );
  (timers ?? []).forEach((t) => add(t.name, t.lastAt));
  if (spans.length === 1) spans.push(span('none has run yet', 'yellow'));
  return spans;
}

/** The whole screen as lines. With `color` the lines carry ANSI codes; without, they are plain text. */
export function renderEstate(view: EstateView, frame: FrameInfo, options: RenderOptions): string[] {
  const width = options.width ?? 120;
  const opts: Layout = { now: options.now, sparkWidth: options.sparkWidth ?? 30, narrow: width < NARROW_COLUMNS };
  const flows = [...view.flows].sort(
    (a, b) => Number(b.status === 'ACTIVE') - Number(a.status === 'ACTIVE') || a.name.localeCompare(b.name),
  );
  const active = flows.filter((f) => f.status === 'ACTIVE').length;
  const alarms = flows.flatMap((f) => f.alarms);
  const count = (pick: (f: FlowView) => number) => flows.reduce((sum, f) => sum + pick(f), 0);

  const header: Span[][] = [
    [
      span(frame.title, 'bold'),
      span(`  ${frame.region} · ${frame.account} · `, 'dim'),
      span(new Date(options.now).toISOString().slice(11, 19) + 'Z', 'dim'),
    ],
    [
      span(`flows ${flows.length}`, 'bold'),
      span(` (${active} active, ${flows.length - active} other) · `, 'dim'),
      span(
        `sources ${count((f) => f.sources.length)} · outputs ${count((f) => f.outputs.length)} · entitlements ${count((f) => f.entitlements.length)} · `,
        'dim',
      ),
      span(`active alarms ${alarms.length}`, alarms.length ? 'red' : 'green'),
    ],
    ...channelHeader(view),
    pollerSpans(view.pollers, frame.timers, options.now),
    ...(frame.notes ?? []).map((n) => [span(n, 'dim')]),
    [],
  ];
  const footer: Span[][] = [];
  if (alarms.length) {
    footer.push([]);
    footer.push([span('active alarms', 'bold')]);
    alarms.forEach((a) => {
      footer.push([
        span('  ! ', 'red'),
        span(pad(a.name, 64), 'red'),
        span(pad(a.flowName, 24)),
        span(a.since ? `since ${a.since.slice(11, 19)}Z` : '', 'dim'),
      ]);
      const affects = impactText(a.impacts);
      if (affects) footer.push([span('      ↳ ', 'dim'), span(affects, 'yellow')]);
    });
  }
  if (frame.activity?.length) {
    footer.push([]);
    frame.activity.forEach((a) => footer.push([span(a, 'cyan')]));
  }
  (frame.problems ?? []).forEach((p) => footer.push([span(`! ${p}`, 'yellow')]));
  if (frame.keys) footer.push([], [span(frame.keys, 'bold')]);

  const channels = [...(view.channels ?? [])].sort(
    (a, b) => Number(b.status === 'RUNNING') - Number(a.status === 'RUNNING') || a.name.localeCompare(b.name),
  );
  if (flows.length === 0 && channels.length === 0) {
    const body = [[span('  no flows in the store yet: waiting for the first inventory cycle …', 'yellow')]];
    return [...header, ...body, ...footer].map((l) => toText(l, width, options.color ?? false));
  }

  // Condense until the tree fits: drop entitlement rows, then output rows, then the sources of healthy flows.
  const levels: ((f: FlowView) => Detail)[] = [
    () => ({ sources: true, outputs: true, entitlements: true }),
    () => ({ sources: true, outputs: true, entitlements: false }),
    () => ({ sources: true, outputs: false, entitlements: false }),
    (f) => ({ sources: f.status === 'ACTIVE', outputs: false, entitlements: false }),
    () => ({ sources: false, outputs: false, entitlements: false }),
  ];
  const room = options.height === undefined ? Number.POSITIVE_INFINITY : options.height - header.length - footer.length;
  // Flows of several accounts: one group per account, the deployment's own first, each under its account's header.
  const accounts = [...new Set([frame.account, ...flows.map((f) => f.account ?? frame.account)])].filter((a) =>
    flows.some((f) => (f.account ?? frame.account) === a),
  );
  const flowBody = (level: (f: FlowView) => Detail): Span[][] =>
    accounts.length <= 1
      ? flows.flatMap((f) => flowLines(f, level(f), opts))
      : accounts.flatMap((account) => {
          const own = flows.filter((f) => (f.account ?? frame.account) === account);
          return [
            accountLine(account, account === frame.account, own),
            ...own.flatMap((f) => flowLines(f, level(f), opts)),
          ];
        });
  let body: Span[][] = [];
  for (const level of levels) {
    body = flowBody(level);
    if (channels.length) {
      body.push([], [span('MediaLive channels', 'bold')]);
      body.push(
        ...channels.flatMap((c) =>
          channelLines(c, level({ status: c.status === 'RUNNING' ? 'ACTIVE' : c.status } as FlowView), opts),
        ),
      );
    }
    if (view.chain) body.push([], ...chainSectionLines(view.chain));
    if (body.length <= room) break;
  }
  if (body.length > room) {
    const keep = Math.max(0, room - 1);
    body = [...body.slice(0, keep), [span(`  … ${body.length - keep} more lines (enlarge the terminal)`, 'dim')]];
  }
  return [...header, ...body, ...footer].map((l) => toText(l, width, options.color ?? false));
}

/** `account 222222222222 · watched · 3 flows, 2 active`: the head of one account's group of flows. */
function accountLine(account: string, own: boolean, flows: readonly FlowView[]): Span[] {
  const active = flows.filter((f) => f.status === 'ACTIVE').length;
  return [
    span(`account ${account}`, 'cyan'),
    span(
      ` · ${own ? 'this deployment' : 'watched'} · ${flows.length} flow${flows.length === 1 ? '' : 's'}, ${active} active`,
      'dim',
    ),
  ];
}

/** `channels 2 (1 running, 1 other) · inputs 3 · pipelines 2 · SET alerts 0`, when the store has MediaLive. */
function channelHeader(view: EstateView): Span[][] {
  const channels = view.channels ?? [];
  const inputs = view.inputs ?? [];
  if (channels.length === 0 && inputs.length === 0) return [];
  const running = channels.filter((c) => c.status === 'RUNNING').length;
  const alerts = channels.reduce((sum, c) => sum + c.alerts.length, 0);
  return [
    [
      span(`channels ${channels.length}`, 'bold'),
      span(` (${running} running, ${channels.length - running} other) · `, 'dim'),
      span(`inputs ${inputs.length} · pipelines ${channels.reduce((sum, c) => sum + c.pipelines.length, 0)} · `, 'dim'),
      span(`SET alerts ${alerts}`, alerts ? 'red' : 'green'),
    ],
  ];
}

/** Joins spans, cut to `width` visible characters. */
function toText(spans: readonly Span[], width: number, color: boolean): string {
  let out = '';
  let used = 0;
  for (const s of spans) {
    if (used >= width) break;
    const chars = [...s.text];
    const text = chars.slice(0, width - used).join('');
    used += Math.min(chars.length, width - used);
    out += color && s.style !== 'plain' ? `${ANSI[s.style]}${text}${RESET}` : text;
  }
  return out.replace(/\s+$/, '');
}
