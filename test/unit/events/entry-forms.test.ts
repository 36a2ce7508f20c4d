import { entryMessages } from '../../../lambdas/events/entry-forms';
import { fixture, NOW } from './event-fixtures';

describe('entryMessages', () => {
  it('reads each SQS record as a message: its id, body, SentTimestamp and region', () => {
    // Prepare
    const body = JSON.stringify(fixture('sns-envelope-sqs'));
    const event = {
      Records: [
        {
          messageId: 'm-1',
          body,
          eventSource: 'aws:sqs',
          awsRegion: 'eu-west-1',
          attributes: { SentTimestamp: '1715681714000' },
        },
        { messageId: 'm-2', eventSource: 'aws:sqs' },
      ],
    };

    // Act
    const { form, messages } = entryMessages(event, NOW);

    // Assess
    expect(form).toBe('sqs');
    expect(messages[0]).toEqual({
      id: 'm-1',
      body,
      receivedAt: NOW,
      sentAt: 1715681714000,
      regionHint: 'eu-west-1',
      origin: 'sqs',
    });
    expect(messages[1]).toMatchObject({ id: 'm-2', body: JSON.stringify(event.Records[1]) });
  });

  it('reads a direct SNS delivery as one message per notification, the envelope as the body', () => {
    // Prepare
    const event = fixture('sns-lambda-event');

    // Act
    const { form, messages } = entryMessages(event, NOW);

    // Assess
    expect(form).toBe('sns');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: '95df01b4-ee98-5cb9-9903-4c221d41eb5e', origin: 'sns' });
    expect(JSON.parse(messages[0]!.body)).toMatchObject({ Type: 'Notification', SigningCertUrl: expect.any(String) });
  });

  it('reads a bare EventBridge event as one message', () => {
    // Prepare
    const event = fixture('mediaconnect-flow-health');

    // Act
    const { form, messages } = entryMessages(event, NOW);

    // Assess
    expect(form).toBe('eventbridge');
    expect(messages).toEqual([{ id: event.id, body: JSON.stringify(event), receivedAt: NOW, origin: 'eventbridge' }]);
  });

  it.each([[{}], [null], ['text'], [{ Records: [] }], [{ Records: [{ eventSource: 'aws:kinesis' }] }]])(
    'turns %j into one message to record as unparsed',
    (event) => {
      // Act
      const { form, messages } = entryMessages(event, NOW);

      // Assess
      expect(form).toBe('unknown');
      expect(messages).toHaveLength(1);
      expect(messages[0]?.origin).toBe('direct');
    },
  );
});
