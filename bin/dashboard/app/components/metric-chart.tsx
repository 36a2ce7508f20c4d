import { useEffect, useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useLiveQuery } from '../app-context';
import { formatMetricValue, formatTime } from '../model/format';
import { chartModels, formatScaled, type MetricChartModel, type MetricsHistory } from '../model/metric-series';
import { ErrorPanel } from './error-panel';

/** Line colours, distinguishable on the dark theme; the legend names every line, so colour is never the only cue. */
const LINE_COLOURS = ['#4fc3f7', '#ffb74d', '#81c784', '#f06292', '#ba68c8', '#fff176', '#a1887f', '#90a4ae'];
const AXIS_COLOUR = '#b0bec5';
const GRID_COLOUR = 'rgba(176, 190, 197, 0.15)';
const CHART_HEIGHT = 180;

export interface MetricChartProps {
  /** One metric's lines on a shared time axis (model/metric-series.ts `chartModels`). */
  model: MetricChartModel;
}

/**
 * One metric over the stored history, drawn by uPlot: a time axis, the unit on the y axis, hover values in the legend
 * (uPlot's cursor). Resizes with its container and is destroyed on unmount. The figcaption gives the latest value of
 * each line, and a visually hidden table the last values, for screen readers.
 */
export function MetricChart({ model }: MetricChartProps) {
  const plotRef = useRef<HTMLDivElement>(null);
  const hasData = model.data[0].length > 0 && model.latest.some((point) => point !== null);

  const plotInstance = useRef<uPlot | null>(null);
  const modelRef = useRef(model);
  modelRef.current = model;
  // A new plot only when the lines or the unit change; a refresh of the same lines only swaps the data.
  const shape = `${model.metric}|${model.axisLabel}|${model.lines.map((line) => line.label).join('|')}`;

  useEffect(() => {
    const container = plotRef.current;
    if (!container || !hasData) return undefined;
    const width = () => Math.max(240, Math.floor(container.clientWidth));
    const plot = new uPlot(chartOptions(modelRef.current, width()), modelRef.current.data, container);
    plotInstance.current = plot;
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: CHART_HEIGHT }));
    observer.observe(container);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotInstance.current = null;
    };
  }, [shape, hasData]);

  useEffect(() => {
    plotInstance.current?.setData(model.data);
  }, [model.data]);

  const title = model.axisLabel ? `${model.metric} (${model.axisLabel})` : model.metric;
  return (
    <figure class="metric-chart" aria-label={`${model.metric} chart`} data-metric={model.metric}>
      <figcaption>
        <span class="metric-chart-title">{title}</span>
        {hasData ? (
          <span class="metric-chart-latest">
            {' '}
            — latest:{' '}
            {model.lines.map((line, i) => {
              const point = model.latest[i];
              return (
                <span key={line.resourceArn} class="metric-chart-latest-value">
                  {i > 0 ? '; ' : ''}
                  {line.label} {point ? formatMetricValue(point.value * model.divisor, model.unit) : 'no data'}
                </span>
              );
            })}
          </span>
        ) : (
          <span class="metric-chart-empty"> — No data in the stored history</span>
        )}
      </figcaption>
      {hasData && <div ref={plotRef} class="metric-chart-plot" />}
      {hasData && <LastValuesTable model={model} />}
    </figure>
  );
}

/** The last five minutes of each line, for screen readers (the canvas says nothing to them). */
function LastValuesTable({ model }: MetricChartProps) {
  const times = model.data[0];
  const from = Math.max(0, times.length - 5);
  const rows = times.slice(from).map((t, offset) => ({ t, index: from + offset }));
  return (
    <table class="visually-hidden">
      <caption>{`${model.metric}: last values`}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          {model.lines.map((line) => (
            <th key={line.resourceArn} scope="col">
              {line.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ t, index }) => (
          <tr key={t}>
            <th scope="row">{formatTime(new Date(t * 1000).toISOString())}</th>
            {model.lines.map((line, i) => {
              const value = model.data[i + 1]?.[index];
              return (
                <td key={line.resourceArn}>
                  {value === null || value === undefined ? '—' : formatScaled(value, model.axisLabel)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function chartOptions(model: MetricChartModel, width: number): uPlot.Options {
  const axis = { stroke: AXIS_COLOUR, grid: { stroke: GRID_COLOUR }, ticks: { stroke: GRID_COLOUR } };
  return {
    width,
    height: CHART_HEIGHT,
    scales: { x: { time: true } },
    series: [
      {},
      ...model.lines.map((line, i) => ({
        label: line.label,
        stroke: LINE_COLOURS[i % LINE_COLOURS.length] as string,
        width: 1.5,
        spanGaps: false,
        value: (_plot: uPlot, value: number | null) =>
          value === null || value === undefined ? '—' : formatScaled(value, model.axisLabel),
      })),
    ],
    axes: [
      { ...axis },
      {
        ...axis,
        label: model.axisLabel || undefined,
        size: 60,
        values: (_plot: uPlot, ticks: number[]) => ticks.map((tick) => formatScaled(tick, '')),
      },
    ],
    cursor: { drag: { x: true, y: false } },
    legend: { live: true },
  };
}

export interface MetricsPanelProps {
  /** The API's metrics history route (`/flows/<encoded arn>/metrics`), answering `{ series: MetricSeriesView[] }`. */
  metricsRoute: string;
  /** The name a line shows for its resource (the flow, a source, an output). */
  labelOf: (resourceArn: string, scope: string) => string;
  /** Only these metrics, in the route's `names` query. @default every stored metric */
  names?: readonly string[];
}

/**
 * Every stored metric of a resource, one chart each. Metrics are not in the change feed (they change every minute by
 * design), so the history is read again every 60 s.
 */
export function MetricsPanel({ metricsRoute, labelOf, names }: MetricsPanelProps) {
  const history = useLiveQuery<MetricsHistory>(metricsRoute, names?.length ? { names: names.join(',') } : undefined, {
    everySeconds: 60,
  });
  const labelRef = useRef(labelOf);
  labelRef.current = labelOf;
  const models = useMemo(
    () => (history.data ? chartModels(history.data.series, (arn, scope) => labelRef.current(arn, scope)) : []),
    [history.data],
  );
  if (history.error && !history.data) return <ErrorPanel error={history.error} onRetry={history.reload} />;
  if (!history.data) return <p class="loading">Loading metrics…</p>;
  if (models.length === 0) return <p class="empty">No data in the stored history.</p>;
  return (
    <div class="metric-charts">
      {models.map((model) => (
        <MetricChart key={model.metric} model={model} />
      ))}
    </div>
  );
}
