import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { RawMessage } from '../../../lambdas/events/event-model';
import {
  parseTrailingRepoll,
  sqsTrailingRepollScheduler,
  trailingDelaySeconds,
  trailingRepollBody,
} from '../../../lambdas/events/trailing-repoll';
import { CHANNEL_ARN, FLOW_ARN, MP_ENDPOINT_ARN, NOW } from './event-fixtures';

const sqsMock = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/111122223333/media-monitor-ingest';

const message = (body: unknown, origin: RawMessage['origin'] = 'sqs'): RawMessage => ({
  id: 'm-1',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  receivedAt: NOW,
  origin,
});

describe('parseTrailingRepoll', () => {
  it('reads the flow and window of a trailing re-poll body', () => {
    // Act
    const parsed = parseTrailingRepoll(message(trailingRepollBody({ arn: FLOW_ARN, windowStart: NOW })));

    // Assess
    expect(parsed).toEqual({ arn: FLOW_ARN, windowStart: NOW });
  });

  it.each([
    ['a MediaConnect flow (the shape queued before MediaLive)', FLOW_ARN],
    ['a MediaLive channel', CHANNEL_ARN],
    ['a moto MediaLive channel (no region or account)', 'arn:aws:medialive:channel:9f3c2a1b0e5d4c6b8a7f1e2d3c4b5a69'],
    ['a MediaLive input device', 'arn:aws:medialive:us-west-2:111122223333:inputDevice:hd-123456789012'],
    ['a MediaPackage origin endpoint', MP_ENDPOINT_ARN],
  ])('reads a trailing re-poll of %s', (_name, arn) => {
    // Prepare
    const body = JSON.stringify({ kind: 'repoll', arn, windowStart: NOW });

    // Act
    const parsed = parseTrailingRepoll(message(body));

    // Assess
    expect(parsed).toEqual({ arn, windowStart: NOW });
  });

  it.each([
    [
      'a MediaLive multiplex',
      { kind: 'repoll', arn: CHANNEL_ARN.replace(':channel:', ':multiplex:'), windowStart: NOW },
    ],
    ['another service', { kind: 'repoll', arn: 'arn:aws:s3:::bucket', windowStart: NOW }],
    ['another resource type', { kind: 'repoll', arn: FLOW_ARN.replace(':flow:', ':output:'), windowStart: NOW }],
    ['not an ARN', { kind: 'repoll', arn: 'flow-1', windowStart: NOW }],
    ['a fractional window start', { kind: 'repoll', arn: FLOW_ARN, windowStart: 1.5 }],
    ['an extra field', { kind: 'repoll', arn: FLOW_ARN, windowStart: NOW, force: true }],
    ['another kind', { kind: 'poll', arn: FLOW_ARN, windowStart: NOW }],
    ['an EventBridge event', { 'detail-type': 'MediaConnect Flow Status Change', source: 'aws.mediaconnect' }],
    ['invalid JSON', '{"kind":"repoll"'],
  ])('takes a body with %s for an ordinary message', (_name, body) => {
    // Act
    const parsed = parseTrailingRepoll(message(body));

    // Assess
    expect(parsed).toBeUndefined();
  });

  it('recognizes trailing re-polls in SQS deliveries only', () => {
    // Prepare
    const body = trailingRepollBody({ arn: FLOW_ARN, windowStart: NOW });

    // Act
    const direct = parseTrailingRepoll(message(body, 'direct'));
    const eventBridge = parseTrailingRepoll(message(body, 'eventbridge'));

    // Assess
    expect([direct, eventBridge]).toEqual([undefined, undefined]);
  });
});

describe('trailingDelaySeconds', () => {
  it('waits for the rest of the window plus a second', () => {
    // Act
    const delays = [
      trailingDelaySeconds(NOW, 10, NOW + 3_000),
      trailingDelaySeconds(NOW, 10, NOW + 9_500),
      trailingDelaySeconds(NOW, 10, NOW + 12_000),
    ];

    // Assess
    expect(delays).toEqual([8, 2, 0]);
  });

  it('waits at most the 15 minutes SQS allows', () => {
    // Act
    const delay = trailingDelaySeconds(NOW, 3600, NOW);

    // Assess
    expect(delay).toBe(900);
  });
});

describe('sqsTrailingRepollScheduler', () => {
  beforeEach(() => sqsMock.reset());

  it('sends the re-poll to the ingest queue, delayed', async () => {
    // Prepare
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'sent-1' });
    const scheduler = sqsTrailingRepollScheduler(new SQSClient({ region: 'us-east-1' }), QUEUE_URL);

    // Act
    await scheduler.schedule({ arn: FLOW_ARN, windowStart: NOW }, 8);

    // Assess
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    expect(sqsMock).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: QUEUE_URL,
      MessageBody: JSON.stringify({ kind: 'repoll', arn: FLOW_ARN, windowStart: NOW }),
      DelaySeconds: 8,
    });
  });

  it('passes a failed send on to the caller', async () => {
    // Prepare
    sqsMock.on(SendMessageCommand).rejects(new Error('AWS.SimpleQueueService.NonExistentQueue'));
    const scheduler = sqsTrailingRepollScheduler(new SQSClient({ region: 'us-east-1' }), QUEUE_URL);

    // Act
    const sent = scheduler.schedule({ arn: FLOW_ARN, windowStart: NOW }, 8);

    // Assess
    await expect(sent).rejects.toThrow('NonExistentQueue');
  });
});
