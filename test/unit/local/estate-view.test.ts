import { readEstateView } from '../../../bin/local/estate-reader';
import { flowView, pollerView } from '../../../bin/local/estate-view';
import type { QueryPageOptions } from '../../../lambdas/store/state-store';
import { encodeSeriesByMetric } from '../../../lambdas/metrics/metric-series';

const FLOW = 'arn:aws:mediaconnect:eu-west-1:123456789012:flow:1-abc:News';
const MAIN = 'arn:aws:mediaconnect:eu-west-1:123456789012:source:1-abc:Main';
const BACKUP = 'arn:aws:mediaconnect:eu-west-1:123456789012:source:1-abc:Backup';
const OUT = 'arn:aws:mediaconnect:eu-west-1:123456789012:output:2-def:CDN';
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const nowS = NOW / 1000;

function partition(overrides: Record<string, unknown> = {}) {
  return [
    {
      pk: `RES#${FLOW}`,
      sk: '#META',
      arn: FLOW,
      name: 'News',
      status: 'ACTIVE',
      availabilityZone: 'eu-west-1a',
      sourceFailoverConfig: { failoverMode: 'FAILOVER', sourcePriority: { primarySource: 'Main' } },
      ...overrides,
    },
    { pk: `RES#${FLOW}`, sk: `SOURCE#${BACKUP}`, arn: BACKUP, name: 'Backup', transport: { protocol: 'srt-listener' } },
    {
      pk: `RES#${FLOW}`,
      sk: `SOURCE#${MAIN}`,
      arn: MAIN,
      name: 'Main',
      protocol: 'zixi-push',
      decryption: { keyType: 'static-key', algorithm: 'aes256', roleArn: 'r' },
    },
    { pk: `RES#${FLOW}`, sk: `OUTPUT#${OUT}`, arn: OUT, name: 'CDN', transport: { protocol: 'srt-caller' } },
    {
      pk: `RES#${FLOW}`,
      sk: 'ENTITLEMENT#arn:e',
      name: 'Partner',
      subscribers: ['444455556666'],
      status: 'DISABLED',
      encryption: { keyType: 'speke', roleArn: 'r' },
    },
    {
      pk: `RES#${FLOW}`,
      sk: `METRICS#SOURCE#${MAIN}`,
      series: encodeSeriesByMetric({
        SourceBitRate: { t: [nowS - 120, nowS - 60], v: [11e6, 12e6] },
        SourceNotRecoveredPackets: { t: [nowS - 1200, nowS - 120, nowS - 60], v: [500, 3, 4] },
        SourceContinuityCounter: { t: [nowS - 60], v: [0] },
      }),
      latest: { SourceBitRate: { t: nowS - 60, v: 12e6 }, SourceConnected: { t: nowS - 60, v: 1 } },
    },
    {
      pk: `RES#${FLOW}`,
      sk: `METRICS#OUTPUT#${OUT}`,
      series: {},
      latest: { OutputConnected: { t: nowS - 60, v: 0 }, OutputBitrate: { t: nowS - 60, v: 0 } },
    },
    { pk: `RES#${FLOW}`, sk: `METRICS#FLOW#${FLOW}`, lastPolledAt: '2026-11-25T11:59:30.000Z' },
    { pk: `RES#${FLOW}`, sk: 'ALARM#cleared', name: 'cleared', state: 'OK' },
    {
      pk: `RES#${FLOW}`,
      sk: 'ALARM#active',
      name: 'active',
      state: 'ALARM',
      since: '2026-11-25T11:58:00.000Z',
      resourceArn: MAIN,
      metricName: 'SourceConnected',
    },
  ];
}

describe('estate view of a flow partition', () => {
  it('maps the flow, its children, their latest metrics and the active alarms', () => {
    // Act
    const view = flowView(partition(), NOW);

    // Assess
    expect(view).toMatchObject({
      arn: FLOW,
      name: 'News',
      status: 'ACTIVE',
      availabilityZone: 'eu-west-1a',
      failoverMode: 'FAILOVER',
      metricsPolledAt: '2026-11-25T11:59:30.000Z',
    });
    expect(view?.sources.map((s) => s.name)).toEqual(['Main', 'Backup']);
    expect(view?.sources[0]).toMatchObject({
      protocol: 'zixi-push',
      connected: true,
      bitrate: 12e6,
      notRecovered: 7,
      continuityErrors: 0,
      encryption: 'static-key aes256',
    });
    expect(view?.sources[0]?.bitrateHistory).toEqual({ t: [nowS - 120, nowS - 60], v: [11e6, 12e6] });
    expect(view?.sources[1]).toMatchObject({ name: 'Backup', protocol: 'srt-listener' });
    expect(view?.sources[1]?.bitrate).toBeUndefined();
    expect(view?.outputs).toEqual([
      expect.objectContaining({ name: 'CDN', protocol: 'srt-caller', connected: false, bitrate: 0 }),
    ]);
    expect(view?.entitlements).toEqual([
      { arn: 'arn:e', name: 'Partner', subscribers: ['444455556666'], status: 'DISABLED', encryption: 'speke' },
    ]);
    expect(view?.alarms).toEqual([
      {
        name: 'active',
        state: 'ALARM',
        flowName: 'News',
        since: '2026-11-25T11:58:00.000Z',
        metric: 'SourceConnected',
        resourceArn: MAIN,
      },
    ]);
  });

  it('leaves a tombstoned flow out', () => {
    // Act / Assess
    expect(flowView(partition({ tombstone: true }), NOW)).toBeUndefined();
  });

  it('leaves out a partition without its META item', () => {
    // Act / Assess
    expect(flowView(partition().slice(1), NOW)).toBeUndefined();
  });

  it('shows no failover mode for a single-source flow', () => {
    // Prepare
    const items = partition().filter((i) => i.sk !== `SOURCE#${BACKUP}`);

    // Act / Assess
    expect(flowView(items, NOW)?.failoverMode).toBeUndefined();
  });
});

describe('poller status view', () => {
  it('reads when the last cycle started, how long it took and what it did', () => {
    // Act
    const view = pollerView({
      pk: 'POLLER#mediaconnect-metrics#123456789012#eu-west-1',
      poller: 'mediaconnect-metrics',
      lastCycle: {
        startedAt: '2026-11-25T11:59:00.000Z',
        durationMs: 840,
        flowsPolled: 9,
        datapointsNew: 120,
        errors: ['one'],
      },
    });

    // Assess
    expect(view).toEqual({
      name: 'mediaconnect-metrics',
      lastStartedAt: Date.parse('2026-11-25T11:59:00.000Z'),
      durationMs: 840,
      summary: '9 polled, 120 new points',
      errors: 1,
    });
  });
});

describe('estate reader', () => {
  it('leaves the tombstones of removed children out of the view', async () => {
    // Prepare: the CDN output was removed; the inventory left a tombstone in its place.
    const items = partition().filter((i) => !i.sk.startsWith('OUTPUT#'));
    const tombstone = { pk: `RES#${FLOW}`, sk: `OUTPUT#${OUT}`, version: 2, tombstone: true, expiresAt: 1 };
    const store = {
      queryAll: async <T>(options: Omit<QueryPageOptions, 'startKey' | 'limit'>): Promise<T[]> =>
        (options.index ? (options.pk.startsWith('LIST#') ? [{ arn: FLOW }] : []) : [...items, tombstone]) as T[],
    };

    // Act
    const view = await readEstateView(store, { account: '123456789012', region: 'eu-west-1' }, NOW);

    // Assess
    expect(view.flows).toHaveLength(1);
    expect(view.flows[0]?.outputs).toEqual([]);
  });
});
