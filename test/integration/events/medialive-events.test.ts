/**
 * MediaLive events against dynalite: the appliers' conditional writes interleaved with the poller's, through the real
 * StateStore and the ingest loop, with a re-poller that records what it was asked.
 */
import { randomUUID } from 'node:crypto';
import { RawRing } from '../../../lambdas/events/event-history';
import type { RawMessage } from '../../../lambdas/events/event-model';
import { FlowResolver } from '../../../lambdas/events/flow-resolver';
import { IngestDeps, ingestMessages, Repoller } from '../../../lambdas/events/ingest';
import { DEFAULT_INGEST_SETTINGS } from '../../../lambdas/events/ingest-config';
import { CountingMetrics } from '../../../lambdas/events/ingest-metrics';
import { RepollWindows } from '../../../lambdas/events/repoll-coalescer';
import {
  ALERT_TYPE,
  type AlertRecord,
  CHANNEL_TYPE,
  type ChannelRecord,
} from '../../../lambdas/medialive/medialive-model';
import { systemClock } from '../../../lambdas/shared/clock';
import { eventsPk, listPk, listSk, META_SK, resourcePk } from '../../../lambdas/store/keys';
import { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore } from '../emulator-env';

const ACCOUNT = '111122223333';
const REGION = 'us-west-2';

/** The channel as the poller stores it, observed at `polledAt`. */
function polledChannel(arn: string, status: string, polledAt: number): ChannelRecord {
  return {
    pk: resourcePk(arn),
    sk: META_SK,
    type: CHANNEL_TYPE,
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(polledAt).toISOString(),
    version: polledAt,
    gsi1pk: listPk('medialive:channel', ACCOUNT, REGION),
    gsi1sk: listSk('news', arn),
    arn,
    id: arn.split(':').pop() as string,
    name: 'news',
    status,
    stateSource: 'poll',
    channelClass: 'STANDARD',
    pipelinesRunningCount: status === 'RUNNING' ? 2 : 0,
    hash: 'h',
    treeHash: 't',
    lastPolledAt: new Date(polledAt).toISOString(),
  };
}

/** A channel alert as the poller's ListAlerts reconciliation stores it. */
function polledAlert(channelArn: string, alarmId: string, polledAt: number): AlertRecord {
  return {
    pk: resourcePk(channelArn),
    sk: `ALERT#${alarmId}`,
    type: ALERT_TYPE,
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(polledAt).toISOString(),
    version: polledAt,
    channelArn,
    alarmId,
    state: 'CLEARED',
    clearedAt: new Date(polledAt).toISOString(),
    source: 'poll',
  };
}

function eventMessage(detailType: string, channelArn: string, time: number, detail: Record<string, unknown>) {
  const body = {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.medialive',
    account: ACCOUNT,
    time: new Date(time).toISOString(),
    region: REGION,
    resources: [channelArn],
    detail: { channel_arn: channelArn, ...detail },
  };
  return { id: randomUUID(), body: JSON.stringify(body), receivedAt: Date.now(), origin: 'eventbridge' } as RawMessage;
}

const stateChange = (channelArn: string, time: number, state: string) =>
  eventMessage('MediaLive Channel State Change', channelArn, time, {
    state,
    pipelines_running_count: state === 'RUNNING' ? 2 : 0,
  });

describe('MediaLive events against dynalite', () => {
  let store: StateStore;
  let deps: IngestDeps;
  const repolls: string[] = [];

  beforeAll(async () => {
    ({ store } = await createTestStore('medialive-events'));
    const repoller: Repoller = {
      covers: () => true,
      async repoll(arn) {
        repolls.push(arn);
      },
    };
    deps = {
      store,
      clock: systemClock,
      repoller,
      metrics: new CountingMetrics(),
      settings: { ...DEFAULT_INGEST_SETTINGS, repollWindowSeconds: 10 },
      resolver: new FlowResolver(store, systemClock),
      rawRing: new RawRing(),
      repollWindows: new RepollWindows(),
    };
  });

  it('keeps the poll’s status when an older state change arrives after it: the event lands in history only', async () => {
    // Prepare: the event happened at t1; the poll read the channel at t2 and wrote first.
    const channelArn = `arn:aws:medialive:${REGION}:${ACCOUNT}:channel:${Math.floor(Math.random() * 1e7)}`;
    const t1 = Date.now() - 60_000;
    const t2 = t1 + 5_000;
    expect(await store.putIfNewer({ ...polledChannel(channelArn, 'RUNNING', t2) })).toBe(true);

    // Act
    const result = await ingestMessages(deps, [stateChange(channelArn, t1, 'STARTING')]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'medialive:channel-state' });
    expect(await store.get({ pk: resourcePk(channelArn), sk: META_SK })).toMatchObject({
      status: 'RUNNING',
      stateSource: 'poll',
      version: t2,
      pipelinesRunningCount: 2,
    });
    expect(await store.queryAll({ pk: eventsPk(channelArn) })).toEqual([
      expect.objectContaining({ kind: 'medialive:channel-state', summary: 'Channel STARTING' }),
    ]);
    expect(repolls).toContain(channelArn);
  });

  it('applies a newer state change over the poll, and the next poll over the event', async () => {
    // Prepare
    const channelArn = `arn:aws:medialive:${REGION}:${ACCOUNT}:channel:${Math.floor(Math.random() * 1e7)}`;
    const t2 = Date.now() - 60_000;
    const t3 = t2 + 5_000;
    const t4 = t3 + 5_000;
    await store.putIfNewer({ ...polledChannel(channelArn, 'RUNNING', t2) });
    const key = { pk: resourcePk(channelArn), sk: META_SK };

    // Act
    await ingestMessages(deps, [stateChange(channelArn, t3, 'STOPPING')]);
    const afterEvent = await store.get<ChannelRecord>(key);
    const nextPollLanded = await store.putIfNewer({ ...polledChannel(channelArn, 'IDLE', t4) });
    await ingestMessages(deps, [stateChange(channelArn, t3 + 1_000, 'STOPPING')]);

    // Assess
    expect(afterEvent).toMatchObject({
      status: 'STOPPING',
      stateSource: 'event',
      stateChangedAt: new Date(t3).toISOString(),
      pipelinesRunningCount: 0,
      version: t3,
      // The poller's own fields stay as the poll wrote them.
      channelClass: 'STANDARD',
      name: 'news',
    });
    expect(nextPollLanded).toBe(true);
    expect(await store.get(key)).toMatchObject({ status: 'IDLE', stateSource: 'poll', version: t4 });
  });

  it('leaves an alert the poll cleared at t2 cleared when the SET event of t1 arrives after it', async () => {
    // Prepare
    const channelArn = `arn:aws:medialive:${REGION}:${ACCOUNT}:channel:${Math.floor(Math.random() * 1e7)}`;
    const t1 = Date.now() - 60_000;
    const t2 = t1 + 5_000;
    await store.putIfNewer({ ...polledChannel(channelArn, 'RUNNING', t2) });
    await store.putIfNewer({ ...polledAlert(channelArn, 'alert-1', t2) });
    const setEvent = eventMessage('MediaLive Channel Alert', channelArn, t1, {
      alarm_state: 'SET',
      alarm_id: 'alert-1',
      alert_type: 'Video Not Detected',
      pipeline: '1',
    });

    // Act
    await ingestMessages(deps, [setEvent]);

    // Assess
    expect(await store.get({ pk: resourcePk(channelArn), sk: 'ALERT#alert-1' })).toMatchObject({
      state: 'CLEARED',
      source: 'poll',
      version: t2,
    });
    expect(await store.queryAll({ pk: eventsPk(channelArn) })).toHaveLength(1);
  });
});
