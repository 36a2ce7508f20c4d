import {
  alarmNotification,
  alarmTopicArn,
  flowStatusChangeEvent,
  sampleAlarmName,
} from '../../../bin/local/sample-events';
import { entryMessages } from '../../../lambdas/events/entry-forms';
import { parseMessage } from '../../../lambdas/events/message-parser';

const WHERE = { region: 'eu-west-1', account: '123456789012' };
const FLOW = 'arn:aws:mediaconnect:eu-west-1:123456789012:flow:1-abc:News';
const SOURCE = 'arn:aws:mediaconnect:eu-west-1:123456789012:source:1-abc:Main';
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0, 250);
const SETTINGS = { expectedTopicArns: new Set([alarmTopicArn(WHERE.region, WHERE.account)]) };

/** What the ingest function makes of an event invoked directly: its entry form and each message parsed. */
function ingestView(event: unknown, now: number) {
  const { form, messages } = entryMessages(event, now);
  return { form, outcomes: messages.map((m) => parseMessage(m, SETTINGS, now).outcome) };
}

describe('sample real-time events', () => {
  it('is an SNS delivery of a per-source CloudWatch alarm that the ingest function reads as that alarm', () => {
    // Act
    const seen = ingestView(
      alarmNotification({ flowArn: FLOW, sourceArn: SOURCE, ...WHERE }, 'source-disconnected', 'ALARM', NOW),
      NOW,
    );

    // Assess
    expect(seen.form).toBe('sns');
    expect(seen.outcomes).toEqual([
      expect.objectContaining({
        kind: 'alarm',
        alarm: expect.objectContaining({
          name: sampleAlarmName(SOURCE, 'source-disconnected'),
          state: 'ALARM',
          previousState: 'OK',
          region: 'eu-west-1',
          account: '123456789012',
          version: NOW,
          metrics: [
            expect.objectContaining({
              namespace: 'AWS/MediaConnect',
              metricName: 'SourceConnected',
              dimensions: { SourceARN: SOURCE },
            }),
          ],
        }),
      }),
    ]);
  });

  it('sends the OK of the same alarm as a later state change', () => {
    // Act
    const seen = ingestView(
      alarmNotification(
        { flowArn: FLOW, sourceArn: SOURCE, ...WHERE },
        'source-not-recovered-packets',
        'OK',
        NOW + 5_000,
      ),
      NOW + 5_000,
    );

    // Assess
    expect(seen.outcomes[0]).toMatchObject({
      kind: 'alarm',
      alarm: { name: sampleAlarmName(SOURCE, 'source-not-recovered-packets'), state: 'OK', version: NOW + 5_000 },
    });
  });

  it('names the alarm as the CDK FlowAlarms names a per-source alarm', () => {
    // Act / Assess
    expect(sampleAlarmName(SOURCE, 'source-disconnected')).toMatch(
      /^mediamonitor-Main-source-disconnected-[0-9a-f]{8}$/,
    );
  });

  it('is an EventBridge Flow Status Change that the ingest function reads as a MediaConnect event', () => {
    // Prepare
    const event = flowStatusChangeEvent(FLOW, 'ACTIVE', 'STOPPING', WHERE, NOW);

    // Act
    const seen = ingestView(event, NOW);

    // Assess
    expect(event).toMatchObject({
      source: 'aws.mediaconnect',
      'detail-type': 'MediaConnect Flow Status Change',
      resources: [FLOW],
      detail: { currentStatus: 'STOPPING', previousStatus: 'ACTIVE' },
    });
    expect(seen.form).toBe('eventbridge');
    expect(seen.outcomes).toEqual([expect.objectContaining({ kind: 'event' })]);
  });
});
