/**
 * How the dashboard writes numbers, rates, sizes, durations and times. Pure: no DOM, no Preact (unit-tested under the
 * root tsconfig). Every formatter answers `—` for a missing or non-finite value, so a cell never shows `NaN`.
 *
 * Numbers use a fixed `en-US` grouping (`1,234.5`) so that screenshots, tests and operators in different locales read
 * the same figures; times are the browser's local time on a 24-hour clock, as an operations desk reads them.
 */

/** What a formatter shows for a value it does not have. */
export const MISSING = '—';

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `1,234`, `12.35`: grouped, at most `maxFractionDigits` decimals (2), trailing zeros dropped. */
export function formatNumber(value: number | undefined | null, maxFractionDigits = 2): string {
  if (!isNumber(value)) return MISSING;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: maxFractionDigits }).format(value);
}

/** Three significant digits at most: `1.23`, `12.3`, `123`. */
function threeDigits(value: number): string {
  const magnitude = Math.abs(value);
  const decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return formatNumber(Number(value.toFixed(decimals)), decimals);
}

/** Scales by powers of 1000 through `prefixes` and appends `suffix`: `scaled(12_300_000, ['', 'k', 'M'], 'b/s')`. */
function scaled(value: number, prefixes: readonly string[], suffix: string): string {
  let index = 0;
  let scaledValue = value;
  while (Math.abs(scaledValue) >= 999.5 && index < prefixes.length - 1) {
    scaledValue /= 1000;
    index++;
  }
  return `${threeDigits(scaledValue)} ${prefixes[index] ?? ''}${suffix}`;
}

const DECIMAL_PREFIXES = ['', 'k', 'M', 'G', 'T'] as const;

/** A bitrate in SI units: `850 b/s`, `12.3 Mb/s`, `1.5 Gb/s`. */
export function formatBitrate(bitsPerSecond: number | undefined | null): string {
  if (!isNumber(bitsPerSecond)) return MISSING;
  return scaled(bitsPerSecond, DECIMAL_PREFIXES, 'b/s');
}

/** A size in SI units: `512 B`, `1.5 MB`. */
export function formatBytes(bytes: number | undefined | null): string {
  if (!isNumber(bytes)) return MISSING;
  return scaled(bytes, DECIMAL_PREFIXES, 'B');
}

/** A value already in percent points (CloudWatch's `Percent` unit, 0–100): `12.5%`. */
export function formatPercent(percent: number | undefined | null, maxFractionDigits = 1): string {
  if (!isNumber(percent)) return MISSING;
  return `${formatNumber(percent, maxFractionDigits)}%`;
}

/** A duration: `0.25 ms`, `850 ms`, `4.2 s`, `3 min 12 s`, `2 h 5 min`, `3 d 4 h`. */
export function formatDuration(ms: number | undefined | null): string {
  if (!isNumber(ms)) return MISSING;
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${threeDigits(abs)} ms`;
  if (abs < 60_000) return `${sign}${threeDigits(abs / 1000)} s`;
  const totalSeconds = Math.round(abs / 1000);
  if (totalSeconds < 3600) return `${sign}${pair(Math.floor(totalSeconds / 60), 'min', totalSeconds % 60, 's')}`;
  const totalMinutes = Math.round(totalSeconds / 60);
  if (totalMinutes < 24 * 60) return `${sign}${pair(Math.floor(totalMinutes / 60), 'h', totalMinutes % 60, 'min')}`;
  const totalHours = Math.round(totalMinutes / 60);
  return `${sign}${pair(Math.floor(totalHours / 24), 'd', totalHours % 24, 'h')}`;
}

function pair(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

/**
 * How long ago `iso` was at `nowMs`: `42 s ago`, `3 min ago`, `5 h ago`, `2 d ago`; `in 3 min` for a time ahead of
 * the clock by more than a few seconds (a skewed clock up to 5 s reads `0 s ago`).
 */
export function formatAge(iso: string | undefined | null, nowMs: number): string {
  const at = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(at)) return MISSING;
  const deltaSeconds = Math.round((nowMs - at) / 1000);
  if (deltaSeconds < -5) return `in ${coarse(-deltaSeconds)}`;
  return `${coarse(Math.max(0, deltaSeconds))} ago`;
}

function coarse(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

/**
 * A moment in local time on a 24-hour clock: `14:03:07` when it is today at `nowMs`, `2026-11-30 14:03:07` otherwise.
 * `timeZone` (an IANA name) overrides the browser's zone, for tests.
 */
export function formatTime(iso: string | undefined | null, nowMs: number = Date.now(), timeZone?: string): string {
  const at = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(at)) return MISSING;
  const moment = localParts(at, timeZone);
  const time = `${moment.hour}:${moment.minute}:${moment.second}`;
  const today = localParts(nowMs, timeZone);
  return moment.date === today.date ? time : `${moment.date} ${time}`;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function localParts(ms: number, timeZone: string | undefined): Record<'date' | 'hour' | 'minute' | 'second', string> {
  const key = timeZone ?? '';
  let formatter = partFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    partFormatters.set(key, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(ms)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: parts.hour ?? '00',
    minute: parts.minute ?? '00',
    second: parts.second ?? '00',
  };
}

/** CloudWatch's `StandardUnit`s, as the metrics routes return them. */
export type MetricUnit = string;

type UnitRule = { kind: 'bits' | 'bytes'; factor: number; perSecond: boolean } | { kind: 'other' };

const BIT_UNITS: Record<string, number> = { Bits: 1, Kilobits: 1e3, Megabits: 1e6, Gigabits: 1e9, Terabits: 1e12 };
const BYTE_UNITS: Record<string, number> = {
  Bytes: 1,
  Kilobytes: 1e3,
  Megabytes: 1e6,
  Gigabytes: 1e9,
  Terabytes: 1e12,
};

function unitRule(unit: string): UnitRule {
  const [base = '', per] = unit.split('/');
  const perSecond = per === 'Second';
  if (per !== undefined && !perSecond) return { kind: 'other' };
  if (base in BIT_UNITS) return { kind: 'bits', factor: BIT_UNITS[base] as number, perSecond };
  if (base in BYTE_UNITS) return { kind: 'bytes', factor: BYTE_UNITS[base] as number, perSecond };
  return { kind: 'other' };
}

/**
 * A metric value in its CloudWatch unit, scaled for reading: `Bits/Second` → `12.3 Mb/s`, `Bytes` → `1.5 MB`,
 * `Count` → `1,234`, `Count/Second` → `12.5/s`, `Milliseconds` → `850 ms`, `Microseconds` → `0.25 ms`,
 * `Seconds` → `3 min 12 s`, `Percent` → `12.5%`, `None` (or absent) → the number.
 */
export function formatMetricValue(value: number | undefined | null, unit: MetricUnit | undefined): string {
  if (!isNumber(value)) return MISSING;
  switch (unit) {
    case 'Percent':
      return formatPercent(value);
    case 'Seconds':
      return formatDuration(value * 1000);
    case 'Milliseconds':
      return formatDuration(value);
    case 'Microseconds':
      return formatDuration(value / 1000);
    case 'Count':
      return formatNumber(value);
    case 'Count/Second':
      return `${formatNumber(value)}/s`;
    case undefined:
    case 'None':
      return formatNumber(value);
  }
  const rule = unitRule(unit);
  if (rule.kind === 'bits')
    return rule.perSecond ? formatBitrate(value * rule.factor) : scaled(value * rule.factor, DECIMAL_PREFIXES, 'b');
  if (rule.kind === 'bytes')
    return rule.perSecond ? scaled(value * rule.factor, DECIMAL_PREFIXES, 'B/s') : formatBytes(value * rule.factor);
  return `${formatNumber(value)} ${unit}`;
}

/** The short unit an axis shows beside `formatMetricValue`'s numbers: `b/s`, `B`, `ms`, `%`, `count`; `` for None. */
export function metricUnitLabel(unit: MetricUnit | undefined): string {
  switch (unit) {
    case 'Percent':
      return '%';
    case 'Seconds':
      return 's';
    case 'Milliseconds':
      return 'ms';
    case 'Microseconds':
      return 'µs';
    case 'Count':
      return 'count';
    case 'Count/Second':
      return 'count/s';
    case undefined:
    case 'None':
      return '';
  }
  const rule = unitRule(unit);
  if (rule.kind === 'bits') return rule.perSecond ? 'b/s' : 'b';
  if (rule.kind === 'bytes') return rule.perSecond ? 'B/s' : 'B';
  return unit;
}
