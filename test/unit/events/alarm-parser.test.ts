import { normaliseTreatMissingData, parseEventBridgeAlarm, parseSnsAlarm } from '../../../lambdas/events/alarm-parser';
import type { AlarmChange, EventEnvelope, Unparsed } from '../../../lambdas/events/event-model';
import { ACCOUNT, fixture, FLOW_ARN, NOW, OUTPUT_ARN, SOURCE_ARN, TOPIC_ARN } from './event-fixtures';

const asAlarm = (result: AlarmChange | Unparsed): AlarmChange => {
  if (result.kind !== 'alarm') throw new Error(`expected an alarm, got ${result.reason}: ${result.detail}`);
  return result;
};

function ebEnvelope(event: Record<string, unknown>): EventEnvelope {
  return {
    id: event.id as string,
    source: event.source as string,
    detailType: event['detail-type'] as string,
    account: event.account as string,
    region: event.region as string,
    time: new Date(Date.parse(event.time as string)).toISOString(),
    version: Date.parse(event.time as string),
    resources: event.resources as string[],
    detail: event.detail as Record<string, unknown>,
  };
}

describe('parseSnsAlarm', () => {
  it('reads the reference alarm body: lower-case dimensions, the region code from AlarmArn, the state change time', () => {
    // Act
    const alarm = asAlarm(parseSnsAlarm(fixture('alarm-message-flow'), { topicArn: TOPIC_ARN }, NOW));

    // Assess
    expect(alarm).toMatchObject({
      name: 'mediamonitor-AwardsShow-source-not-recovered-packets',
      account: ACCOUNT,
      region: 'us-east-1',
      state: 'ALARM',
      previousState: 'OK',
      changedAt: '2024-05-14T10:15:14.090Z',
      version: Date.parse('2024-05-14T10:15:14.090Z'),
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
    expect(alarm.metrics).toEqual([
      {
        namespace: 'AWS/MediaConnect',
        metricName: 'SourceNotRecoveredPackets',
        dimensions: { FlowARN: FLOW_ARN },
        stat: 'SUM',
        period: 60,
      },
    ]);
  });

  it('reads a source alarm whose only dimension is SourceARN', () => {
    // Act
    const alarm = asAlarm(parseSnsAlarm(fixture('alarm-message-source'), { topicArn: TOPIC_ARN }, NOW));

    // Assess
    expect(alarm.metrics[0]?.dimensions).toEqual({ SourceARN: SOURCE_ARN });
  });

  it('reads every media metric of a metric-math alarm from Trigger.Metrics', () => {
    // Act
    const alarm = asAlarm(parseSnsAlarm(fixture('alarm-message-metric-math'), { topicArn: TOPIC_ARN }, NOW));

    // Assess
    expect(alarm.metrics.map((m) => m.metricName)).toEqual(['NotRecoveredPackets', 'TotalPackets']);
    expect(alarm.metrics.every((m) => m.dimensions.FlowARN === FLOW_ARN)).toBe(true);
  });

  it('takes the region of an older payload without AlarmArn from the topic ARN and tolerates the TreatMissingData prefix', () => {
    // Act
    const alarm = asAlarm(
      parseSnsAlarm(fixture('alarm-message-legacy'), { topicArn: 'arn:aws:sns:eu-west-1:111122223333:alarms' }, NOW),
    );

    // Assess
    expect(alarm).toMatchObject({ region: 'eu-west-1', account: ACCOUNT, treatMissingData: 'missing' });
    expect(alarm.arn).toBeUndefined();
    expect(alarm.metrics[0]?.dimensions).toEqual({ OutputARN: OUTPUT_ARN, FlowARN: FLOW_ARN });
  });

  it('falls back to the queue region when neither AlarmArn nor a topic ARN names one', () => {
    // Act
    const alarm = asAlarm(parseSnsAlarm(fixture('alarm-message-legacy'), { regionHint: 'ap-south-1' }, NOW));

    // Assess
    expect(alarm.region).toBe('ap-south-1');
  });

  it('refuses an alarm whose region cannot be known', () => {
    // Act
    const result = parseSnsAlarm(fixture('alarm-message-legacy'), {}, NOW);

    // Assess
    expect(result).toMatchObject({ kind: 'unparsed', reason: 'invalid-alarm' });
  });

  it('records an alarm on another namespace as non-media', () => {
    // Act
    const result = parseSnsAlarm(fixture('alarm-message-ec2'), { topicArn: TOPIC_ARN }, NOW);

    // Assess
    expect(result).toEqual({
      kind: 'unparsed',
      reason: 'non-media-alarm',
      detail: 'alarm on AWS/EC2, not a media namespace',
    });
  });

  it('refuses a state change time that is not a time', () => {
    // Prepare
    const message = { ...fixture('alarm-message-flow'), StateChangeTime: 'yesterday' };

    // Act
    const result = parseSnsAlarm(message, { topicArn: TOPIC_ARN }, NOW);

    // Assess
    expect(result).toMatchObject({ kind: 'unparsed', reason: 'invalid-alarm' });
  });

  it('refuses an unknown state value', () => {
    // Prepare
    const message = { ...fixture('alarm-message-flow'), NewStateValue: 'PANIC' };

    // Act
    const result = parseSnsAlarm(message, { topicArn: TOPIC_ARN }, NOW);

    // Assess
    expect(result).toMatchObject({
      kind: 'unparsed',
      reason: 'invalid-alarm',
      detail: expect.stringContaining('NewStateValue'),
    });
  });

  it('tolerates optional fields of the wrong type', () => {
    // Prepare
    const base = fixture('alarm-message-flow');
    const message = {
      ...base,
      AlarmDescription: 42,
      Trigger: { ...(base.Trigger as object), Period: 'sixty', Threshold: 'zero' },
    };

    // Act
    const alarm = asAlarm(parseSnsAlarm(message, { topicArn: TOPIC_ARN }, NOW));

    // Assess
    expect(alarm.threshold).toBeUndefined();
    expect(alarm.metrics[0]?.period).toBeUndefined();
  });
});

describe('parseEventBridgeAlarm', () => {
  it('reads dimensions as a map and the alarm ARN from resources', () => {
    // Prepare
    const event = fixture('eventbridge-alarm-state-change');

    // Act
    const alarm = asAlarm(parseEventBridgeAlarm(ebEnvelope(event), NOW));

    // Assess
    expect(alarm).toMatchObject({
      name: 'mediamonitor-NYCOutput-output-disconnections-9f8e7d6c',
      arn: (event.resources as string[])[0],
      state: 'ALARM',
      previousState: 'OK',
      region: 'us-east-1',
      changedAt: '2024-05-14T10:15:40.985Z',
    });
    expect(alarm.metrics).toEqual([
      {
        namespace: 'AWS/MediaConnect',
        metricName: 'OutputDisconnections',
        dimensions: { OutputARN: OUTPUT_ARN },
        stat: 'Sum',
        period: 60,
      },
    ]);
  });

  it('records an alarm state change on another namespace as non-media', () => {
    // Prepare
    const event = fixture('eventbridge-alarm-state-change');
    const detail = event.detail as { configuration: { metrics: { metricStat: { metric: { namespace: string } } }[] } };
    detail.configuration.metrics[0]!.metricStat.metric.namespace = 'AWS/Lambda';

    // Act
    const result = parseEventBridgeAlarm(ebEnvelope(event), NOW);

    // Assess
    expect(result).toMatchObject({ kind: 'unparsed', reason: 'non-media-alarm' });
  });
});

describe('normaliseTreatMissingData', () => {
  it.each([
    ['- TreatMissingData:                    missing', 'missing'],
    ['notBreaching', 'notBreaching'],
    ['  TreatMissingData: ignore ', 'ignore'],
  ])('reads "%s" as %s', (raw, expected) => {
    // Act & Assess
    expect(normaliseTreatMissingData(raw)).toBe(expected);
  });
});
