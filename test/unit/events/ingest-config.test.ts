import { ingestSettingsFromEnv } from '../../../lambdas/events/ingest-config';

describe('ingestSettingsFromEnv', () => {
  it('uses the defaults when nothing is set: any topic, 14 days of history, a 10 s re-poll window', () => {
    // Act
    const settings = ingestSettingsFromEnv({});

    // Assess
    expect(settings).toMatchObject({ eventHistoryDays: 14, repollWindowSeconds: 10 });
    expect(settings.expectedTopicArns.size).toBe(0);
  });

  it('reads a comma-separated topic list and the numbers', () => {
    // Act
    const settings = ingestSettingsFromEnv({
      EXPECTED_TOPIC_ARNS: 'arn:aws:sns:us-east-1:111122223333:a, arn:aws:sns:us-east-1:111122223333:b.fifo',
      EVENT_HISTORY_DAYS: '30',
      REPOLL_WINDOW_SECONDS: '0',
    });

    // Assess
    expect([...settings.expectedTopicArns]).toEqual([
      'arn:aws:sns:us-east-1:111122223333:a',
      'arn:aws:sns:us-east-1:111122223333:b.fifo',
    ]);
    expect(settings).toMatchObject({ eventHistoryDays: 30, repollWindowSeconds: 0 });
  });

  it.each([
    [{ EXPECTED_TOPIC_ARNS: 'not-an-arn' }, /expectedTopicArns/],
    [{ EVENT_HISTORY_DAYS: '0' }, /eventHistoryDays/],
    [{ REPOLL_WINDOW_SECONDS: 'soon' }, /repollWindowSeconds/],
  ])('refuses %j at cold start', (env, message) => {
    // Act & Assess
    expect(() => ingestSettingsFromEnv(env)).toThrow(message);
  });
});
