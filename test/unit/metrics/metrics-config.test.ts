import { metricsSettingsFromEnv } from '../../../lambdas/metrics/metrics-config';
import { ConfigError } from '../../../lambdas/shared/env';

describe('metricsSettingsFromEnv', () => {
  it('defaults to the health set, a 300-second interval and 60 minutes of history', () => {
    // Act
    const settings = metricsSettingsFromEnv({});

    // Assess
    expect(settings.metricSet.name).toBe('health');
    expect(settings.defaultIntervalSeconds).toBe(300);
    expect(settings.historyMinutes).toBe(60);
  });

  it('reads the full set, a custom interval and history', () => {
    // Act
    const settings = metricsSettingsFromEnv({
      METRIC_SET: 'full',
      DEFAULT_METRICS_INTERVAL_SECONDS: '60',
      METRICS_HISTORY_MINUTES: '120',
    });

    // Assess
    // MediaConnect 87 + MediaLive 21 + MediaPackage v1 15 (8 per channel, 7 per origin endpoint) + MediaPackage v2 9
    expect(settings.metricSet.metrics).toHaveLength(87 + 21 + 15 + 9);
    expect(settings).toMatchObject({ defaultIntervalSeconds: 60, historyMinutes: 120 });
  });

  it('rejects an interval under a minute, too long a history and an unknown metric', () => {
    // Act / Assess
    expect(() => metricsSettingsFromEnv({ DEFAULT_METRICS_INTERVAL_SECONDS: '30' })).toThrow(ConfigError);
    expect(() => metricsSettingsFromEnv({ METRICS_HISTORY_MINUTES: '1440' })).toThrow(/historyMinutes/);
    expect(() => metricsSettingsFromEnv({ DEFAULT_METRICS_INTERVAL_SECONDS: 'soon' })).toThrow(ConfigError);
    expect(() => metricsSettingsFromEnv({ METRIC_SET: 'Bogus' })).toThrow(ConfigError);
  });
});
