import {
  formatAge,
  formatBitrate,
  formatBytes,
  formatDuration,
  formatMetricValue,
  formatNumber,
  formatPercent,
  formatTime,
  metricUnitLabel,
  MISSING,
} from '../../../bin/dashboard/app/model/format';

describe('formatBitrate', () => {
  it.each([
    [850, '850 b/s'],
    [12_300_000, '12.3 Mb/s'],
    [1_234_567, '1.23 Mb/s'],
    [150_000, '150 kb/s'],
    [1_500_000_000, '1.5 Gb/s'],
    [999_600, '1 Mb/s'],
    [0, '0 b/s'],
  ])('writes %d bits per second as %s', (bps, expected) => {
    // Prepare / Act
    const text = formatBitrate(bps);

    // Assess
    expect(text).toBe(expected);
  });

  it('writes a missing or non-finite rate as a dash, never NaN', () => {
    // Prepare / Act / Assess
    expect([formatBitrate(undefined), formatBitrate(null), formatBitrate(NaN), formatBitrate(Infinity)]).toEqual([
      MISSING,
      MISSING,
      MISSING,
      MISSING,
    ]);
  });
});

describe('formatNumber, formatPercent and formatBytes', () => {
  it('groups thousands and keeps at most two decimals', () => {
    // Prepare / Act
    const texts = [formatNumber(1234), formatNumber(1234.5678), formatNumber(12.3, 0), formatNumber(-5)];

    // Assess
    expect(texts).toEqual(['1,234', '1,234.57', '12', '-5']);
  });

  it('writes percent points with one decimal', () => {
    // Prepare / Act
    const texts = [formatPercent(12.5), formatPercent(100), formatPercent(0.04), formatPercent(undefined)];

    // Assess
    expect(texts).toEqual(['12.5%', '100%', '0%', MISSING]);
  });

  it('scales sizes in SI units', () => {
    // Prepare / Act
    const texts = [formatBytes(512), formatBytes(1_500_000), formatBytes(2_000)];

    // Assess
    expect(texts).toEqual(['512 B', '1.5 MB', '2 kB']);
  });
});

describe('formatDuration', () => {
  it.each([
    [0.25, '0.25 ms'],
    [850, '850 ms'],
    [4_200, '4.2 s'],
    [192_000, '3 min 12 s'],
    [180_000, '3 min'],
    [7_500_000, '2 h 5 min'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
    [-1500, '-1.5 s'],
  ])('writes %d ms as %s', (ms, expected) => {
    // Prepare / Act
    const text = formatDuration(ms);

    // Assess
    expect(text).toBe(expected);
  });
});

describe('formatAge', () => {
  const now = Date.parse('2026-12-02T10:00:00.000Z');

  it.each([
    ['2026-12-02T09:59:18.000Z', '42 s ago'],
    ['2026-12-02T09:57:00.000Z', '3 min ago'],
    ['2026-12-02T05:00:00.000Z', '5 h ago'],
    ['2026-11-30T10:00:00.000Z', '2 d ago'],
    ['2026-12-02T10:00:03.000Z', '0 s ago'],
    ['2026-12-02T10:03:00.000Z', 'in 3 min'],
  ])('writes %s as %s', (iso, expected) => {
    // Prepare / Act
    const text = formatAge(iso, now);

    // Assess
    expect(text).toBe(expected);
  });

  it('writes a missing or unreadable time as a dash', () => {
    // Prepare / Act / Assess
    expect([formatAge(undefined, now), formatAge('yesterday-ish', now)]).toEqual([MISSING, MISSING]);
  });
});

describe('formatTime', () => {
  const now = Date.parse('2026-12-02T10:00:00.000Z');

  it('writes a time of today as the clock time on a 24-hour clock', () => {
    // Prepare / Act
    const text = formatTime('2026-12-02T14:03:07.000Z', now, 'UTC');

    // Assess
    expect(text).toBe('14:03:07');
  });

  it('adds the date to a time of another day', () => {
    // Prepare / Act
    const text = formatTime('2026-11-30T00:03:07.000Z', now, 'UTC');

    // Assess
    expect(text).toBe('2026-11-30 00:03:07');
  });

  it('reads "today" in the given time zone, not in UTC', () => {
    // Prepare: 23:30 UTC on the 1st is 08:30 on the 2nd in Tokyo, the same day as now there (19:00).
    const iso = '2026-12-01T23:30:00.000Z';

    // Act
    const texts = [formatTime(iso, now, 'Asia/Tokyo'), formatTime(iso, now, 'UTC')];

    // Assess
    expect(texts).toEqual(['08:30:00', '2026-12-01 23:30:00']);
  });
});

describe('formatMetricValue', () => {
  it.each([
    [12_300_000, 'Bits/Second', '12.3 Mb/s'],
    [12_300, 'Kilobits/Second', '12.3 Mb/s'],
    [1_500_000, 'Bytes', '1.5 MB'],
    [2_500, 'Bytes/Second', '2.5 kB/s'],
    [1234, 'Count', '1,234'],
    [12.5, 'Count/Second', '12.5/s'],
    [850, 'Milliseconds', '850 ms'],
    [250, 'Microseconds', '0.25 ms'],
    [192, 'Seconds', '3 min 12 s'],
    [99.5, 'Percent', '99.5%'],
    [3.14159, 'None', '3.14'],
    [7, undefined, '7'],
    [7, 'Furlongs', '7 Furlongs'],
  ])('writes %d %s as %s', (value, unit, expected) => {
    // Prepare / Act
    const text = formatMetricValue(value, unit);

    // Assess
    expect(text).toBe(expected);
  });

  it('names the unit an axis shows', () => {
    // Prepare / Act
    const labels = ['Bits/Second', 'Bytes', 'Milliseconds', 'Percent', 'Count', 'None'].map(metricUnitLabel);

    // Assess
    expect(labels).toEqual(['b/s', 'B', 'ms', '%', 'count', '']);
  });
});
