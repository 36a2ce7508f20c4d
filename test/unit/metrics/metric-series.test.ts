import fc from 'fast-check';
import { METRIC_CATALOG } from '../../../lambdas/mediaconnect/metric-catalog';
import { MAX_METRICS_HISTORY_MINUTES } from '../../../lambdas/metrics/metrics-config';
import {
  boundSeriesSize,
  countNewPoints,
  decodeSeries,
  decodeSeriesByMetric,
  encodeSeries,
  encodeSeriesByMetric,
  estimateItemSize,
  latestPoints,
  mergeSeries,
  mergeSeriesByMetric,
  SeriesByMetric,
} from '../../../lambdas/metrics/metric-series';

const T0 = 1_764_061_200; // a minute boundary, epoch seconds

/** `minutes` one-minute points ending at T0, with values no compaction can shorten (17 significant digits). */
function worstCaseSeries(names: readonly string[], minutes: number): SeriesByMetric {
  const t = Array.from({ length: minutes }, (_, i) => T0 - (minutes - 1 - i) * 60);
  return Object.fromEntries(names.map((name) => [name, { t, v: t.map((_, i) => 123_456_789.12345678 + i / 7) }]));
}

describe('mergeSeries', () => {
  it('keeps one point per timestamp, letting the fetched point replace the stored one', () => {
    // Prepare
    const stored = { t: [T0, T0 + 60, T0 + 120], v: [1, 2, 3] };
    const fetched = { t: [T0 + 120, T0 + 180], v: [30, 4] };

    // Act
    const merged = mergeSeries(stored, fetched, T0);

    // Assess
    expect(merged).toEqual({ t: [T0, T0 + 60, T0 + 120, T0 + 180], v: [1, 2, 30, 4] });
  });

  it('sorts points by time whatever order they arrive in', () => {
    // Act
    const merged = mergeSeries({ t: [T0 + 120, T0], v: [3, 1] }, { t: [T0 + 60, T0 + 180], v: [2, 4] }, 0);

    // Assess
    expect(merged).toEqual({ t: [T0, T0 + 60, T0 + 120, T0 + 180], v: [1, 2, 3, 4] });
  });

  it('trims points older than the window start', () => {
    // Act
    const merged = mergeSeries(
      { t: [T0 - 120, T0 - 60, T0], v: [1, 2, 3] },
      { t: [T0 - 180, T0 + 60], v: [0, 4] },
      T0 - 60,
    );

    // Assess
    expect(merged).toEqual({ t: [T0 - 60, T0, T0 + 60], v: [2, 3, 4] });
  });

  it('drops non-finite values and the unmatched tail of a malformed stored series', () => {
    // Act
    const merged = mergeSeries({ t: [T0, T0 + 60, T0 + 120], v: [1, Number.NaN] }, { t: [T0 + 180], v: [Infinity] }, 0);

    // Assess
    expect(merged).toEqual({ t: [T0], v: [1] });
  });

  it('stores values with 9 significant digits', () => {
    // Act
    const merged = mergeSeries(undefined, { t: [T0], v: [12_345_678.987654321] }, 0);

    // Assess
    expect(merged.v).toEqual([12_345_679.0]);
  });

  it('always yields a sorted, unique, windowed series holding every fetched point', () => {
    const points = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 200 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
      {
        maxLength: 80,
      },
    );
    fc.assert(
      fc.property(points, points, fc.integer({ min: 0, max: 200 }), (storedPoints, fetchedPoints, windowMinute) => {
        // Prepare
        const toSeries = (p: [number, number][]) => ({ t: p.map(([m]) => T0 + m * 60), v: p.map(([, v]) => v) });
        const windowStart = T0 + windowMinute * 60;

        // Act
        const merged = mergeSeries(toSeries(storedPoints), toSeries(fetchedPoints), windowStart);

        // Assess
        expect(merged.t).toEqual([...new Set(merged.t)].sort((a, b) => a - b));
        expect(merged.t.every((t) => t >= windowStart)).toBe(true);
        const lastFetched = new Map(fetchedPoints.map(([m, v]) => [T0 + m * 60, v]));
        for (const [t, v] of lastFetched) {
          if (t >= windowStart) expect(merged.v[merged.t.indexOf(t)]).toBe(Number(v.toPrecision(9)));
        }
      }),
    );
  });
});

describe('mergeSeriesByMetric', () => {
  it('keeps stored-only metrics until they age out and counts only new timestamps', () => {
    // Prepare
    const stored = { SourceBitRate: { t: [T0 - 60, T0], v: [10, 11] }, SourceTSSyncLoss: { t: [T0 - 120], v: [1] } };
    const fetched = { SourceBitRate: { t: [T0, T0 + 60], v: [12, 13] }, SourceConnected: { t: [T0 + 60], v: [1] } };

    // Act
    const { series, added } = mergeSeriesByMetric(stored, fetched, T0 - 60);

    // Assess
    expect(series).toEqual({
      SourceBitRate: { t: [T0 - 60, T0, T0 + 60], v: [10, 12, 13] },
      SourceConnected: { t: [T0 + 60], v: [1] },
    });
    expect(added).toBe(2);
    expect(countNewPoints(stored.SourceBitRate, fetched.SourceBitRate, T0 - 60)).toBe(1);
  });

  it('reports the last point of each metric as latest', () => {
    // Act
    const latest = latestPoints({ A: { t: [T0, T0 + 60], v: [1, 2] }, B: { t: [T0], v: [0] } });

    // Assess
    expect(latest).toEqual({ A: { t: T0 + 60, v: 2 }, B: { t: T0, v: 0 } });
  });
});

describe('metrics item size', () => {
  it('sizes numbers and strings the way DynamoDB does', () => {
    // Act / Assess
    expect(estimateItemSize({ a: 'abc' })).toBe(1 + 3);
    expect(estimateItemSize({ n: 1_764_061_200 })).toBe(1 + 5); // 8 significant digits
    expect(estimateItemSize({ n: 123_456_789 })).toBe(1 + 6);
    expect(estimateItemSize({ l: [1, 2] })).toBe(1 + 3 + 2 * (1 + 2));
  });

  it('keeps 79 metrics × 60 one-minute points far below the 400 KB item limit', () => {
    // Prepare
    const names = METRIC_CATALOG.filter((m) => m.scope !== 'OUTPUT').map((m) => `${m.scope}${m.name}`);
    const merged = mergeSeriesByMetric(undefined, worstCaseSeries(names, 60), 0).series;

    // Act
    const size = estimateItemSize({
      pk: 'RES#arn',
      sk: 'METRICS#FLOW#arn',
      series: encodeSeriesByMetric(merged),
      latest: latestPoints(merged),
    });

    // Assess
    expect(names).toHaveLength(79);
    expect(size).toBeLessThan(100_000);
  });

  it('keeps the largest scope (53 metrics) below 150 KB at the maximum history setting', () => {
    // Prepare
    const names = METRIC_CATALOG.filter((m) => m.scope === 'FLOW').map((m) => m.name);
    const merged = mergeSeriesByMetric(undefined, worstCaseSeries(names, MAX_METRICS_HISTORY_MINUTES), 0).series;

    // Act
    const size = estimateItemSize({ series: encodeSeriesByMetric(merged), latest: latestPoints(merged) });

    // Assess
    expect(size).toBeLessThan(150_000);
  });

  it('drops the oldest minutes until the series fit a byte budget', () => {
    // Prepare
    const series = worstCaseSeries(['A', 'B'], 60);
    const full = estimateItemSize({ series: encodeSeriesByMetric(series) });

    // Act
    const { series: bounded, stored } = boundSeriesSize(series, Math.floor(full / 2));

    // Assess
    expect(stored).toEqual(encodeSeriesByMetric(bounded));
    expect(estimateItemSize({ series: stored }) - 'series'.length).toBeLessThanOrEqual(full / 2);
    expect(bounded.A!.t.length).toBeLessThan(60);
    expect(bounded.A!.t.length).toBeGreaterThan(25);
    expect(bounded.A!.t.at(-1)).toBe(T0);
    expect(boundSeriesSize(series, full).series).toBe(series);
  });
});

describe('encodeSeries / decodeSeries', () => {
  it('writes one string: the first time absolute, later ones only when they are not one minute apart', () => {
    // Act
    const encoded = encodeSeries({ t: [T0, T0 + 60, T0 + 180], v: [1_200_000, 1_180_000, 0.5] });

    // Assess
    expect(encoded).toBe(`${T0}~1200000,1180000,120~0.5`);
    expect(decodeSeries(encoded)).toEqual({ t: [T0, T0 + 60, T0 + 180], v: [1_200_000, 1_180_000, 0.5] });
    expect(encodeSeries({ t: [], v: [] })).toBe('');
  });

  it('round-trips any ascending series of finite values', () => {
    const ascending = fc
      .uniqueArray(fc.integer({ min: 0, max: 10_000 }), { maxLength: 200 })
      .map((minutes) => [...minutes].sort((a, b) => a - b).map((m) => T0 + m * 60 + (m % 7 === 0 ? 30 : 0)));
    const value = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
    fc.assert(
      fc.property(
        ascending.chain((t) => fc.tuple(fc.constant(t), fc.array(value, { minLength: t.length, maxLength: t.length }))),
        ([t, v]) => {
          expect(decodeSeries(encodeSeries({ t, v }))).toEqual({ t, v });
        },
      ),
    );
  });

  it('is smaller than the number lists it replaces', () => {
    // Prepare: an hour of a 4.5 Mb/s bitrate.
    const t = Array.from({ length: 60 }, (_, i) => T0 + i * 60);
    const series = { t, v: t.map((_, i) => 4_500_000 + i * 100) };

    // Act
    const encoded = estimateItemSize({ s: encodeSeries(series) });
    const lists = estimateItemSize({ s: series });

    // Assess
    expect(encoded).toBeLessThan(500);
    expect(lists).toBeGreaterThan(700);
  });

  it('reads series stored as number lists before the encoding changed', () => {
    expect(decodeSeries({ t: [T0, T0 + 60, T0 + 120], v: [1, Number.NaN, 3, 4] })).toEqual({
      t: [T0, T0 + 120],
      v: [1, 3],
    });
  });

  it.each([
    ['an empty string', ''],
    ['no absolute start time', '5,6,7'],
    ['a time mark with no time', '~5,6'],
    ['text', 'not a series'],
    ['a number', 42],
    ['null', null],
    ['a list', [1, 2]],
  ])('decodes %s to an empty series', (_, stored) => {
    expect(decodeSeries(stored)).toEqual({ t: [], v: [] });
  });

  it('drops points whose value does not parse and stops where a time does not', () => {
    expect(decodeSeries(`${T0}~5,x,,7,abc~8,9`)).toEqual({ t: [T0, T0 + 180], v: [5, 7] });
  });

  it('decodes a stored map, only the names asked for, and leaves out empty series', () => {
    // Prepare
    const stored = { ...encodeSeriesByMetric({ A: { t: [T0], v: [1] }, B: { t: [T0], v: [2] } }), C: '' };

    // Act / Assess
    expect(decodeSeriesByMetric(stored)).toEqual({ A: { t: [T0], v: [1] }, B: { t: [T0], v: [2] } });
    expect(decodeSeriesByMetric(stored, new Set(['B']))).toEqual({ B: { t: [T0], v: [2] } });
    expect(decodeSeriesByMetric(undefined)).toEqual({});
    expect(decodeSeriesByMetric('A')).toEqual({});
  });
});
