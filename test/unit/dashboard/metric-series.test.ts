import {
  alignToAxis,
  chartModels,
  displayScale,
  formatScaled,
  metricUnit,
  MetricSeriesView,
  sharedTimeAxis,
} from '../../../bin/dashboard/app/model/metric-series';

const FLOW = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc-def:Venue-1';
const SOURCE = 'arn:aws:mediaconnect:eu-west-1:111122223333:source:1-abc-def:Main';
const OUTPUT = 'arn:aws:mediaconnect:eu-west-1:111122223333:output:1-abc-def:ToChannel';
const T0 = 1_796_000_000 - (1_796_000_000 % 60);

function series(metric: string, resourceArn: string, scope: string, points: [number, number][]): MetricSeriesView {
  return { metric, resourceArn, scope, t: points.map(([minute]) => T0 + minute * 60), v: points.map(([, v]) => v) };
}

describe('metricUnit', () => {
  it.each([
    ['SourceBitRate', 'Bits/Second'],
    ['BitRate', 'Bits/Second'],
    ['OutputBitrate', 'Bits/Second'],
    ['NetworkIn', 'Megabits/Second'],
    ['RoundTripTime', 'Milliseconds'],
    ['OutputRoundTripTime', 'Milliseconds'],
    ['SourcePacketLossPercent', 'Percent'],
    ['SourceConnected', 'None'],
    ['OutputConnected', 'None'],
    ['ConnectedOutputs', 'Count'],
    ['SourceContinuityCounter', 'Count'],
    ['SourceNotRecoveredPackets', 'Count'],
  ])('gives %s the catalog unit %s', (metric, unit) => {
    // Act
    const result = metricUnit(metric);

    // Assess
    expect(result).toBe(unit);
  });
});

describe('displayScale', () => {
  it.each<[Parameters<typeof displayScale>[0], number, string, number]>([
    ['Bits/Second', 12_300_000, 'Mb/s', 1e6],
    ['Bits/Second', 2_500_000_000, 'Gb/s', 1e9],
    ['Bits/Second', 150_000, 'kb/s', 1e3],
    ['Bits/Second', 0, 'b/s', 1],
    ['Megabits/Second', 1500, 'Gb/s', 1000],
    ['Bytes', 2_000_000, 'MB', 1e6],
    ['Milliseconds', 250, 'ms', 1],
    ['Milliseconds', 12_000, 's', 1000],
    ['Percent', 3, '%', 1],
    ['Count', 7, 'count', 1],
    ['None', 1, '', 1],
  ])('shows %s up to %d in %s (divided by %d)', (unit, max, axisLabel, divisor) => {
    // Act
    const scale = displayScale(unit, max);

    // Assess
    expect(scale).toEqual({ axisLabel, divisor });
  });
});

describe('sharedTimeAxis', () => {
  it('merges the timestamps of every series, ascending and without repeats', () => {
    // Prepare
    const a = { t: [T0, T0 + 60, T0 + 120] };
    const b = { t: [T0 + 60, T0 + 120, T0 + 180] };

    // Act
    const axis = sharedTimeAxis([a, b]);

    // Assess
    expect(axis).toEqual([T0, T0 + 60, T0 + 120, T0 + 180]);
  });

  it('adds one empty minute after a run so a gap of missing minutes breaks the line', () => {
    // Prepare
    const gappy = { t: [T0, T0 + 60, T0 + 600] };

    // Act
    const axis = sharedTimeAxis([gappy]);
    const values = alignToAxis(axis, { t: gappy.t, v: [1, 2, 3] });

    // Assess
    expect(axis).toEqual([T0, T0 + 60, T0 + 120, T0 + 600]);
    expect(values).toEqual([1, 2, null, 3]);
  });
});

describe('alignToAxis', () => {
  it('puts null where a series has no datapoint or a non-finite one', () => {
    // Prepare
    const axis = [T0, T0 + 60, T0 + 120];

    // Act
    const values = alignToAxis(axis, { t: [T0, T0 + 120], v: [5, Number.NaN] });

    // Assess
    expect(values).toEqual([5, null, null]);
  });
});

describe('chartModels', () => {
  it('makes one chart per metric, bitrate first, one line per resource, values scaled to the display unit', () => {
    // Prepare
    const stored = [
      series('SourceContinuityCounter', SOURCE, 'SOURCE', [
        [0, 0],
        [1, 3],
      ]),
      series('SourceBitRate', SOURCE, 'SOURCE', [
        [0, 12_000_000],
        [1, 12_500_000],
      ]),
      series('SourceBitRate', FLOW, 'FLOW', [
        [1, 12_400_000],
        [2, 12_600_000],
      ]),
    ];
    const labels: Record<string, string> = { [FLOW]: 'Flow', [SOURCE]: 'Source Main' };

    // Act
    const models = chartModels(stored, (arn) => labels[arn] ?? arn);

    // Assess
    expect(models.map((m) => m.metric)).toEqual(['SourceBitRate', 'SourceContinuityCounter']);
    const bitrate = models[0]!;
    expect(bitrate).toMatchObject({ unit: 'Bits/Second', axisLabel: 'Mb/s', divisor: 1e6 });
    expect(bitrate.lines.map((l) => l.label)).toEqual(['Flow', 'Source Main']);
    expect(bitrate.data).toEqual([
      [T0, T0 + 60, T0 + 120],
      [null, 12.4, 12.6],
      [12, 12.5, null],
    ]);
    expect(bitrate.latest).toEqual([
      { t: T0 + 120, value: 12.6 },
      { t: T0 + 60, value: 12.5 },
    ]);
    expect(models[1]).toMatchObject({ unit: 'Count', axisLabel: 'count', latest: [{ t: T0 + 60, value: 3 }] });
  });

  it('orders outputs by label and keeps a line without datapoints as null', () => {
    // Prepare
    const stored = [
      series('OutputConnected', OUTPUT, 'OUTPUT', [[0, 1]]),
      { metric: 'OutputConnected', resourceArn: `${OUTPUT}-b`, scope: 'OUTPUT', t: [], v: [] },
    ];

    // Act
    const [model] = chartModels(stored, (arn) => (arn === OUTPUT ? 'Output B' : 'Output A'));

    // Assess
    expect(model!.lines.map((l) => l.label)).toEqual(['Output A', 'Output B']);
    expect(model!.latest).toEqual([null, { t: T0, value: 1 }]);
    expect(model!.axisLabel).toBe('');
  });

  it('answers no charts for an empty history', () => {
    // Act
    const models = chartModels([], () => 'x');

    // Assess
    expect(models).toEqual([]);
  });
});

describe('formatScaled', () => {
  it.each([
    [12.456, 'Mb/s', '12.5 Mb/s'],
    [1.234, 'Mb/s', '1.23 Mb/s'],
    [250, 'ms', '250 ms'],
    [3, 'count', '3'],
    [1, '', '1'],
    [0.5, '%', '0.50 %'],
  ])('shows %d in %j as %j', (value, axisLabel, text) => {
    // Act
    const result = formatScaled(value, axisLabel);

    // Assess
    expect(result).toBe(text);
  });
});
