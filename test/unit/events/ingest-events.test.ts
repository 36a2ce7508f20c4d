import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { ingestMessages } from '../../../lambdas/events/ingest';
import { ALERT_TYPE } from '../../../lambdas/medialive/medialive-model';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { pollMetricsFor } from '../../../lambdas/metrics/metrics-poller';
import {
  ACCOUNT,
  CHANNEL_ARN,
  fixture,
  FLOW_ARN,
  MP_CHANNEL_ARN,
  MP_ENDPOINT_ARN,
  NOW,
  OUTPUT_ARN,
  rawMessage,
  REGION,
  SOURCE_ARN,
  storedChild,
  storedFlow,
  testIngest,
} from './event-fixtures';

const cloudWatchMock = mockClient(CloudWatchClient);

const statusEvent = (current: string, previous: string, time: string, id: string) => ({
  ...fixture('mediaconnect-flow-status-change'),
  id,
  time,
  detail: { currentStatus: current, previousStatus: previous },
});

/** A MediaLive Channel State Change of the fixture's channel. */
const channelState = (state: string, time: string, id: string) => ({
  ...fixture('medialive-channel-state-change'),
  id,
  time,
  detail: { ...(fixture('medialive-channel-state-change').detail as object), state },
});

/** A stored resource `#META` item of a service not polled yet (MediaLive, MediaPackage). */
const storedResource = (arn: string, type: string) => ({
  pk: `RES#${arn}`,
  sk: '#META',
  type,
  arn,
  account: ACCOUNT,
  region: REGION,
  observedAt: '2024-05-14T10:00:00.000Z',
  version: Date.parse('2024-05-14T10:00:00Z'),
});

describe('ingestMessages: MediaConnect events', () => {
  it('sets the stored flow’s status from a Flow Status Change, versioned by the event time, and re-polls the flow', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed({
      ...storedFlow(FLOW_ARN, 'STANDBY', Date.parse('2024-05-14T10:00:00Z')),
      polling: { enabled: true, intervalSeconds: 60 },
    });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(fixture('mediaconnect-flow-status-change'))]);

    // Assess
    expect(t.store.item(`RES#${FLOW_ARN}`, '#META')).toMatchObject({
      status: 'STARTING',
      version: Date.parse('2024-05-14T10:15:30Z'),
      statusSource: 'event',
      statusChangedAt: '2024-05-14T10:15:30.000Z',
      polling: { enabled: true, intervalSeconds: 60 },
      treeHash: 't',
    });
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toEqual([
      expect.objectContaining({ kind: 'mediaconnect:flow-status', summary: 'Flow status STANDBY → STARTING' }),
    ]);
    expect(result.repolls).toEqual({
      requested: 1,
      issued: 1,
      coalesced: 0,
      failed: 0,
      skipped: 0,
      foreign: 0,
      trailingScheduled: 0,
    });
  });

  it('leaves a status that a newer poll stored, and still records the event in history', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE', Date.parse('2024-05-14T10:15:31Z')));

    // Act
    await ingestMessages(t.deps, [rawMessage(fixture('mediaconnect-flow-status-change'))]);

    // Assess
    expect(t.store.item(`RES#${FLOW_ARN}`, '#META')).toMatchObject({
      status: 'ACTIVE',
      version: Date.parse('2024-05-14T10:15:31Z'),
    });
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toHaveLength(1);
  });

  it('creates no flow item for a flow the inventory has not stored: history only, and a re-poll to discover it', async () => {
    // Prepare
    const t = testIngest();

    // Act
    await ingestMessages(t.deps, [rawMessage(fixture('mediaconnect-flow-status-change'))]);

    // Assess
    expect(t.store.item(`RES#${FLOW_ARN}`, '#META')).toBeUndefined();
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toHaveLength(1);
    expect(t.repoller.calls).toEqual([FLOW_ARN]);
  });

  it('does not revive a deleted flow’s tombstone', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed({ ...storedFlow(FLOW_ARN, 'DELETED', Date.parse('2024-05-14T10:00:00Z')), tombstone: true });

    // Act
    await ingestMessages(t.deps, [rawMessage(fixture('mediaconnect-flow-status-change'))]);

    // Assess
    expect(t.store.item(`RES#${FLOW_ARN}`, '#META')).toMatchObject({ status: 'DELETED', tombstone: true });
  });

  it('stores source health in the flow’s partition and remembers the source’s flow', async () => {
    // Prepare
    const t = testIngest();

    // Act
    await ingestMessages(t.deps, [rawMessage(fixture('mediaconnect-source-health'))]);

    // Assess
    expect(t.store.item(`RES#${FLOW_ARN}`, `HEALTH#${SOURCE_ARN}#connectivity`)).toMatchObject({
      resourceKind: 'source',
      flowArn: FLOW_ARN,
      health: {
        sourceState: 'DISCONNECTED',
        unhealthy: true,
        tr101Errors: ['continuity_count_error', 'transport_error', 'pcr_error'],
      },
      version: Date.parse('2024-05-14T10:15:30Z'),
      expiresAt: Math.floor(NOW / 1000) + 14 * 86_400,
    });
    expect(t.store.item(`CHILD#${SOURCE_ARN}`, '#PARENT')).toMatchObject({ flowArn: FLOW_ARN });
    expect(t.store.itemsWithPk(`EVENTS#${SOURCE_ARN}`)).toHaveLength(1);
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toHaveLength(1);
  });

  it('keeps the newer of two health events whatever order they arrive in', async () => {
    // Prepare
    const t = testIngest();
    const newer = { ...fixture('mediaconnect-flow-health'), id: 'newer', time: '2024-05-14T10:16:00Z' };
    const older = fixture('mediaconnect-flow-health');
    (older.detail as { current: { source_state: string } }).current.source_state = 'DISCONNECTED';

    // Act
    await ingestMessages(t.deps, [rawMessage(newer)]);
    await ingestMessages(t.deps, [rawMessage(older)]);

    // Assess
    expect(t.store.item(`RES#${FLOW_ARN}`, `HEALTH#${FLOW_ARN}#connectivity`)).toMatchObject({
      health: { sourceState: 'CONNECTED' },
      eventId: 'newer',
    });
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toHaveLength(2);
  });

  it.each([
    [
      'mediaconnect-output-health',
      `HEALTH#${OUTPUT_ARN}#connectivity`,
      { state: 'CONNECTED', previousState: 'DISCONNECTED' },
    ],
    [
      'mediaconnect-output-status-change',
      `HEALTH#${OUTPUT_ARN}#status`,
      { status: 'DISABLED', previousStatus: 'ENABLED' },
    ],
    ['mediaconnect-alert', `HEALTH#${FLOW_ARN}#alert`, { errored: true, errorCode: 'AccessDeniedException' }],
    ['mediaconnect-flow-maintenance', `HEALTH#${FLOW_ARN}#maintenance`, { status: 'FINISHED' }],
    [
      'mediaconnect-flow-content-quality',
      `HEALTH#${FLOW_ARN}#content-quality`,
      { current: expect.objectContaining({ black_frames: true }) },
    ],
  ])('stores %s as %s', async (name, sk, health) => {
    // Prepare
    const t = testIngest();

    // Act
    await ingestMessages(t.deps, [rawMessage(fixture(name))]);

    // Assess
    expect(t.store.item(`RES#${FLOW_ARN}`, sk)).toMatchObject({ health: expect.objectContaining(health) });
    expect(t.repoller.calls).toEqual([FLOW_ARN]);
  });
});

describe('ingestMessages: metrics polling follows the flow status', () => {
  beforeEach(() => {
    cloudWatchMock.reset();
    cloudWatchMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
  });

  it('pauses metrics polling while a flow is STARTING and resumes when it becomes ACTIVE', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(
      storedFlow(FLOW_ARN, 'STANDBY', Date.parse('2024-05-14T10:00:00Z')),
      storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN),
    );
    const metricsDeps = { cloudWatch: new CloudWatchClient({ region: REGION }), store: t.store, clock: t.clock };
    const options = {
      account: ACCOUNT,
      region: REGION,
      metricSet: resolveMetricSet('health'),
      defaultIntervalSeconds: 300,
      historyMinutes: 60,
    };

    // Act
    await ingestMessages(t.deps, [
      rawMessage(statusEvent('STARTING', 'STANDBY', '2024-05-14T10:15:30Z', 'e-starting')),
    ]);
    const whileStarting = await pollMetricsFor(metricsDeps, [FLOW_ARN], options);
    await ingestMessages(t.deps, [rawMessage(statusEvent('ACTIVE', 'STARTING', '2024-05-14T10:16:10Z', 'e-active'))]);
    const whenActive = await pollMetricsFor(metricsDeps, [FLOW_ARN], options);

    // Assess
    expect(whileStarting).toMatchObject({
      polled: 0,
      skipped: { paused: 1 },
      pausedByStatus: { STARTING: 1 },
      calls: 0,
    });
    expect(whenActive).toMatchObject({ polled: 1, calls: 1 });
    expect(cloudWatchMock).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
  });
});

describe('ingestMessages: MediaLive and MediaPackage events', () => {
  it('sets the stored channel’s status, stateChangedAt, stateSource and pipelinesRunningCount, and re-polls the channel', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed({ ...storedResource(CHANNEL_ARN, 'medialive:channel'), status: 'STARTING', stateSource: 'poll' });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(fixture('medialive-channel-state-change'))]);

    // Assess
    expect(t.store.item(`RES#${CHANNEL_ARN}`, '#META')).toMatchObject({
      status: 'RUNNING',
      stateChangedAt: '2024-05-14T10:20:00.000Z',
      stateSource: 'event',
      pipelinesRunningCount: 2,
      version: Date.parse('2024-05-14T10:20:00Z'),
    });
    expect(t.store.item(`RES#${CHANNEL_ARN}`, '#META')).not.toHaveProperty('state');
    expect(result.outcomes[0]).toMatchObject({ kind: 'medialive:channel-state', repollArns: [CHANNEL_ARN] });
    expect(t.repoller.calls).toEqual([CHANNEL_ARN]);
  });

  it('re-polls a channel once for two state changes within the window', async () => {
    // Prepare
    const t = testIngest({ repollWindowSeconds: 10 });
    t.store.seed(storedResource(CHANNEL_ARN, 'medialive:channel'));
    const starting = channelState('STARTING', '2024-05-14T10:20:00Z', 'state-1');
    const running = channelState('RUNNING', '2024-05-14T10:20:04Z', 'state-2');

    // Act
    const first = await ingestMessages(t.deps, [rawMessage(starting)]);
    t.clock.advance(4_000);
    const second = await ingestMessages(t.deps, [rawMessage(running)]);

    // Assess
    expect(t.repoller.calls).toEqual([CHANNEL_ARN]);
    expect(first.repolls).toMatchObject({ issued: 1, coalesced: 0 });
    expect(second.repolls).toMatchObject({ issued: 0, coalesced: 1, trailingScheduled: 1 });
    expect(t.trailing.sent).toEqual([{ request: { arn: CHANNEL_ARN, windowStart: NOW }, delaySeconds: 7 }]);
    expect(t.store.item(`RES#${CHANNEL_ARN}`, '#META')).toMatchObject({ status: 'RUNNING' });
  });

  it('records a channel state change older than the stored poll in history only', async () => {
    // Prepare
    const t = testIngest();
    const polledAt = Date.parse('2024-05-14T10:20:01Z');
    t.store.seed({
      ...storedResource(CHANNEL_ARN, 'medialive:channel'),
      status: 'IDLE',
      stateSource: 'poll',
      version: polledAt,
    });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(fixture('medialive-channel-state-change'))]);

    // Assess
    expect(t.store.item(`RES#${CHANNEL_ARN}`, '#META')).toMatchObject({
      status: 'IDLE',
      stateSource: 'poll',
      version: polledAt,
    });
    expect(t.store.itemsWithPk(`EVENTS#${CHANNEL_ARN}`)).toEqual([
      expect.objectContaining({ kind: 'medialive:channel-state', summary: 'Channel RUNNING: Running channel' }),
    ]);
    expect(result.outcomes[0]).toMatchObject({ result: 'applied' });
  });

  it('applies a state change that names a moto channel ARN (no region or account)', async () => {
    // Prepare
    const t = testIngest();
    const motoArn = 'arn:aws:medialive:channel:9f3c2a1b0e5d4c6b8a7f1e2d3c4b5a69';
    t.store.seed(storedResource(motoArn, 'medialive:channel'));
    const event = {
      ...channelState('RUNNING', '2024-05-14T10:20:00Z', 'moto-1'),
      resources: [motoArn],
      detail: { channel_arn: motoArn, state: 'RUNNING', pipelines_running_count: 1 },
    };

    // Act
    await ingestMessages(t.deps, [rawMessage(event)]);

    // Assess
    expect(t.store.item(`RES#${motoArn}`, '#META')).toMatchObject({ status: 'RUNNING', pipelinesRunningCount: 1 });
    expect(t.repoller.calls).toEqual([motoArn]);
  });

  it('records a channel the pollers have not stored in history only', async () => {
    // Prepare
    const t = testIngest();

    // Act
    const result = await ingestMessages(t.deps, [
      rawMessage(fixture('medialive-channel-state-change')),
      rawMessage(fixture('medialive-channel-alert-set')),
    ]);

    // Assess
    expect(result.outcomes.map((o) => o.result)).toEqual(['applied', 'applied']);
    expect(t.store.itemsWithPk(`RES#${CHANNEL_ARN}`)).toEqual([]);
    expect(t.store.itemsWithPk(`EVENTS#${CHANNEL_ARN}`)).toHaveLength(2);
  });

  it('pairs a set and a cleared alert on alarm_id, and a late SET does not reopen it', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(storedResource(CHANNEL_ARN, 'medialive:channel'));
    const alertSk = 'ALERT#7ad616bd389f6cd3fb40b3f1e4a5f7c2b6e2cd0a';

    // Act
    await ingestMessages(t.deps, [rawMessage(fixture('medialive-channel-alert-set'))]);
    const whileSet = t.store.item(`RES#${CHANNEL_ARN}`, alertSk);
    await ingestMessages(t.deps, [rawMessage(fixture('medialive-channel-alert-cleared'))]);
    await ingestMessages(t.deps, [
      rawMessage({ ...fixture('medialive-channel-alert-set'), id: 'late-redelivery-of-set' }),
    ]);

    // Assess
    expect(whileSet).toMatchObject({
      type: ALERT_TYPE,
      channelArn: CHANNEL_ARN,
      alarmId: '7ad616bd389f6cd3fb40b3f1e4a5f7c2b6e2cd0a',
      source: 'event',
      state: 'SET',
      setAt: '2024-05-14T10:20:00.000Z',
      alertType: 'Failed to Create Output File or Socket',
      pipeline: '0',
    });
    expect(whileSet).not.toHaveProperty('expiresAt');
    expect(t.store.item(`RES#${CHANNEL_ARN}`, alertSk)).toMatchObject({
      state: 'CLEARED',
      setAt: '2024-05-14T10:20:00.000Z',
      clearedAt: '2024-05-14T10:25:00.000Z',
      expiresAt: Math.floor(NOW / 1000) + 14 * 86_400,
    });
  });

  it('records the active input of a channel input change', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(storedResource(CHANNEL_ARN, 'medialive:channel'));

    // Act
    await ingestMessages(t.deps, [rawMessage(fixture('medialive-channel-input-change'))]);

    // Assess
    expect(t.store.item(`RES#${CHANNEL_ARN}`, '#META')).toMatchObject({
      activeInput: {
        pipeline: '0',
        attachmentName: 'backup-input',
        switchActionName: 'failover-to-backup',
        at: '2024-05-14T10:20:00.000Z',
      },
    });
    expect(t.store.item(`RES#${CHANNEL_ARN}`, '#META')?.activeInput).not.toHaveProperty('message');
    expect(t.store.itemsWithPk(`EVENTS#${CHANNEL_ARN}`)).toEqual([
      expect.objectContaining({ detail: { activeInput: expect.objectContaining({ message: 'Input switched' }) } }),
    ]);
  });

  it('stores a MediaPackage input error on the channel and a key-provider error on the endpoint', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(
      storedResource(MP_CHANNEL_ARN, 'mediapackage:channel'),
      storedResource(MP_ENDPOINT_ARN, 'mediapackage:origin-endpoint'),
    );

    // Act
    await ingestMessages(t.deps, [
      rawMessage(fixture('mediapackage-input-notification')),
      rawMessage(fixture('mediapackage-key-provider-notification')),
    ]);

    // Assess
    expect(t.store.item(`RES#${MP_CHANNEL_ARN}`, '#META')).toMatchObject({
      inputError: { event: 'MaxIngestStreamsError', at: '2024-05-14T10:15:30.000Z' },
      inputNotification: { event: 'MaxIngestStreamsError' },
    });
    expect(t.store.item(`RES#${MP_ENDPOINT_ARN}`, '#META')).toMatchObject({
      keyProviderError: { event: 'KeyProviderError' },
    });
  });

  it('records a harvest job in its history only', async () => {
    // Prepare
    const t = testIngest();
    const jobArn = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:harvest_jobs/harvest-20240514`;

    // Act
    await ingestMessages(t.deps, [rawMessage(fixture('mediapackage-harvest-job-notification'))]);

    // Assess
    expect(t.store.itemsWithPk(`EVENTS#${jobArn}`)).toEqual([
      expect.objectContaining({
        kind: 'mediapackage:harvest-job',
        summary: 'Harvest job harvest-20240514 FAILED: Unable to write to the S3 bucket.',
      }),
    ]);
    expect(t.store.itemsWithPk('RES#')).toEqual([]);
  });
});
