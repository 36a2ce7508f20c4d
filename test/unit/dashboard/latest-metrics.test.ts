import { latestReadings, metricName } from '../../../bin/dashboard/app/model/latest-metrics';
import { MEDIALIVE_METRIC_CATALOG } from '../../../lambdas/medialive/metric-catalog';
import { MEDIAPACKAGE_ENDPOINT_CATALOG } from '../../../lambdas/mediapackage/metric-catalog';

describe('latestReadings', () => {
  it('gives each stored series its catalog unit, in the catalog order', () => {
    // Prepare: a MediaLive pipeline's latest metrics as GET /channels/{arn} answers them.
    const metrics = {
      latest: {
        FillMsec: { t: 1_764_669_540, v: 0 },
        NetworkIn: { t: 1_764_669_540, v: 6.2 },
        ActiveAlerts: { t: 1_764_669_540, v: 1 },
      },
      lastPolledAt: '2026-12-02T10:00:00.000Z',
    };

    // Act
    const readings = latestReadings(metrics, MEDIALIVE_METRIC_CATALOG);

    // Assess
    expect(readings.map((r) => [r.series, r.value, r.unit])).toEqual([
      ['ActiveAlerts', 1, 'Count'],
      ['NetworkIn', 6.2, 'Megabits/Second'],
      ['FillMsec', 0, 'Milliseconds'],
    ]);
    expect(readings[0]?.at).toBe(1_764_669_540);
  });

  it('finds a split series by its own name and marks an incomplete fetch', () => {
    // Prepare
    const metrics = {
      latest: { 'EgressRequestCount.5xx': { t: 60, v: 3 }, EgressBytes: { t: 60, v: 1e6 }, Unknown: { t: 60, v: 2 } },
      incomplete: { EgressBytes: 'PartialData' },
    };

    // Act
    const readings = latestReadings(metrics, MEDIAPACKAGE_ENDPOINT_CATALOG);

    // Assess
    expect(readings).toEqual([
      { series: 'EgressRequestCount.5xx', value: 3, unit: 'Count', at: 60 },
      { series: 'EgressBytes', value: 1e6, unit: 'Bytes', at: 60, incomplete: 'PartialData' },
      { series: 'Unknown', value: 2, unit: 'None', at: 60 },
    ]);
  });

  it('answers no readings when nothing was polled', () => {
    // Act
    const readings = latestReadings(undefined, MEDIALIVE_METRIC_CATALOG);

    // Assess
    expect(readings).toEqual([]);
  });

  it.each([
    ['EgressRequestCount.4xx', 'EgressRequestCount'],
    ['NetworkIn', 'NetworkIn'],
  ])('reads the metric of series %s as %s', (series, name) => {
    // Act
    const result = metricName(series);

    // Assess
    expect(result).toBe(name);
  });
});
