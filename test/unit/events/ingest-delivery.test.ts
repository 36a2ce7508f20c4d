import { ingestMessages } from '../../../lambdas/events/ingest';
import {
  fixture,
  FLOW_ARN,
  NOW,
  rawMessage,
  snsEnvelope,
  SOURCE_ARN,
  storedChild,
  storedFlow,
  testIngest,
} from './event-fixtures';

const SOURCE_ALARM_SK = 'ALARM#mediamonitor-MainSource-source-disconnected-1a2b3c4d';

let changes = 0;

/** `count` state changes of one alarm (each a second after the previous), as SNS notifications (distinct MessageIds). */
function notifications(count: number, prefix = 'n') {
  return Array.from({ length: count }, (_, i) => {
    const message = fixture('alarm-message-source');
    const changedAt = Date.parse(String(message.StateChangeTime).replace('+0000', 'Z')) + ++changes * 1000;
    message.StateChangeTime = new Date(changedAt).toISOString().replace('Z', '+0000');
    return rawMessage(snsEnvelope(message, { messageId: `${prefix}-${i}` }));
  });
}

function seededIngest(settings: Parameters<typeof testIngest>[0] = {}) {
  const t = testIngest(settings);
  t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
  return t;
}

describe('ingestMessages: coalesced re-polls', () => {
  it('re-polls a flow once for 20 notifications of one alarm in two batches within the window, and schedules one trailing re-poll', async () => {
    // Prepare
    const t = seededIngest();
    const all = notifications(20);

    // Act
    const first = await ingestMessages(t.deps, all.slice(0, 10));
    t.clock.advance(3_000);
    const second = await ingestMessages(t.deps, all.slice(10));

    // Assess
    expect(t.repoller.calls).toEqual([FLOW_ARN]);
    expect(first.repolls).toEqual({
      requested: 1,
      issued: 1,
      coalesced: 9,
      failed: 0,
      skipped: 0,
      foreign: 0,
      trailingScheduled: 0,
    });
    expect(second.repolls).toEqual({
      requested: 1,
      issued: 0,
      coalesced: 10,
      failed: 0,
      skipped: 0,
      foreign: 0,
      trailingScheduled: 1,
    });
    expect(t.trailing.sent).toEqual([{ request: { arn: FLOW_ARN, windowStart: NOW }, delaySeconds: 8 }]);
    expect(t.metrics.counts).toMatchObject({
      MessagesApplied: 20,
      RepollsIssued: 1,
      RepollsCoalesced: 19,
      TrailingRepollsScheduled: 1,
    });
    expect(t.store.itemsWithPk(`RES#${FLOW_ARN}`).filter((i) => i.sk.startsWith('ALARM#'))).toHaveLength(1);
    expect(t.store.itemsWithPk(`EVENTS#${SOURCE_ARN}`)).toHaveLength(20);
  });

  it('coalesces requests within a window this container knows to be live and marked without reading the store', async () => {
    // Prepare: the first batch claims the window, the second marks it for its trailing re-poll.
    const t = seededIngest();
    await ingestMessages(t.deps, notifications(1, 'first'));
    await ingestMessages(t.deps, notifications(1, 'second'));
    const callsBefore = t.store.calls.length;

    // Act
    const again = await ingestMessages(t.deps, notifications(1, 'third'));

    // Assess
    expect(again.repolls).toEqual({
      requested: 1,
      issued: 0,
      coalesced: 1,
      failed: 0,
      skipped: 0,
      foreign: 0,
      trailingScheduled: 0,
    });
    expect(t.store.calls.slice(callsBefore).filter((c) => c.includes('REPOLL#'))).toEqual([]);
  });

  it('re-polls again once the window has passed', async () => {
    // Prepare
    const t = seededIngest({ repollWindowSeconds: 10 });
    const [early, late] = notifications(2);

    // Act
    await ingestMessages(t.deps, [early!]);
    t.clock.advance(10_001);
    await ingestMessages(t.deps, [late!]);

    // Assess
    expect(t.repoller.calls).toEqual([FLOW_ARN, FLOW_ARN]);
  });

  it('counts a failed re-poll without failing the messages, and keeps the claim for the window', async () => {
    // Prepare
    const t = seededIngest();
    t.repoller.failWith = new Error('TooManyRequestsException');

    // Act
    const first = await ingestMessages(t.deps, notifications(1, 'a'));
    const second = await ingestMessages(t.deps, notifications(1, 'b'));

    // Assess
    expect(first.outcomes[0]?.result).toBe('applied');
    expect(first.repolls).toMatchObject({ issued: 0, failed: 1 });
    expect(second.repolls).toMatchObject({ issued: 0, coalesced: 1 });
    expect(t.repoller.calls).toHaveLength(1);
    expect(t.metrics.counts.RepollsFailed).toBe(1);
  });
});

describe('ingestMessages: redelivery', () => {
  it('records a redelivered SNS MessageId once: one history item per resource, one count, one re-poll', async () => {
    // Prepare
    const t = seededIngest();
    const envelope = fixture('sns-envelope-sqs');

    // Act
    const first = await ingestMessages(t.deps, [rawMessage(envelope, { id: 'sqs-1' })]);
    t.clock.advance(60_000);
    const again = await ingestMessages(t.deps, [rawMessage(envelope, { id: 'sqs-2' })]);

    // Assess
    expect(first.outcomes[0]?.result).toBe('applied');
    expect(again.outcomes[0]?.result).toBe('duplicate');
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toHaveLength(1);
    expect(t.store.itemsWithPk(`EVENTS#${SOURCE_ARN}`)).toHaveLength(1);
    expect(t.metrics.counts).toMatchObject({ MessagesApplied: 1, DuplicateMessages: 1, RepollsIssued: 1 });
    expect(t.repoller.calls).toHaveLength(1);
  });

  it('records an alarm change delivered through both SNS and EventBridge once', async () => {
    // Prepare: the SNS notification of the fixture alarm, and the EventBridge event CloudWatch emits for the same change.
    const t = seededIngest();
    const sns = fixture('alarm-message-source');
    const trigger = sns.Trigger as { Dimensions: { name: string; value: string }[] };
    const event = fixture('eventbridge-alarm-state-change');
    const detail = event.detail as {
      alarmName: unknown;
      state: { timestamp: unknown };
      configuration: { metrics: { metricStat: { metric: unknown } }[] };
    };
    detail.alarmName = sns.AlarmName;
    detail.state.timestamp = sns.StateChangeTime;
    detail.configuration.metrics[0]!.metricStat.metric = {
      namespace: 'AWS/MediaConnect',
      name: 'SourceConnected',
      dimensions: { SourceARN: trigger.Dimensions[0]!.value },
    };
    event.resources = [sns.AlarmArn];

    // Act
    const viaSns = await ingestMessages(t.deps, [rawMessage(snsEnvelope(sns))]);
    const viaEventBridge = await ingestMessages(t.deps, [rawMessage(event)]);

    // Assess
    expect(viaSns.outcomes[0]?.result).toBe('applied');
    expect(viaEventBridge.outcomes[0]?.result).toBe('duplicate');
    expect(t.store.itemsWithPk(`EVENTS#${SOURCE_ARN}`)).toHaveLength(1);
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toHaveLength(1);
    expect(t.repoller.calls).toHaveLength(1);
    expect(t.metrics.counts).toMatchObject({ MessagesApplied: 1, DuplicateMessages: 1 });
  });

  it('applies two concurrent deliveries of one message once: one wins the marker, the other is a duplicate', async () => {
    // Prepare
    const t = seededIngest();
    const envelope = fixture('sns-envelope-sqs');

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(envelope), rawMessage(envelope)]);

    // Assess
    expect(result.outcomes.map((o) => o.result).sort()).toEqual(['applied', 'duplicate']);
    expect(t.store.itemsWithPk(`EVENTS#${SOURCE_ARN}`)).toHaveLength(1);
    expect(t.metrics.counts.MessagesApplied).toBe(1);
  });

  it('loses nothing when the function fails after applying and before marking: the retry applies and marks', async () => {
    // Prepare
    const t = seededIngest();
    const message = rawMessage(fixture('sns-envelope-sqs'));
    t.store.failWhen = (operation, key) => operation === 'putIfAbsent' && key.pk.startsWith('DEDUP#');

    // Act
    const failed = await ingestMessages(t.deps, [message]);
    t.store.failWhen = undefined;
    const retried = await ingestMessages(t.deps, [message]);

    // Assess
    expect(failed.outcomes[0]).toMatchObject({ result: 'failed', error: 'ServiceUnavailable: Service unavailable' });
    expect(failed.repolls.requested).toBe(0);
    expect(retried.outcomes[0]?.result).toBe('applied');
    expect(t.store.item(`RES#${FLOW_ARN}`, SOURCE_ALARM_SK)).toMatchObject({ state: 'ALARM' });
    expect(t.store.itemsWithPk(`EVENTS#${SOURCE_ARN}`)).toHaveLength(1);
    expect(t.metrics.counts).toMatchObject({ MessagesFailed: 1, MessagesApplied: 1 });
    expect(t.repoller.calls).toEqual([FLOW_ARN]);
  });
});

describe('ingestMessages: faults and bad input', () => {
  it('fails only the message whose write fails; the rest of the batch applies', async () => {
    // Prepare
    const t = seededIngest();
    t.store.failWhen = (operation, key) =>
      operation === 'putIfNewer' && key.pk === `RES#${FLOW_ARN}` && key.sk.startsWith('HEALTH#');
    const batch = [
      rawMessage(fixture('mediaconnect-flow-health'), { id: 'health' }),
      rawMessage(fixture('mediaconnect-flow-status-change'), { id: 'status' }),
    ];

    // Act
    const result = await ingestMessages(t.deps, batch);

    // Assess
    expect(result.outcomes.map((o) => [o.id, o.result])).toEqual([
      ['health', 'failed'],
      ['status', 'applied'],
    ]);
    expect(t.store.item(`RES#${FLOW_ARN}`, '#META')).toMatchObject({ status: 'STARTING' });
  });

  it('fails the message whose history entry stayed unprocessed, and its retry writes it', async () => {
    // Prepare
    const t = seededIngest();
    t.store.unprocessedWhen = (key) => key.pk === `EVENTS#${SOURCE_ARN}`;
    const batch = [
      rawMessage(fixture('sns-envelope-sqs'), { id: 'alarm' }),
      rawMessage(fixture('mediaconnect-flow-maintenance'), { id: 'other' }),
    ];

    // Act
    const first = await ingestMessages(t.deps, batch);
    t.store.unprocessedWhen = undefined;
    const retried = await ingestMessages(t.deps, [batch[0]!]);

    // Assess
    expect(first.outcomes.map((o) => [o.id, o.result])).toEqual([
      ['alarm', 'failed'],
      ['other', 'applied'],
    ]);
    expect(retried.outcomes[0]?.result).toBe('applied');
    expect(t.store.itemsWithPk(`EVENTS#${SOURCE_ARN}`)).toHaveLength(1);
  });

  it('records an unparsed input with its reason and redacted body, counts it, and never fails it', async () => {
    // Prepare
    const t = testIngest();
    const body = JSON.stringify({
      ...fixture('mediapackage-input-notification'),
      'detail-type': 'MediaPackage Throttle',
      detail: { password: 'hunter2', note: 'x' },
    });
    const message = rawMessage(body, { id: 'sqs-42', sentAt: NOW - 1_000 });

    // Act
    const result = await ingestMessages(t.deps, [message]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'unparsed', kind: 'unknown-detail-type' });
    const [record] = t.store.itemsWithPk('UNPARSED#2024-05-14');
    expect(record).toMatchObject({
      sk: `${new Date(NOW - 1_000).toISOString()}#eb:c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e01`,
      reason: 'unknown-detail-type',
      deliveryId: 'sqs-42',
      truncated: false,
    });
    expect(record?.body).toContain('"password":"[redacted]"');
    expect(record?.body).not.toContain('hunter2');
    expect(t.metrics.counts).toMatchObject({ UnparsedMessages: 1 });
    expect(t.metrics.counts.MessagesFailed).toBeUndefined();
  });

  it('keeps the raw bodies of a batch in one ring slot per delivery kind, redacted', async () => {
    // Prepare
    const t = testIngest();
    const batch = [
      ...Array.from({ length: 10 }, (_, i) =>
        rawMessage({ ...fixture('mediaconnect-flow-maintenance'), id: `m-${i}` }),
      ),
      rawMessage(fixture('sns-envelope-sqs')),
      rawMessage('{"password": "hunter2"'),
    ];

    // Act
    await ingestMessages(t.deps, batch);

    // Assess
    expect(t.store.itemsWithPk('RAW#').map((i) => i.pk)).toEqual(['RAW#eventbridge', 'RAW#sns', 'RAW#other']);
    expect(t.store.calls.filter((c) => c.startsWith('putAll'))).toEqual(['putAll 12', 'putAll 3']);
    expect(t.store.itemsWithPk('RAW#eventbridge')[0]?.messages).toHaveLength(10);
    expect(JSON.stringify(t.store.itemsWithPk('RAW#other'))).not.toContain('hunter2');
  });

  it('keeps the last 20 raw bodies per delivery kind in a bounded ring', async () => {
    // Prepare
    const t = testIngest();
    const events = Array.from({ length: 25 }, (_, i) =>
      rawMessage({ ...fixture('mediaconnect-flow-maintenance'), id: `maintenance-${i}` }),
    );

    // Act
    for (const event of events) await ingestMessages(t.deps, [event]);

    // Assess
    const ring = t.store.itemsWithPk('RAW#eventbridge');
    expect(ring).toHaveLength(20);
    const kept = ring
      .flatMap((i) => (i.messages as { body: string }[]).map((m) => JSON.parse(m.body).id as string))
      .sort();
    expect(kept).toEqual(Array.from({ length: 20 }, (_, i) => `maintenance-${i + 5}`).sort());
  });

  it('does not fail the messages when only the raw ring cannot be written', async () => {
    // Prepare
    const t = testIngest();
    t.store.failWhen = (_, key) => key.pk.startsWith('RAW#');

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(fixture('mediaconnect-flow-maintenance'))]);

    // Assess
    expect(result.outcomes[0]?.result).toBe('applied');
  });

  it.each([
    ['a flow ARN too long for a sort key', { resources: [`${FLOW_ARN}${'x'.repeat(1_200)}`] }],
    ['a flow ARN too long for a partition key', { resources: [`${FLOW_ARN}${'x'.repeat(1_960)}`] }],
    [
      'a detail of 500 KB',
      { detail: { unhealthy: true, current: { source_state: 'CONNECTED', tr101: { huge: 'x'.repeat(500_000) } } } },
    ],
  ])(
    'records an event with %s as unparsed or applies it within DynamoDB’s limits, never failing it',
    async (_, patch) => {
      // Prepare
      const t = testIngest();

      // Act
      const result = await ingestMessages(t.deps, [rawMessage({ ...fixture('mediaconnect-flow-health'), ...patch })]);

      // Assess
      expect(result.outcomes[0]?.result).not.toBe('failed');
      expect(t.metrics.get('MessagesApplied') + t.metrics.get('UnparsedMessages')).toBe(1);
    },
  );
});
