import { logLevel, summarizeLogLine } from '../../../bin/local/log-capture';
import {
  cloudTrailEmulation,
  combineOutcomes,
  mergeScheduleStates,
  runtimeEnvironment,
  scheduledEvent,
} from '../../../bin/local/runtime';
import { alarmTopicArn } from '../../../bin/local/sample-events';
import { frameText } from '../../../bin/local/terminal-screen';
import { ENV } from '../../../lambdas/shared/env';

const BASE = {
  region: 'eu-west-1',
  account: '123456789012',
  tableName: 'media-monitor-demo',
  dynamodbEndpoint: 'http://127.0.0.1:4567',
};

describe('local runtime environment', () => {
  it('points the handlers at the emulators, the local table and the local alarm topic', () => {
    // Act
    const env = runtimeEnvironment({
      ...BASE,
      awsEndpoint: 'http://127.0.0.1:5000',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });

    // Assess
    expect(env).toMatchObject({
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:5000',
      DYNAMODB_ENDPOINT_URL: 'http://127.0.0.1:4567',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4567',
      AWS_ACCESS_KEY_ID: 'testing',
      [ENV.tableName]: 'media-monitor-demo',
      [ENV.accountId]: '123456789012',
      [ENV.expectedTopicArns]: alarmTopicArn('eu-west-1', '123456789012'),
      [ENV.apiRoleHeaderEnabled]: 'true',
      [ENV.pollerIntervals]:
        'mediaconnect-inventory=300,medialive-inventory=300,mediapackage-inventory=300,mediapackagev2-inventory=300,' +
        'metrics=60,alarm-reconcile=900',
    });
    expect(env[ENV.apiTokenSecret]!.length).toBeGreaterThanOrEqual(16);
  });

  it('leaves real AWS to the default endpoint and credential chain', () => {
    // Act
    const env = runtimeEnvironment({ ...BASE, inventoryEverySeconds: 120 });

    // Assess
    expect(env.AWS_ENDPOINT_URL).toBeUndefined();
    expect(env.AWS_ACCESS_KEY_ID).toBeUndefined();
    expect(env.DYNAMODB_ENDPOINT_URL).toBe('http://127.0.0.1:4567');
    expect(env[ENV.pollerIntervals]).toBe(
      'mediaconnect-inventory=120,medialive-inventory=120,mediapackage-inventory=120,mediapackagev2-inventory=120,' +
        'metrics=60,alarm-reconcile=900',
    );
  });

  it('runs the handlers with the change path on where the emulator sends CloudTrail events, and off against real AWS', () => {
    // Act
    const emulated = runtimeEnvironment({ ...BASE, awsEndpoint: 'http://127.0.0.1:5000', inventoryEverySeconds: 60 });
    const declined = runtimeEnvironment({ ...BASE, awsEndpoint: 'http://127.0.0.1:5000', cloudTrail: false });
    const realAws = runtimeEnvironment(BASE);

    // Assess
    expect(emulated).toMatchObject({ [ENV.changeEvents]: 'cloudtrail', [ENV.inventoryIntervalSeconds]: '60' });
    expect(cloudTrailEmulation({ ...BASE, awsEndpoint: 'http://127.0.0.1:5000' })).toEqual({});
    expect(declined[ENV.changeEvents]).toBe('off');
    expect(realAws).toMatchObject({ [ENV.changeEvents]: 'off', [ENV.inventoryIntervalSeconds]: '300' });
    expect(cloudTrailEmulation(BASE)).toBeUndefined();
  });

  it('gives every service with an inventory function its own quota variable, with the same default schema', () => {
    // Act
    const env = runtimeEnvironment(BASE);

    // Assess
    const mediaConnect = JSON.parse(env.MEDIACONNECT_QUOTA!) as Record<string, unknown>;
    const mediaLive = JSON.parse(env.MEDIALIVE_QUOTA!) as Record<string, unknown>;
    expect(mediaLive).toEqual(mediaConnect);
    expect(mediaLive).toMatchObject({ rps: 5, burst: 30 });
  });

  it('combines side-by-side inventory invocations into one outcome that names the failed function', () => {
    // Prepare
    const ok = { ok: true as const, result: { flows: 2 }, durationMs: 40, requestId: 'a' };
    const failed = {
      ok: false as const,
      errorType: 'Sandbox.Timedout',
      errorMessage: 'Task timed out after 240.00 seconds',
      durationMs: 90,
      requestId: 'b',
    };

    // Act
    const allOk = combineOutcomes([['mediaconnect-inventory', ok]]);
    const oneFailed = combineOutcomes([
      ['mediaconnect-inventory', ok],
      ['medialive-inventory', failed],
    ]);

    // Assess
    expect(allOk).toEqual({
      ok: true,
      result: { 'mediaconnect-inventory': { flows: 2 } },
      durationMs: 40,
      requestId: 'a',
    });
    expect(oneFailed).toMatchObject({
      ok: false,
      errorType: 'Sandbox.Timedout',
      errorMessage: 'medialive-inventory: Task timed out after 240.00 seconds',
      durationMs: 90,
    });
  });

  it('merges the inventory schedules: fewest runs, latest start, every error, soonest next tick', () => {
    // Act
    const merged = mergeScheduleStates([
      { runs: 3, running: false, lastStartedAt: 100, nextAt: 500 },
      { runs: 2, running: true, lastStartedAt: 200, lastError: 'KeyError: boom', nextAt: 400 },
    ]);

    // Assess
    expect(merged).toEqual({ runs: 2, running: true, lastStartedAt: 200, lastError: 'KeyError: boom', nextAt: 400 });
  });

  it('builds the event an EventBridge rate rule delivers', () => {
    // Act
    const event = scheduledEvent('inventory', 'eu-west-1', '123456789012', Date.UTC(2026, 10, 25, 12, 0, 0, 500));

    // Assess
    expect(event).toMatchObject({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      time: '2026-11-25T12:00:00Z',
      resources: ['arn:aws:events:eu-west-1:123456789012:rule/inventory'],
      detail: {},
    });
  });
});

describe('terminal output', () => {
  it('draws a frame from the top-left corner, clearing each line’s rest and everything below', () => {
    // Act / Assess
    expect(frameText(['a', 'b'])).toBe('\x1b[Ha\x1b[K\nb\x1b[K\n\x1b[J');
  });

  it.each([
    ['{"level":"WARN","message":"slow","service":"mediaconnect-metrics"}', 'WARN'],
    ['{"level":"ERROR","message":"boom"}', 'ERROR'],
    ['{"level":"INFO","message":"ok"}', 'INFO'],
    ['TypeError: x is undefined', 'ERROR'],
    ['127.0.0.1 - - "POST / HTTP/1.1" 200 -', undefined],
  ])('reads the level of %p as %p', (line, level) => {
    // Act / Assess
    expect(logLevel(line)).toBe(level);
  });

  it('summarizes a Powertools log line in one line', () => {
    // Act / Assess
    expect(
      summarizeLogLine(
        '{"level":"WARN","service":"event-ingest","message":"message unparsed","error":{"message":"bad topic"}}',
      ),
    ).toBe('WARN event-ingest: message unparsed (bad topic)');
  });
});
