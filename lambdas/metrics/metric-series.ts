/**
 * The bounded recent history of a metric, in memory: parallel arrays of epoch seconds and values, ascending by time.
 * `{ t: [1764061200, 1764061260], v: [1200000, 1180000] }` is two one-minute datapoints. It is stored as one string
 * per metric (see `encodeSeries`).
 */
export interface Series {
  t: number[];
  v: number[];
}

/** Series of several metrics of one resource, by metric name. */
export type SeriesByMetric = Record<string, Series>;

/** Series as stored in a metrics item's `series` map: one encoded string per metric name (see `encodeSeries`). */
export type StoredSeriesByMetric = Record<string, string>;

export interface LatestPoint {
  /** Epoch seconds of the datapoint (the start of its one-minute period). */
  t: number;
  v: number;
}

/**
 * Stored values keep 9 significant digits: far more than a sparkline or a threshold needs, and it bounds a number to
 * 6 bytes in DynamoDB whatever GetMetricData returns (an Average can carry 17 digits).
 */
export const STORED_SIGNIFICANT_DIGITS = 9;

export function compactValue(value: number): number {
  return Number(value.toPrecision(STORED_SIGNIFICANT_DIGITS));
}

/**
 * Merges freshly fetched points into a stored series: one point per timestamp, where a fetched point replaces a
 * stored one with the same timestamp (the re-fetched overlap corrects partial and late buckets), sorted by time, and
 * trimmed to `t >= windowStartSeconds`. Non-finite values and mismatched array tails are dropped. Pure.
 */
export function mergeSeries(
  stored: Series | undefined,
  fetched: Series | undefined,
  windowStartSeconds: number,
): Series {
  const byTime = new Map<number, number>();
  for (const source of [stored, fetched]) {
    if (!source) continue;
    const length = Math.min(source.t.length, source.v.length);
    for (let i = 0; i < length; i++) {
      const t = source.t[i] as number;
      const v = source.v[i] as number;
      if (Number.isFinite(t) && Number.isFinite(v) && t >= windowStartSeconds) byTime.set(t, compactValue(v));
    }
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  return { t: times, v: times.map((t) => byTime.get(t) as number) };
}

/** Timestamps of `fetched` (within the window) that `stored` does not have. */
export function countNewPoints(
  stored: Series | undefined,
  fetched: Series | undefined,
  windowStartSeconds: number,
): number {
  if (!fetched) return 0;
  const known = new Set(stored?.t ?? []);
  return new Set(fetched.t.filter((t, i) => t >= windowStartSeconds && !known.has(t) && Number.isFinite(fetched.v[i])))
    .size;
}

/**
 * Merges every metric of one resource. Metrics that were stored but not fetched this time (not in the set any more,
 * or no new data) keep their points until they age out of the window; metrics with no point left are dropped.
 */
export function mergeSeriesByMetric(
  stored: SeriesByMetric | undefined,
  fetched: SeriesByMetric,
  windowStartSeconds: number,
): { series: SeriesByMetric; added: number } {
  const names = new Set([...Object.keys(stored ?? {}), ...Object.keys(fetched)]);
  const series: SeriesByMetric = {};
  let added = 0;
  for (const name of [...names].sort()) {
    const merged = mergeSeries(stored?.[name], fetched[name], windowStartSeconds);
    added += countNewPoints(stored?.[name], fetched[name], windowStartSeconds);
    if (merged.t.length > 0) series[name] = merged;
  }
  return { series, added };
}

const STEP_SECONDS = 60;
const TIME_MARK = '~';

/**
 * Encodes a series as one string: comma-separated points, each `<value>` when it is one minute after the previous
 * point, or `<seconds since the previous point>~<value>` when it is not; the first point carries its absolute epoch
 * seconds. `{ t: [1764061200, 1764061260, 1764061380], v: [1.2e6, 1180000, 0.5] }` is
 * `"1764061200~1200000,1180000,120~0.5"`.
 *
 * One string attribute instead of two lists of numbers: an hour of a bitrate is ~490 bytes instead of ~720, and
 * neither DynamoDB nor the SDK nor an emulator parses 120 numbers per metric on every read of the flow's partition.
 */
export function encodeSeries(series: Series): string {
  const length = Math.min(series.t.length, series.v.length);
  const points: string[] = [];
  let previous: number | undefined;
  for (let i = 0; i < length; i++) {
    const t = series.t[i] as number;
    const v = series.v[i] as number;
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    const value = String(v);
    points.push(
      previous !== undefined && t - previous === STEP_SECONDS ? value : `${t - (previous ?? 0)}${TIME_MARK}${value}`,
    );
    previous = t;
  }
  return points.join(',');
}

/**
 * Decodes what `encodeSeries` wrote. Also reads the earlier stored shape (`{t: number[], v: number[]}`), so items
 * written before the encoding changed stay readable until the poller rewrites them. Points that don't parse are
 * dropped; anything else yields an empty series.
 */
export function decodeSeries(stored: unknown): Series {
  const series: Series = { t: [], v: [] };
  if (typeof stored === 'string') {
    if (stored === '') return series;
    let t: number | undefined;
    for (const point of stored.split(',')) {
      const mark = point.indexOf(TIME_MARK);
      const step = mark < 0 ? (t === undefined ? Number.NaN : STEP_SECONDS) : Number(point.slice(0, mark));
      // Without a readable time the rest of the points can't be placed: keep what was decoded so far.
      if (mark === 0 || !Number.isFinite(step)) break;
      t = (t ?? 0) + step;
      const text = mark < 0 ? point : point.slice(mark + 1);
      const v = text === '' ? Number.NaN : Number(text);
      if (Number.isFinite(v)) {
        series.t.push(t);
        series.v.push(v);
      }
    }
    return series;
  }
  const legacy = stored as Partial<Series> | null | undefined;
  if (legacy && Array.isArray(legacy.t) && Array.isArray(legacy.v)) {
    const length = Math.min(legacy.t.length, legacy.v.length);
    for (let i = 0; i < length; i++) {
      const t = Number(legacy.t[i]);
      const v = Number(legacy.v[i]);
      if (Number.isFinite(t) && Number.isFinite(v)) {
        series.t.push(t);
        series.v.push(v);
      }
    }
  }
  return series;
}

export function encodeSeriesByMetric(series: SeriesByMetric): StoredSeriesByMetric {
  return Object.fromEntries(Object.entries(series).map(([name, s]) => [name, encodeSeries(s)]));
}

/** A stored `series` map (encoded or in the earlier shape), decoded; `names` limits which metrics are decoded. */
export function decodeSeriesByMetric(stored: unknown, names?: ReadonlySet<string>): SeriesByMetric {
  if (!stored || typeof stored !== 'object') return {};
  const series: SeriesByMetric = {};
  for (const [name, value] of Object.entries(stored as Record<string, unknown>)) {
    if (names && !names.has(name)) continue;
    const decoded = decodeSeries(value);
    if (decoded.t.length > 0) series[name] = decoded;
  }
  return series;
}

/** The last point of each metric. */
export function latestPoints(series: SeriesByMetric): Record<string, LatestPoint> {
  const latest: Record<string, LatestPoint> = {};
  for (const [name, s] of Object.entries(series)) {
    const last = s.t.length - 1;
    if (last >= 0) latest[name] = { t: s.t[last] as number, v: s.v[last] as number };
  }
  return latest;
}

/**
 * Drops the oldest points, one minute at a time across all metrics, until the encoded series fit `maxBytes`. Returns
 * the series kept and their encoding (computed once: the size check needs it and the caller stores it). A guard for
 * extreme settings; with the defaults (60 minutes, at most 53 metrics per item) it never drops anything.
 */
export function boundSeriesSize(
  series: SeriesByMetric,
  maxBytes: number,
): { series: SeriesByMetric; stored: StoredSeriesByMetric } {
  let bounded = series;
  let stored = encodeSeriesByMetric(bounded);
  while (estimateAttributeSize(stored) > maxBytes) {
    const oldest = Math.min(...Object.values(bounded).map((s) => s.t[0] ?? Number.POSITIVE_INFINITY));
    if (!Number.isFinite(oldest)) break;
    bounded = Object.fromEntries(
      Object.entries(bounded)
        .map(([name, s]) => [name, mergeSeries(s, undefined, oldest + 1)] as const)
        .filter(([, s]) => s.t.length > 0),
    );
    stored = encodeSeriesByMetric(bounded);
  }
  return { series: bounded, stored };
}

/**
 * The size DynamoDB bills and limits an item by (400 KB), per its documented rules: names and strings by UTF-8
 * length, numbers by about one byte per two significant digits plus one, lists and maps 3 bytes plus one per element.
 */
export function estimateItemSize(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + estimateAttributeSize(value),
    0,
  );
}

function estimateAttributeSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return numberSize(value);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + estimateAttributeSize(v), 0);
  if (typeof value === 'object') {
    return (
      3 + Object.entries(value).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + estimateAttributeSize(v), 0)
    );
  }
  return Buffer.byteLength(String(value));
}

function numberSize(value: number): number {
  const mantissa = Math.abs(value).toExponential().split('e')[0] ?? '0';
  const digits = mantissa.replace('.', '').replace(/0+$/, '').length || 1;
  return Math.ceil(digits / 2) + 1;
}
