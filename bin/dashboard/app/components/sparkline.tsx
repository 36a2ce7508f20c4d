import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useApp } from '../app-context';
import { formatMetricValue, MISSING } from '../model/format';
import { LoadCancelledError, pickSeries, SeriesLoader, type MetricSeries } from '../model/series-loader';

/** Stored history a sparkline shows. */
const WINDOW_MS = 60 * 60 * 1000;
/** A sparkline on screen re-reads its series this often (metrics are not in the change feed). */
const REFRESH_MS = 60_000;
const WIDTH = 96;
const HEIGHT = 22;

/**
 * One loader for every sparkline of the page: a row's series are read at most once a minute and at most six reads
 * run at once, so a list scrolled through 1,000 flows reads only what was shown, a few at a time.
 */
const loader = new SeriesLoader<MetricSeries[]>({ ttlMs: REFRESH_MS, concurrency: 6 });

/** The state of a row's series: loading, read (every series of the metrics asked for), or failed. */
export type RowSeries = { kind: 'loading' } | { kind: 'loaded'; series: MetricSeries[] } | { kind: 'failed' };

/** Every metric a module's row cells read: the sparkline's and its `extraMetrics`, in one request. */
export function sparklineMetrics(sparkline: { metric: string; extraMetrics?: readonly string[] }): readonly string[] {
  return [sparkline.metric, ...(sparkline.extraMetrics ?? []).filter((name) => name !== sparkline.metric)];
}

/**
 * A row's series of `names` over the last hour of stored history, from its metrics route: read while the calling
 * cell is mounted (the virtualized table mounts only the rows on screen), again every minute, and shared by every cell
 * of the row that asks with the same route and names (one request serves the sparkline and the health cell).
 */
export function useRowSeries(route: string, names: readonly string[]): RowSeries {
  const { api } = useApp();
  const key = `${route}?${names.join(',')}`;
  const [state, setState] = useState<RowSeries>(() => {
    const cached = loader.peek(key);
    return cached === undefined ? { kind: 'loading' } : { kind: 'loaded', series: cached };
  });

  useEffect(() => {
    const wanted = { aborted: false };
    const read = () => {
      loader
        .load(
          key,
          async () => {
            const answer = await api.get<{ series?: MetricSeries[] }>(route, {
              names: names.join(','),
              since: new Date(Date.now() - WINDOW_MS).toISOString(),
            });
            return answer.series ?? [];
          },
          wanted,
        )
        .then(
          (series) => !wanted.aborted && setState({ kind: 'loaded', series }),
          (error: unknown) => !wanted.aborted && !(error instanceof LoadCancelledError) && setState({ kind: 'failed' }),
        );
    };
    read();
    const timer = setInterval(read, REFRESH_MS);
    return () => {
      wanted.aborted = true;
      clearInterval(timer);
    };
  }, [api, key]);

  return state;
}

export interface SparklineProps {
  /** The resource's metrics route (`/flows/<encoded arn>/metrics`). */
  route: string;
  /** The metric drawn. */
  metric: string;
  /** Every metric the row's cells read (the request is shared). @default [metric] */
  names?: readonly string[];
  /** What the value is, for the accessible name: `Bitrate` → "Bitrate 12.3 Mb/s". */
  label: string;
  /** The metric's CloudWatch unit. @default 'None' */
  unit?: string;
}

/**
 * A tiny uPlot line of one metric over the last hour of stored history, without axes, with its latest value as text
 * beside it and in its accessible name ("Bitrate 12.3 Mb/s").
 */
export function Sparkline({ route, metric, names, label, unit }: SparklineProps) {
  const state = useRowSeries(route, names ?? [metric]);
  const series = state.kind === 'loaded' ? (pickSeries(state.series, metric) ?? null) : null;
  const latest = series ? series.v[series.v.length - 1] : undefined;
  const text =
    state.kind === 'loading'
      ? 'loading'
      : state.kind === 'failed'
        ? 'unavailable'
        : latest === undefined
          ? 'no data'
          : formatMetricValue(latest, unit);
  return (
    <span class="sparkline" role="img" aria-label={`${label} ${text}`}>
      {series && series.t.length > 1 ? <SparkCanvas series={series} /> : <span class="sparkline-empty" />}
      <span class="sparkline-value" aria-hidden="true">
        {latest !== undefined ? text : state.kind === 'loading' ? '…' : MISSING}
      </span>
    </span>
  );
}

/** The uPlot instance: created once per mount, fed new data in place, destroyed on unmount. */
function SparkCanvas({ series }: { series: MetricSeries }) {
  const host = useRef<HTMLSpanElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return undefined;
    const colour = getComputedStyle(element).color || 'currentColor';
    plot.current = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        pxAlign: false,
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        legend: { show: false },
        axes: [{ show: false }, { show: false }],
        scales: { x: { time: true } },
        series: [{}, { stroke: colour, width: 1.5, points: { show: false } }],
        padding: [2, 0, 2, 0],
      },
      [series.t, series.v],
      element,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData([series.t, series.v]);
  }, [series]);

  return <span class="sparkline-plot" ref={host} aria-hidden="true" />;
}
