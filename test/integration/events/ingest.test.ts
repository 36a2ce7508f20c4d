/**
 * The real-time path over the real wire: moto_server (MediaConnect, CloudWatch) and dynalite, with the real inventory
 * and metrics re-polls. Region: sa-east-1 (this file's own; moto partitions state by region).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  CreateFlowCommand,
  DescribeFlowCommand,
  Flow,
  MediaConnectClient,
  StartFlowCommand,
  StopFlowCommand,
} from '@aws-sdk/client-mediaconnect';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { entryMessages } from '../../../lambdas/events/entry-forms';
import { RawRing } from '../../../lambdas/events/event-history';
import { FlowResolver } from '../../../lambdas/events/flow-resolver';
import { createFlowRepoller } from '../../../lambdas/events/flow-repoller';
import type { ResourceRepollReport } from '../../../lambdas/events/resource-repoller';
import { IngestDeps, ingestMessages, Repoller } from '../../../lambdas/events/ingest';
import { DEFAULT_INGEST_SETTINGS } from '../../../lambdas/events/ingest-config';
import { CountingMetrics } from '../../../lambdas/events/ingest-metrics';
import { RepollWindows } from '../../../lambdas/events/repoll-coalescer';
import { sqsTrailingRepollScheduler } from '../../../lambdas/events/trailing-repoll';
import { refreshFlow } from '../../unit/mediaconnect/flow-refresher';
import { pollMediaConnectInventory } from '../../../lambdas/mediaconnect/flow-cycle';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { MetricsPollOutcome, pollMetricsFor } from '../../../lambdas/metrics/metrics-poller';
import { systemClock } from '../../../lambdas/shared/clock';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { alarmsListPk, GSI1, META_SK, resourcePk } from '../../../lambdas/store/keys';
import { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, motoConfig } from '../emulator-env';

const REGION = 'sa-east-1';
const ACCOUNT = '123456789012';
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:media-monitor-alarms`;

const mediaConnect = new MediaConnectClient(motoConfig(REGION));
const cloudWatch = new CloudWatchClient(motoConfig(REGION));
const metricsOptions = {
  region: REGION,
  account: ACCOUNT,
  metricSet: resolveMetricSet('health'),
  defaultIntervalSeconds: 300,
  historyMinutes: 60,
};

async function createFlow(name: string): Promise<Flow> {
  const created = await mediaConnect.send(
    new CreateFlowCommand({
      Name: name,
      AvailabilityZone: `${REGION}a`,
      Source: { Name: `${name}-main`, Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' },
      Outputs: [{ Name: `${name}-out`, Protocol: 'srt-caller', Destination: '10.0.1.1', Port: 6000 }],
    }),
  );
  const flowArn = created.Flow!.FlowArn!;
  await mediaConnect.send(new StartFlowCommand({ FlowArn: flowArn }));
  // moto leaves a started flow STARTING until a DescribeFlow resolves it.
  const { Flow: flow } = await mediaConnect.send(new DescribeFlowCommand({ FlowArn: flowArn }));
  if (flow?.Status !== 'ACTIVE') throw new Error(`${name} is ${flow?.Status ?? 'missing'}`);
  return flow;
}

/** An SNS notification of a CloudWatch alarm on a source (SourceARN dimension only), as SNS delivers it into SQS. */
function sourceAlarmEnvelope(
  sourceArn: string,
  alarmName: string,
  state: 'ALARM' | 'OK',
  changedAt: number,
  messageId: string,
) {
  const message = {
    AlarmName: alarmName,
    AlarmDescription: `The source was disconnected during the minute. ${sourceArn}`,
    AWSAccountId: ACCOUNT,
    NewStateValue: state,
    NewStateReason: 'Threshold Crossed: 1 out of the last 1 datapoints [0.0] was less than the threshold (1.0).',
    StateChangeTime: new Date(changedAt).toISOString().replace('Z', '+0000'),
    Region: 'South America (Sao Paulo)',
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarmName}`,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    Trigger: {
      MetricName: 'SourceConnected',
      Namespace: 'AWS/MediaConnect',
      StatisticType: 'Statistic',
      Statistic: 'MINIMUM',
      Unit: null,
      Dimensions: [{ value: sourceArn, name: 'SourceARN' }],
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    },
  };
  return {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: TOPIC_ARN,
    Subject: `${state}: "${alarmName}" in South America (Sao Paulo)`,
    Message: JSON.stringify(message),
    Timestamp: new Date(changedAt + 300).toISOString(),
    SignatureVersion: '1',
    Signature: 'c2lnbmF0dXJl',
    SigningCertURL: `https://sns.${REGION}.amazonaws.com/SimpleNotificationService-0.pem`,
    UnsubscribeURL: `https://sns.${REGION}.amazonaws.com/?Action=Unsubscribe`,
  };
}

/** An SQS event source batch, as Lambda hands it to the function. */
function sqsBatch(bodies: readonly unknown[]) {
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: 'rh',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: 'x',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:ingest`,
      awsRegion: REGION,
    })),
  };
}

describe('ingestMessages against moto and dynalite', () => {
  let store: StateStore;
  let flowA: Flow;
  let flowB: Flow;
  let deps: IngestDeps;
  let metrics: CountingMetrics;
  const repolls: string[] = [];
  const reports: ResourceRepollReport[] = [];
  /** Metrics polls made at the moment each re-poll began (before the re-poll's own DescribeFlow). */
  const metricsAtRepollStart: MetricsPollOutcome[] = [];

  beforeAll(async () => {
    ({ store } = await createTestStore('events'));
    [flowA, flowB] = await Promise.all([createFlow('events-alpha'), createFlow('events-bravo')]);
    const inventoryDeps = { client: mediaConnect, store, clock: systemClock, limiter: new TokenBucket(50, 100) };
    const inventory = await pollMediaConnectInventory(inventoryDeps, { accountId: ACCOUNT, sweepPerCycle: 0 });
    expect(inventory.changes.created).toBe(2);
    const metricsDeps = { cloudWatch, store, clock: systemClock };
    const real = createFlowRepoller(inventoryDeps, metricsDeps, metricsOptions, (report) => reports.push(report));
    const observing: Repoller = {
      covers: (arn) => real.covers(arn),
      async repoll(flowArn) {
        repolls.push(flowArn);
        metricsAtRepollStart.push(await pollMetricsFor(metricsDeps, [flowArn], metricsOptions));
        await real.repoll(flowArn);
      },
    };
    metrics = new CountingMetrics();
    deps = {
      store,
      clock: systemClock,
      repoller: observing,
      metrics,
      settings: { ...DEFAULT_INGEST_SETTINGS, expectedTopicArns: new Set([TOPIC_ARN]), repollWindowSeconds: 10 },
      resolver: new FlowResolver(store, systemClock),
      rawRing: new RawRing(),
    };
  });

  it('stores an alarm on a source as an active alarm of its flow, and re-polls the flow once for 20 notifications within the window', async () => {
    // Prepare
    const sourceArn = flowA.Sources?.[0]?.SourceArn ?? flowA.Source!.SourceArn!;
    const alarmName = 'events-alpha-source-disconnected';
    const changedAt = Date.now() - 2_000;
    // 20 changes of one alarm, 100 ms apart (the newest first), each its own notification.
    const envelopes = Array.from({ length: 20 }, (_, i) =>
      sourceAlarmEnvelope(sourceArn, alarmName, 'ALARM', changedAt - i * 100, `alarm-${i}-${randomUUID()}`),
    );
    const batches = [sqsBatch(envelopes.slice(0, 10)), sqsBatch([...envelopes.slice(10), 'not json'])];

    // Act: two batches at once, as two concurrent Lambda invocations would take them.
    const results = await Promise.all(
      batches.map((batch) => ingestMessages(deps, entryMessages(batch, Date.now()).messages)),
    );

    // Assess
    const outcomes = results.flatMap((r) => r.outcomes);
    expect(outcomes.filter((o) => o.result === 'applied')).toHaveLength(20);
    expect(outcomes.filter((o) => o.result === 'unparsed')).toHaveLength(1);
    expect(repolls).toEqual([flowA.FlowArn]);
    expect(reports).toEqual([
      { arn: flowA.FlowArn, service: 'mediaconnect', inventory: 'unchanged', metricsPolled: 1 },
    ]);
    const alarm = await store.get<Record<string, unknown>>({
      pk: resourcePk(flowA.FlowArn!),
      sk: `ALARM#${alarmName}`,
    });
    expect(alarm).toMatchObject({
      state: 'ALARM',
      resourceArn: sourceArn,
      flowArn: flowA.FlowArn,
      since: new Date(changedAt).toISOString(),
    });
    const listed = await store.queryAll<{ name: string }>({
      index: GSI1,
      pk: alarmsListPk(ACCOUNT, REGION),
      skPrefix: 'ALARM#',
    });
    expect(listed.map((a) => a.name)).toContain(alarmName);
    expect(metrics.counts).toMatchObject({
      MessagesApplied: 20,
      UnparsedMessages: 1,
      RepollsIssued: 1,
      RepollsCoalesced: 19,
    });
  });

  it('records a redelivered SNS MessageId once', async () => {
    // Prepare
    const sourceArn = flowA.Sources?.[0]?.SourceArn ?? flowA.Source!.SourceArn!;
    const messageId = `redelivered-${randomUUID()}`;
    const envelope = sourceAlarmEnvelope(sourceArn, 'events-alpha-redelivered', 'OK', Date.now() - 1_000, messageId);

    // Act
    const first = await ingestMessages(deps, entryMessages(sqsBatch([envelope]), Date.now()).messages);
    const again = await ingestMessages(deps, entryMessages(sqsBatch([envelope]), Date.now()).messages);

    // Assess
    expect([first.outcomes[0]?.result, again.outcomes[0]?.result]).toEqual(['applied', 'duplicate']);
    const history = await store.queryAll<{ messageId: string }>({ pk: `EVENTS#${sourceArn}` });
    expect(history.filter((h) => h.messageId === messageId)).toHaveLength(1);
  });

  it('sets a flow STARTING from its status event, which pauses metrics polling until the re-poll finds it ACTIVE', async () => {
    // Prepare
    const event = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'MediaConnect Flow Status Change',
      source: 'aws.mediaconnect',
      account: ACCOUNT,
      time: new Date().toISOString(),
      region: REGION,
      resources: [flowB.FlowArn],
      detail: { currentStatus: 'STARTING', previousStatus: 'ACTIVE' },
    };
    const before = metricsAtRepollStart.length;

    // Act
    const result = await ingestMessages(deps, entryMessages(sqsBatch([event]), Date.now()).messages);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'mediaconnect:flow-status' });
    expect(metricsAtRepollStart.slice(before)).toEqual([
      expect.objectContaining({ polled: 0, pausedByStatus: { STARTING: 1 } }),
    ]);
    expect(reports.at(-1)).toEqual({
      arn: flowB.FlowArn,
      service: 'mediaconnect',
      inventory: 'updated',
      metricsPolled: 1,
    });
    expect(await store.get({ pk: resourcePk(flowB.FlowArn!), sk: META_SK })).toMatchObject({ status: 'ACTIVE' });
  });

  it('stores the state a burst ends with: the trailing re-poll comes back through a delayed SQS message', async () => {
    // Prepare: a flow of its own, a queue on moto, and a 2-second window.
    const sqs = new SQSClient(motoConfig(REGION));
    const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `ingest-${randomUUID()}` }));
    const flow = await createFlow('events-charlie');
    const flowArn = flow.FlowArn!;
    const sourceArn = flow.Sources?.[0]?.SourceArn ?? flow.Source!.SourceArn!;
    await refreshFlow({ client: mediaConnect, store, clock: systemClock, limiter: new TokenBucket(50, 100) }, flowArn);
    const burst = {
      ...deps,
      settings: { ...deps.settings, repollWindowSeconds: 2 },
      repollWindows: new RepollWindows(),
      trailingRepolls: sqsTrailingRepollScheduler(sqs, queueUrl!),
    };
    const alarm = (state: 'ALARM' | 'OK', at: number) =>
      entryMessages(sqsBatch([sourceAlarmEnvelope(sourceArn, 'charlie-src', state, at, randomUUID())]), Date.now())
        .messages;
    const started = Date.now();

    // Act: the first event re-polls an ACTIVE flow; the flow is then stopped and the burst's last event is coalesced.
    await ingestMessages(burst, alarm('ALARM', started - 1_000));
    await mediaConnect.send(new StopFlowCommand({ FlowArn: flowArn }));
    const last = await ingestMessages(burst, alarm('OK', started - 500));
    const statusBeforeTrailing = (await store.get<{ status: string }>({ pk: resourcePk(flowArn), sk: META_SK }))
      ?.status;
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 10, MaxNumberOfMessages: 10 }),
    );
    const receivedAt = Date.now();
    const records = (received.Messages ?? []).map((m) => m.Body!);
    await Promise.all(
      (received.Messages ?? []).map((m) =>
        sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle })),
      ),
    );
    const trailing = await ingestMessages(burst, entryMessages(sqsBatch(records), Date.now()).messages);

    // Assess
    expect(last.repolls).toMatchObject({ issued: 0, coalesced: 1, trailingScheduled: 1 });
    expect(statusBeforeTrailing).toBe('ACTIVE');
    expect(records.map((r) => JSON.parse(r) as unknown)).toEqual([
      { kind: 'repoll', arn: flowArn, windowStart: expect.any(Number) },
    ]);
    expect(receivedAt - started).toBeGreaterThanOrEqual(2_000);
    expect(trailing.outcomes).toEqual([expect.objectContaining({ result: 'applied', kind: 'repoll-request' })]);
    expect(trailing.repolls).toMatchObject({ issued: 1 });
    expect(repolls.filter((arn) => arn === flowArn)).toHaveLength(2);
    expect(await store.get({ pk: resourcePk(flowArn), sk: META_SK })).toMatchObject({ status: 'STANDBY' });
  });
});
