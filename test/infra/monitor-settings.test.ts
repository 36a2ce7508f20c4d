import { App, Stack } from 'aws-cdk-lib';
import { monitorEnvironment, quotaEnvironment, resolveMonitorSettings } from '../../lib/monitor-settings';
import { monitoredService } from '../../lib/services/registry';

describe('resolveMonitorSettings', () => {
  it('gives every registered service its own quota, each divided between the same instances', () => {
    // Act
    const settings = resolveMonitorSettings({
      quotas: { medialive: { rps: 4, shares: { inventory: 2, ingest: 1.5, api: 0.5 } } },
      concurrency: { api: 2 },
    });

    // Assess
    expect(settings.quotas).toEqual({
      mediaconnect: {
        rps: 5,
        burst: 30,
        margin: 0.9,
        shares: { inventory: 3, ingest: 1.5, api: 0.5 },
        concurrency: { ingest: 2, api: 2 },
      },
      medialive: {
        rps: 4,
        burst: 30,
        margin: 0.9,
        shares: { inventory: 2, ingest: 1.5, api: 0.5 },
        concurrency: { ingest: 2, api: 2 },
      },
      mediapackage: {
        rps: 5,
        burst: 30,
        margin: 0.9,
        shares: { inventory: 3, ingest: 1.5, api: 0.5 },
        concurrency: { ingest: 2, api: 2 },
      },
      mediapackagev2: {
        rps: 5,
        burst: 30,
        margin: 0.9,
        shares: { inventory: 3, ingest: 1.5, api: 0.5 },
        concurrency: { ingest: 2, api: 2 },
      },
    });
    expect(settings.concurrency).toEqual({ ingest: 2, api: 2 });
  });

  it('accepts its own result again, as a construct passes resolved settings on to its children', () => {
    // Prepare
    const resolved = resolveMonitorSettings({ concurrency: { ingest: 4 } });

    // Act
    const again = resolveMonitorSettings(resolved);

    // Assess
    expect(again).toEqual(resolved);
  });

  it.each<[string, Parameters<typeof resolveMonitorSettings>[0], string]>([
    [
      'a quota of an unknown service',
      { quotas: { mediatailor: {} } },
      'MonitorSettings.quotas: unknown service mediatailor',
    ],
    [
      'shares above the service rate',
      { quotas: { medialive: { rps: 2 } } },
      "MonitorSettings.quotas.medialive: Invalid MediaLive quota: shares: shares add up to 5 req/s, more than the account's 2",
    ],
    [
      'concurrency inside a service quota',
      { quotas: { mediaconnect: { concurrency: { api: 1 } } as never } },
      'MonitorSettings.quotas.mediaconnect: set concurrency once, in MonitorSettings.concurrency',
    ],
  ])('rejects %s', (_case, settings, message) => {
    // Act
    const resolve = () => resolveMonitorSettings(settings);

    // Assess
    expect(resolve).toThrow(message);
  });
});

describe('quotaEnvironment', () => {
  it('names each service quota variable only for the services a function calls', () => {
    // Prepare
    const settings = resolveMonitorSettings({});

    // Act
    const mediaLiveOnly = quotaEnvironment(settings, [monitoredService('medialive')]);
    const every = quotaEnvironment(settings);
    const common = monitorEnvironment(new Stack(new App(), 'EnvTest', { env: { account: '123456789012' } }), settings);

    // Assess
    expect(Object.keys(mediaLiveOnly)).toEqual(['MEDIALIVE_QUOTA']);
    expect(JSON.parse(mediaLiveOnly.MEDIALIVE_QUOTA!)).toEqual(settings.quotas.medialive);
    expect(Object.keys(every)).toEqual([
      'MEDIACONNECT_QUOTA',
      'MEDIALIVE_QUOTA',
      'MEDIAPACKAGE_QUOTA',
      'MEDIAPACKAGEV2_QUOTA',
    ]);
    expect(Object.keys(common).filter((name) => name.endsWith('_QUOTA'))).toEqual([]);
  });
});
