import type { ParsedMessage } from '../../../lambdas/events/event-model';
import { parseMessage, ParseResult } from '../../../lambdas/events/message-parser';
import { fixture, NOW, rawMessage, snsEnvelope, TOPIC_ARN } from './event-fixtures';

const settings = { expectedTopicArns: new Set([TOPIC_ARN]) };

function parsed(result: ParseResult): ParsedMessage {
  if (result.outcome.kind === 'unparsed')
    throw new Error(`unparsed: ${result.outcome.reason} ${result.outcome.detail}`);
  return result.outcome;
}

describe('parseMessage: EventBridge events of every supported type', () => {
  it.each([
    ['mediaconnect-flow-status-change', 'mediaconnect:flow-status'],
    ['mediaconnect-flow-health', 'mediaconnect:flow-health'],
    ['mediaconnect-source-health', 'mediaconnect:source-health'],
    ['mediaconnect-output-health', 'mediaconnect:output-health'],
    ['mediaconnect-output-status-change', 'mediaconnect:output-status'],
    ['mediaconnect-alert', 'mediaconnect:alert'],
    ['mediaconnect-flow-maintenance', 'mediaconnect:maintenance'],
    ['mediaconnect-flow-content-quality', 'mediaconnect:content-quality'],
    ['medialive-channel-state-change', 'medialive:channel-state'],
    ['medialive-channel-alert-set', 'medialive:channel-alert'],
    ['medialive-channel-alert-cleared', 'medialive:channel-alert'],
    ['medialive-channel-input-change', 'medialive:channel-input-change'],
    ['mediapackage-input-notification', 'mediapackage:input'],
    ['mediapackage-key-provider-notification', 'mediapackage:key-provider'],
    ['mediapackage-harvest-job-notification', 'mediapackage:harvest-job'],
  ])('types %s as %s, keyed by its event id', (name, type) => {
    // Prepare
    const event = fixture(name);

    // Act
    const result = parseMessage(rawMessage(event), settings, NOW);

    // Assess
    const message = parsed(result);
    expect(message.kind).toBe('event');
    expect(message.kind === 'event' && message.event.type).toBe(type);
    expect(message.delivery).toEqual({ channel: 'eventbridge', messageId: event.id });
    expect(result.dedupKey).toBe(`eb:${event.id as string}`);
    expect(result.ringKind).toBe('eventbridge');
  });

  it('reads a CloudWatch Alarm State Change event as an alarm', () => {
    // Act
    const message = parsed(parseMessage(rawMessage(fixture('eventbridge-alarm-state-change')), settings, NOW));

    // Assess
    expect(message.kind).toBe('alarm');
    expect(message.delivery.channel).toBe('eventbridge');
  });

  it('types the health details: TR 101 290 flags, source state, failover switch', () => {
    // Act
    const message = parsed(parseMessage(rawMessage(fixture('mediaconnect-flow-health')), settings, NOW));

    // Assess
    expect(message.kind === 'event' && message.event.detail).toEqual({
      health: {
        sourceState: 'CONNECTED',
        failoverSwitch: false,
        unhealthy: true,
        tr101: { ts_sync_loss: false, continuity_count_error: true, transport_error: true, pcr_error: true },
        tr101Errors: ['continuity_count_error', 'transport_error', 'pcr_error'],
      },
    });
  });

  it('pairs MediaLive alerts on alarm_id', () => {
    // Act
    const set = parsed(parseMessage(rawMessage(fixture('medialive-channel-alert-set')), settings, NOW));
    const cleared = parsed(parseMessage(rawMessage(fixture('medialive-channel-alert-cleared')), settings, NOW));

    // Assess
    const detailOf = (m: ParsedMessage) => (m.kind === 'event' ? m.event.detail : {});
    expect(detailOf(set)).toMatchObject({
      alarmState: 'SET',
      alarmId: '7ad616bd389f6cd3fb40b3f1e4a5f7c2b6e2cd0a',
      pipeline: '0',
    });
    expect(detailOf(cleared)).toMatchObject({
      alarmState: 'CLEARED',
      alarmId: '7ad616bd389f6cd3fb40b3f1e4a5f7c2b6e2cd0a',
    });
  });
});

describe('parseMessage: SNS envelopes', () => {
  it('reads an alarm in an SNS envelope as SQS delivers it (…URL fields), keyed by the alarm change', () => {
    // Prepare
    const envelope = fixture('sns-envelope-sqs');

    // Act
    const result = parseMessage(rawMessage(envelope), settings, NOW);

    // Assess
    const message = parsed(result);
    expect(message.kind).toBe('alarm');
    expect(message.delivery).toEqual({ channel: 'sns', messageId: envelope.MessageId, topicArn: TOPIC_ARN });
    // The same change through EventBridge gets the same key: account, region, name, new state, state change time.
    expect(result.dedupKey).toBe(
      'alarm:111122223333:us-east-1:mediamonitor-MainSource-source-disconnected-1a2b3c4d:ALARM:1715681714090',
    );
  });

  it('reads the Lambda spelling (…Url fields) and a null Subject', () => {
    // Prepare
    const sns = (fixture('sns-lambda-event').Records as { Sns: Record<string, unknown> }[])[0]!.Sns;

    // Act
    const message = parsed(parseMessage(rawMessage(sns), settings, NOW));

    // Assess
    expect(message.kind === 'alarm' && message.alarm.name).toBe('legacy-output-disconnections');
    expect(message.kind === 'alarm' && message.alarm.region).toBe('us-east-1');
  });

  it('reads an EventBridge event published through SNS, keyed by its event id as if it came directly', () => {
    // Prepare
    const envelope = snsEnvelope(fixture('mediaconnect-flow-status-change'), { messageId: 'sns-wrapped-1' });

    // Act
    const result = parseMessage(rawMessage(envelope), settings, NOW);

    // Assess
    expect(parsed(result).kind).toBe('event');
    expect(result.dedupKey).toBe(`eb:${fixture('mediaconnect-flow-status-change').id as string}`);
    expect(parseMessage(rawMessage(fixture('mediaconnect-flow-status-change')), settings, NOW).dedupKey).toBe(
      result.dedupKey,
    );
  });

  it.each([
    [
      'a topic not in EXPECTED_TOPIC_ARNS',
      snsEnvelope(fixture('alarm-message-source'), { topicArn: 'arn:aws:sns:us-east-1:999999999999:other' }),
      'unexpected-topic',
    ],
    ['a Message that is not JSON', snsEnvelope('{"AlarmName": "truncated'), 'invalid-sns-message'],
    ['a Message that is neither an alarm nor an event', snsEnvelope({ hello: 'world' }), 'unknown-sns-message'],
    ['a subscription confirmation', { ...snsEnvelope({}), Type: 'SubscriptionConfirmation' }, 'unsupported-sns-type'],
    ['an envelope without MessageId', { ...snsEnvelope({}), MessageId: undefined }, 'invalid-sns-envelope'],
    ['an alarm on EC2', snsEnvelope(fixture('alarm-message-ec2')), 'non-media-alarm'],
  ])('records %s as unparsed', (_, body, reason) => {
    // Act
    const result = parseMessage(rawMessage(body), settings, NOW);

    // Assess
    expect(result.outcome).toMatchObject({ kind: 'unparsed', reason });
  });

  it('accepts any topic when EXPECTED_TOPIC_ARNS is empty', () => {
    // Prepare
    const envelope = snsEnvelope(fixture('alarm-message-source'), {
      topicArn: 'arn:aws:sns:us-east-1:999999999999:other',
    });

    // Act
    const result = parseMessage(rawMessage(envelope), { expectedTopicArns: new Set() }, NOW);

    // Assess
    expect(parsed(result).kind).toBe('alarm');
  });
});

describe('parseMessage: bad input', () => {
  const event = (patch: Record<string, unknown>) => ({ ...fixture('mediaconnect-flow-status-change'), ...patch });

  it.each([
    ['a body that is not JSON', 'not json at all', 'invalid-json', 'other'],
    ['a JSON array', '[1,2,3]', 'unknown-envelope', 'other'],
    ['an unrecognised object', { hello: 'world' }, 'unknown-envelope', 'other'],
    [
      'an unknown detail-type',
      event({ 'detail-type': 'MediaConnect Bridge Status' }),
      'unknown-detail-type',
      'eventbridge',
    ],
    ['an unknown source', event({ source: 'aws.ec2' }), 'unknown-source', 'eventbridge'],
    [
      'a MediaLive multiplex event',
      { ...fixture('medialive-channel-state-change'), 'detail-type': 'MediaLive Multiplex State Change' },
      'unknown-detail-type',
      'eventbridge',
    ],
    ['an event without time', event({ time: undefined }), 'invalid-event', 'eventbridge'],
    ['an event time in the future', event({ time: '2031-01-01T00:00:00Z' }), 'invalid-event', 'eventbridge'],
    ['an event without a flow ARN', event({ resources: [] }), 'invalid-event', 'eventbridge'],
    ['a flow status that is not a status', event({ detail: { currentStatus: 42 } }), 'invalid-detail', 'eventbridge'],
    [
      'a CloudWatch event of another detail-type',
      event({ source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Metric Stream State Change' }),
      'unknown-detail-type',
      'eventbridge',
    ],
    [
      'a Source Health without the source ARN',
      { ...fixture('mediaconnect-source-health'), resources: fixture('mediaconnect-flow-health').resources },
      'invalid-event',
      'eventbridge',
    ],
  ])('records %s as unparsed', (_, body, reason, ringKind) => {
    // Act
    const result = parseMessage(rawMessage(body), settings, NOW);

    // Assess
    expect(result.outcome).toMatchObject({ kind: 'unparsed', reason });
    expect(result.ringKind).toBe(ringKind);
  });

  it('keys an unparsable body by its delivery id, so a redelivery of the same queue message is recognised', () => {
    // Act
    const result = parseMessage(rawMessage('garbage', { id: 'sqs-message-7' }), settings, NOW);

    // Assess
    expect(result.dedupKey).toBe('msg:sqs-message-7');
  });
});
