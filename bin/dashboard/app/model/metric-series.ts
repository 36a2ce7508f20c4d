/**
 * Shapes stored metric history (`GET /flows/{arn}/metrics`: one-minute datapoints, `t` epoch seconds, `v` values) into
 * what a time-series chart draws: one chart per metric, one line per resource (the flow, each source, each output),
 * all lines on one time axis, a gap where a minute has no datapoint, values scaled to a readable unit. Pure: no DOM.
 */

/** One stored series, as the API returns it. */
export interface MetricSeriesView {
  scope: string;
  resourceArn: string;
  metric: string;
  /** Epoch seconds (start of each one-minute period), ascending. */
  t: number[];
  v: number[];
}

/** The answer of a metrics history route. */
export interface MetricsHistory {
  series: MetricSeriesView[];
}

/** CloudWatch units of the metrics the monitor polls. */
export type MetricUnit =
  'Bits/Second' | 'Megabits/Second' | 'Bytes' | 'Count' | 'Milliseconds' | 'Seconds' | 'Percent' | 'None';

/** One chart: its lines on a shared time axis, as uPlot's AlignedData (`[times, ...values]`, null = gap). */
export interface MetricChartModel {
  metric: string;
  /** The CloudWatch unit of the stored values. */
  unit: MetricUnit;
  /** The axis label: the unit after scaling (`Mb/s`, `ms`, `%`, `count`), empty for a 0/1 flag. */
  axisLabel: string;
  /** What the stored values were divided by for display. */
  divisor: number;
  lines: { label: string; resourceArn: string; scope: string }[];
  /** `[t (epoch seconds), line 1 values, line 2 values, …]`, already divided by `divisor`. */
  data: [number[], ...(number | null)[][]];
  /** The last datapoint of each line (display units), null when the line has none. */
  latest: ({ t: number; value: number } | null)[];
}

/** The one-minute period of the stored history. */
export const PERIOD_SECONDS = 60;

/**
 * The unit of a metric by its name. The history route returns names only; the catalog's units follow these patterns
 * (lambdas/<service>/metric-catalog.ts): bitrates in bits per second (`BitRate`, `OutputBitrate`, lower-case `r`),
 * MediaLive's `NetworkIn`/`NetworkOut` in megabits per second, latencies in ms, `…Percent` in percent, connected
 * flags unitless, the rest counts.
 */
export function metricUnit(metric: string): MetricUnit {
  if (/bit ?rate$/i.test(metric)) return 'Bits/Second';
  if (/^Network(In|Out)$/.test(metric)) return 'Megabits/Second';
  if (/Bytes$/.test(metric)) return 'Bytes';
  if (/(RoundTripTime|Latency|Delay)$/.test(metric)) return 'Milliseconds';
  if (/Percent(age)?$/.test(metric)) return 'Percent';
  if (/Connected$/.test(metric) && metric !== 'ConnectedOutputs') return 'None';
  if (/(Seconds|Duration)$/.test(metric)) return 'Seconds';
  return 'Count';
}

const BIT_STEPS: readonly [number, string][] = [
  [1e9, 'Gb/s'],
  [1e6, 'Mb/s'],
  [1e3, 'kb/s'],
  [1, 'b/s'],
];
const BYTE_STEPS: readonly [number, string][] = [
  [1e9, 'GB'],
  [1e6, 'MB'],
  [1e3, 'kB'],
  [1, 'B'],
];

/** The display unit for values of `unit` whose largest absolute value is `max`: its label and divisor. */
export function displayScale(unit: MetricUnit, max: number): { axisLabel: string; divisor: number } {
  const pick = (steps: readonly [number, string][]) => {
    const [divisor, axisLabel] = steps.find(([step]) => max >= step) ?? (steps[steps.length - 1] as [number, string]);
    return { axisLabel, divisor };
  };
  switch (unit) {
    case 'Bits/Second':
      return pick(BIT_STEPS);
    case 'Megabits/Second':
      return max >= 1000 ? { axisLabel: 'Gb/s', divisor: 1000 } : { axisLabel: 'Mb/s', divisor: 1 };
    case 'Bytes':
      return pick(BYTE_STEPS);
    case 'Milliseconds':
      return max >= 10_000 ? { axisLabel: 's', divisor: 1000 } : { axisLabel: 'ms', divisor: 1 };
    case 'Seconds':
      return { axisLabel: 's', divisor: 1 };
    case 'Percent':
      return { axisLabel: '%', divisor: 1 };
    case 'None':
      return { axisLabel: '', divisor: 1 };
    case 'Count':
      return { axisLabel: 'count', divisor: 1 };
  }
}

/**
 * The time axis shared by some series: every timestamp any of them has, ascending, plus one empty minute after each
 * run of minutes, where the next datapoint is more than a period later, so the chart breaks the line there instead of
 * drawing across the missing minutes.
 */
export function sharedTimeAxis(series: readonly Pick<MetricSeriesView, 't'>[]): number[] {
  const times = [...new Set(series.flatMap((s) => s.t))].sort((a, b) => a - b);
  const axis: number[] = [];
  for (const [i, time] of times.entries()) {
    const previous = times[i - 1];
    if (previous !== undefined && time - previous > PERIOD_SECONDS) axis.push(previous + PERIOD_SECONDS);
    axis.push(time);
  }
  return axis;
}

/** A series' values on the shared axis: null where it has no datapoint. Non-finite values count as missing. */
export function alignToAxis(axis: readonly number[], series: Pick<MetricSeriesView, 't' | 'v'>): (number | null)[] {
  const byTime = new Map<number, number>();
  series.t.forEach((time, i) => {
    const value = series.v[i];
    if (value !== undefined && Number.isFinite(value)) byTime.set(time, value);
  });
  return axis.map((time) => byTime.get(time) ?? null);
}

/** The order charts appear in: the signals an operator reads first (bitrate, connection, loss), then by name. */
const FIRST = [/bit ?rate$/i, /Connected$/, /NotRecoveredPackets$/, /ContinuityCounter$/, /PacketLossPercent$/];

function chartRank(metric: string): number {
  const index = FIRST.findIndex((pattern) => pattern.test(metric));
  return index < 0 ? FIRST.length : index;
}

/**
 * One chart model per metric name, in reading order. `labelOf` names a line's resource (the flow, a source, an
 * output); lines are ordered flow first, then by label.
 */
export function chartModels(
  series: readonly MetricSeriesView[],
  labelOf: (resourceArn: string, scope: string) => string,
): MetricChartModel[] {
  const byMetric = new Map<string, MetricSeriesView[]>();
  for (const one of series) byMetric.set(one.metric, [...(byMetric.get(one.metric) ?? []), one]);
  const metrics = [...byMetric.keys()].sort((a, b) => chartRank(a) - chartRank(b) || a.localeCompare(b));
  return metrics.map((metric) => {
    const lines = (byMetric.get(metric) ?? [])
      .map((one) => ({ one, label: labelOf(one.resourceArn, one.scope) }))
      .sort(
        (a, b) => Number(b.one.scope === 'FLOW') - Number(a.one.scope === 'FLOW') || a.label.localeCompare(b.label),
      );
    const unit = metricUnit(metric);
    const max = Math.max(0, ...lines.flatMap(({ one }) => one.v.filter(Number.isFinite).map(Math.abs)));
    const { axisLabel, divisor } = displayScale(unit, max);
    const axis = sharedTimeAxis(lines.map(({ one }) => one));
    const values = lines.map(({ one }) =>
      alignToAxis(axis, one).map((value) => (value === null ? null : value / divisor)),
    );
    return {
      metric,
      unit,
      axisLabel,
      divisor,
      lines: lines.map(({ one, label }) => ({ label, resourceArn: one.resourceArn, scope: one.scope })),
      data: [axis, ...values],
      latest: values.map((line) => lastPoint(axis, line)),
    };
  });
}

function lastPoint(axis: readonly number[], values: readonly (number | null)[]): { t: number; value: number } | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const value = values[i];
    if (value !== null && value !== undefined) return { t: axis[i] as number, value };
  }
  return null;
}

/** A value in display units with its axis label: `12.3 Mb/s`, `45 ms`, `0.5 %`, `3` (a count), `1` (a flag). */
export function formatScaled(value: number, axisLabel: string): string {
  const digits = Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toFixed(digits);
  return axisLabel === '' || axisLabel === 'count' ? text : `${text} ${axisLabel}`;
}
