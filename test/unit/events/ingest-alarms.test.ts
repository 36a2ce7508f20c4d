import { ingestMessages } from '../../../lambdas/events/ingest';
import {
  ACCOUNT,
  CHANNEL_ARN,
  fixture,
  FLOW_ARN,
  MP_ENDPOINT_ARN,
  NOW,
  OUTPUT_ARN,
  rawMessage,
  REGION,
  snsEnvelope,
  SOURCE_ARN,
  storedChild,
  storedFlow,
  testIngest,
} from './event-fixtures';

const SOURCE_ALARM = 'mediamonitor-MainSource-source-disconnected-1a2b3c4d';

function sourceAlarm(state: 'ALARM' | 'OK', stateChangeTime: string) {
  return {
    ...fixture('alarm-message-source'),
    NewStateValue: state,
    OldStateValue: state === 'OK' ? 'ALARM' : 'OK',
    StateChangeTime: stateChangeTime,
  };
}

describe('ingestMessages: CloudWatch alarms', () => {
  it('stores an active alarm on a source in its flow’s partition, found through the inventory’s child item, and re-polls the flow', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    const envelope = fixture('sns-envelope-sqs');

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(envelope)]);

    // Assess
    expect(result.outcomes).toEqual([
      expect.objectContaining({ result: 'applied', kind: 'alarm', repollArns: [FLOW_ARN] }),
    ]);
    expect(t.store.item(`RES#${FLOW_ARN}`, `ALARM#${SOURCE_ALARM}`)).toMatchObject({
      type: 'alarm',
      name: SOURCE_ALARM,
      state: 'ALARM',
      since: '2024-05-14T10:15:14.090Z',
      version: Date.parse('2024-05-14T10:15:14.090Z'),
      metricName: 'SourceConnected',
      namespace: 'AWS/MediaConnect',
      resourceArn: SOURCE_ARN,
      resourceKind: 'source',
      parentArn: FLOW_ARN,
      flowArn: FLOW_ARN,
      gsi1pk: `ALARMS#${ACCOUNT}#${REGION}`,
      gsi1sk: `ALARM#${SOURCE_ALARM}`,
      via: 'sns',
      messageId: envelope.MessageId,
    });
    expect(t.store.item(`RES#${FLOW_ARN}`, `ALARM#${SOURCE_ALARM}`)).not.toHaveProperty('expiresAt');
    expect(t.store.item(`CHILD#${SOURCE_ARN}`, '#PARENT')).toMatchObject({ flowArn: FLOW_ARN, childKind: 'SOURCE' });
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toHaveLength(1);
    expect(t.store.itemsWithPk(`EVENTS#${SOURCE_ARN}`)).toEqual([
      expect.objectContaining({
        kind: 'alarm',
        sk: `2024-05-14T10:15:14.090Z#alarm:${ACCOUNT}:us-east-1:${SOURCE_ALARM}:ALARM:1715681714090`,
        relatedArns: [FLOW_ARN],
      }),
    ]);
    expect(t.repoller.calls).toEqual([FLOW_ARN]);
    expect(t.metrics.counts).toMatchObject({ MessagesApplied: 1, RepollsIssued: 1 });
  });

  it('uses the FlowARN dimension when the alarm names the flow besides the output, without a lookup', async () => {
    // Prepare
    const t = testIngest({ expectedTopicArns: new Set() });

    // Act
    await ingestMessages(t.deps, [rawMessage(snsEnvelope(fixture('alarm-message-legacy')))]);

    // Assess
    expect(t.store.item(`RES#${FLOW_ARN}`, 'ALARM#legacy-output-disconnections')).toMatchObject({
      resourceArn: OUTPUT_ARN,
      state: 'ALARM',
    });
    expect(t.store.calls.filter((c) => c.startsWith('get CHILD#') || c.startsWith('query'))).toEqual([]);
  });

  it('keeps an alarm that returns to OK with state OK and a TTL, and refuses a late delivery of the earlier ALARM', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'), storedChild(FLOW_ARN, 'SOURCE', SOURCE_ARN));
    const alarm = snsEnvelope(sourceAlarm('ALARM', '2024-05-14T10:15:14.090+0000'), { messageId: 'm-alarm' });
    const ok = snsEnvelope(sourceAlarm('OK', '2024-05-14T10:20:00.000+0000'), { messageId: 'm-ok' });

    // Act
    await ingestMessages(t.deps, [rawMessage(alarm)]);
    await ingestMessages(t.deps, [rawMessage(ok)]);
    const late = await ingestMessages(t.deps, [
      rawMessage(snsEnvelope(sourceAlarm('ALARM', '2024-05-14T10:15:14.090+0000'), { messageId: 'm-alarm-again' })),
    ]);

    // Assess
    const item = t.store.item<Record<string, unknown>>(`RES#${FLOW_ARN}`, `ALARM#${SOURCE_ALARM}`);
    expect(item).toMatchObject({ state: 'OK', gsi1sk: `OK#${SOURCE_ALARM}`, since: '2024-05-14T10:20:00.000Z' });
    expect(item?.expiresAt).toBe(Math.floor(NOW / 1000) + 14 * 86_400);
    // The same change again (another MessageId): refused by its version (the item and the alarm's placement record),
    // then counted as a duplicate of the first.
    expect(late.outcomes[0]?.result).toBe('duplicate');
    expect(t.store.stats.staleSkips).toBe(2);
  });

  it('holds an alarm on a source whose flow is not stored in the source’s own partition, marked unresolved, and re-polls nothing', async () => {
    // Prepare
    const t = testIngest();

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(fixture('sns-envelope-sqs'))]);

    // Assess
    expect(t.store.item(`RES#${SOURCE_ARN}`, `ALARM#${SOURCE_ALARM}`)).toMatchObject({
      unresolved: true,
      parentArn: SOURCE_ARN,
      state: 'ALARM',
    });
    expect(result.outcomes[0]?.repollArns).toEqual([]);
    expect(t.repoller.calls).toEqual([]);
  });

  it('stores a metric-math alarm over two metrics of one flow as one alarm of that flow', async () => {
    // Prepare
    const t = testIngest();

    // Act
    await ingestMessages(t.deps, [rawMessage(snsEnvelope(fixture('alarm-message-metric-math')))]);

    // Assess
    expect(t.store.itemsWithPk(`RES#${FLOW_ARN}`)).toEqual([
      expect.objectContaining({
        sk: 'ALARM#mediamonitor-AwardsShow-packet-loss-ratio',
        metricNames: ['NotRecoveredPackets', 'TotalPackets'],
      }),
    ]);
  });

  it('places a MediaLive alarm on its channel, with the pipeline, and re-polls the channel', async () => {
    // Prepare
    const t = testIngest({ expectedTopicArns: new Set() });

    // Act
    await ingestMessages(t.deps, [rawMessage(snsEnvelope(fixture('alarm-message-medialive')))]);

    // Assess
    expect(t.store.item(`RES#${CHANNEL_ARN}`, 'ALARM#channel-123456-active-alerts')).toMatchObject({
      resourceKind: 'channel',
      qualifiers: { Pipeline: '0' },
      gsi1pk: `ALARMS#${ACCOUNT}#us-west-2`,
    });
    expect(t.repoller.calls).toEqual([CHANNEL_ARN]);
  });

  it('re-polls a channel once for its alarm and its state change in one batch', async () => {
    // Prepare
    const t = testIngest({ expectedTopicArns: new Set() });

    // Act
    const result = await ingestMessages(t.deps, [
      rawMessage(snsEnvelope(fixture('alarm-message-medialive'))),
      rawMessage(fixture('medialive-channel-state-change')),
    ]);

    // Assess
    expect(result.outcomes.map((o) => o.repollArns)).toEqual([[CHANNEL_ARN], [CHANNEL_ARN]]);
    expect(result.repolls).toMatchObject({ requested: 1, issued: 1, coalesced: 1, skipped: 0 });
    expect(t.repoller.calls).toEqual([CHANNEL_ARN]);
  });

  it('places a MediaPackage alarm on its origin endpoint, and records its re-poll as skipped when MediaPackage has no refresher', async () => {
    // Prepare
    const t = testIngest();
    t.repoller.services = ['mediaconnect', 'medialive'];

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(snsEnvelope(fixture('alarm-message-mediapackage')))]);

    // Assess
    expect(t.store.item(`RES#${MP_ENDPOINT_ARN}`, 'ALARM#mp-egress-5xx')).toMatchObject({
      resourceKind: 'origin-endpoint',
      qualifiers: { StatusCodeRange: '5xx' },
    });
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', repollArns: [MP_ENDPOINT_ARN] });
    expect(result.repolls).toEqual({
      requested: 1,
      issued: 0,
      coalesced: 0,
      failed: 0,
      skipped: 1,
      foreign: 0,
      trailingScheduled: 0,
    });
    expect(t.repoller.calls).toEqual([]);
    expect(t.store.itemsWithPk(`REPOLL#${MP_ENDPOINT_ARN}`)).toEqual([]);
    expect(t.metrics.get('RepollsSkipped')).toBe(1);
  });

  it('resolves an EventBridge alarm on an output through the lookup item an Output Health event wrote', async () => {
    // Prepare
    const t = testIngest();
    await ingestMessages(t.deps, [rawMessage(fixture('mediaconnect-output-health'))]);
    const fresh = testIngest();
    fresh.store.seed(...t.store.items.values());

    // Act
    await ingestMessages(fresh.deps, [rawMessage(fixture('eventbridge-alarm-state-change'))]);

    // Assess
    expect(
      fresh.store.item(`RES#${FLOW_ARN}`, 'ALARM#mediamonitor-NYCOutput-output-disconnections-9f8e7d6c'),
    ).toMatchObject({
      resourceArn: OUTPUT_ARN,
      via: 'eventbridge',
    });
    expect(fresh.deps.resolver?.stats).toMatchObject({ lookupHits: 1, searches: 0 });
  });
});
