import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  ConfigValidationError,
  configForTarget,
  inventoryIntervalSeconds,
  loadDeploymentConfig,
  metricSetEnvValue,
  parseConfig,
  parseScheduleExpression,
  type MediaMonitorConfigInput,
} from '../../lib/config';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildMediaMonitorApp } from '../../lib/media-monitor-app';
import { MediaMonitorStack } from '../../lib/media-monitor-stack';
import { cdkJsonContext, FLOW_ARN, TEST_ENV } from './synth';

/** The validation problems of a config, or [] when it is valid. */
function problemsOf(input: unknown): readonly string[] {
  try {
    parseConfig(input);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

const where = (d: { account?: string; region?: string }) => ({ account: d.account, region: d.region });

function configDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mm-config-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('parseConfig', () => {
  it('applies every default to an empty config', () => {
    // Act
    const config = parseConfig({});

    // Assess
    expect(config).toEqual({
      inventorySchedule: 'rate(5 minutes)',
      metricsSchedule: 'rate(1 minute)',
      metricSet: 'health',
      defaultMetricsIntervalSeconds: 300,
      metricsHistoryMinutes: 60,
      tombstoneRetentionHours: 168,
      quotas: {},
      concurrency: { ingest: 2, api: 3 },
      describeConcurrency: 8,
      alarms: {
        createTopic: true,
        existingTopicArns: [],
        defaultAlarms: false,
        flowArns: [],
        sourceArns: [],
        outputArns: [],
      },
      eventHistoryDays: 14,
      repollWindowSeconds: 10,
      api: {
        throttleRateLimit: 50,
        throttleBurstLimit: 100,
        readOnlyPrincipals: [],
        operatorPrincipals: [],
        encryptionRoleArns: [],
        createAccountLogRole: false,
      },
      logRetentionDays: 30,
      removalPolicy: 'retain',
      tableDeletionProtection: true,
      changeEvents: 'cloudtrail',
      sweepPeriodMinutes: { live: 60, off: 5 },
    });
  });

  it.each<[string, unknown, string]>([
    [
      'a plural unit for 1',
      { inventorySchedule: 'rate(1 minutes)' },
      'inventorySchedule: "rate(1 minutes)": write rate(1 minute)',
    ],
    [
      'a singular unit for 5',
      { metricsSchedule: 'rate(5 minute)' },
      'metricsSchedule: "rate(5 minute)": write rate(5 minutes)',
    ],
    [
      'a schedule that is neither rate nor cron',
      { inventorySchedule: 'every 5 minutes' },
      'is not an EventBridge schedule',
    ],
    [
      'the per-process mediaConnectRps of earlier versions',
      { mediaConnectRps: 5 },
      'mediaConnectRps: replaced by quotas: { mediaconnect, medialive, mediapackage, mediapackagev2 }',
    ],
    [
      'the per-process mediaConnectBurst of earlier versions',
      { mediaConnectBurst: 30 },
      'mediaConnectBurst: replaced by quotas: { mediaconnect, medialive, mediapackage, mediapackagev2 }',
    ],
    [
      'the single-service mediaConnectQuota of earlier versions',
      { mediaConnectQuota: { rps: 5 } },
      'mediaConnectQuota: replaced by quotas: { mediaconnect, medialive, mediapackage, mediapackagev2 } (each { rps, burst, margin, shares: ' +
        '{ inventory, ingest, api } }) and concurrency: { ingest, api } (one for every service)',
    ],
    [
      'MediaConnect shares that add up to more than the account quota',
      { quotas: { mediaconnect: { shares: { inventory: 4 } } } },
      "quotas.mediaconnect.shares: shares add up to 6 req/s, more than the account's 5",
    ],
    [
      'MediaLive shares that add up to more than the account quota',
      { quotas: { medialive: { rps: 2 } } },
      "quotas.medialive.shares: shares add up to 5 req/s, more than the account's 2",
    ],
    ['a quota field out of range', { quotas: { medialive: { margin: 1.5 } } }, 'quotas.medialive.margin:'],
    [
      'a quota for a service the monitor does not poll',
      { quotas: { mediatailor: {} } },
      'quotas: Unrecognized key: "mediatailor"',
    ],
    ['a quota that is not an object', { quotas: { medialive: 5 } }, 'quotas.medialive: must be an object'],
    [
      'concurrency inside a service quota',
      { quotas: { medialive: { concurrency: { api: 2 } } } },
      'quotas.medialive.concurrency: set concurrency once, at the top level: concurrency: { ingest, api }',
    ],
    [
      'more API instances than the burst can serve',
      { concurrency: { api: 20 } },
      'concurrency: mediaconnect: the instances',
    ],
    ['an ingest concurrency below the SQS minimum', { concurrency: { ingest: 1 } }, 'concurrency.ingest:'],
    [
      'more describes than the inventory burst of MediaConnect',
      { quotas: { mediaconnect: { burst: 10 } }, concurrency: { api: 1 }, describeConcurrency: 8 },
      "describeConcurrency: must not exceed the inventory's mediaconnect burst (5)",
    ],
    [
      'more describes than the inventory burst of MediaLive',
      { quotas: { medialive: { burst: 12 } }, concurrency: { api: 1 }, describeConcurrency: 8 },
      "describeConcurrency: must not exceed the inventory's medialive burst (6)",
    ],
    [
      'an interval shorter than the schedule',
      { metricsSchedule: 'rate(5 minutes)', defaultMetricsIntervalSeconds: 60 },
      'defaultMetricsIntervalSeconds: must be at least the metrics schedule period (300 s',
    ],
    [
      'an interval that is not whole minutes',
      { defaultMetricsIntervalSeconds: 90 },
      'defaultMetricsIntervalSeconds: must be a multiple of 60',
    ],
    [
      'no topic at all',
      { alarms: { createTopic: false } },
      'alarms: set createTopic to true or list existingTopicArns',
    ],
    [
      'default alarms without resources',
      { alarms: { defaultAlarms: true } },
      'alarms.flowArns: defaultAlarms needs at least one flow',
    ],
    [
      'a deletable table with deletion protection',
      { removalPolicy: 'destroy' },
      'tableDeletionProtection: must be false when removalPolicy is "destroy"',
    ],
    [
      'an API burst below the API rate',
      { api: { throttleRateLimit: 100, throttleBurstLimit: 10 } },
      'api.throttleBurstLimit: must be at least throttleRateLimit (100)',
    ],
    [
      'a log retention CloudWatch does not offer',
      { logRetentionDays: 10 },
      'logRetentionDays: must be one of 1, 3, 5, 7, 14, 30',
    ],
    [
      'an unknown metric',
      { metricSet: ['SourceBitRate', 'NoSuchMetric'] },
      'metricSet: METRIC_SET: unknown metric "NoSuchMetric"',
    ],
    ['a misspelt key', { inventorySchedules: 'rate(5 minutes)' }, 'Unrecognized key: "inventorySchedules"'],
    [
      'a principal that is not an account or IAM ARN',
      { api: { operatorPrincipals: ['alice'] } },
      'api.operatorPrincipals.0: must be an account id or an IAM root/role/user ARN',
    ],
    ['a change path mode that does not exist', { changeEvents: 'eventbridge' }, 'changeEvents:'],
    [
      'a sweep period shorter than the inventory schedule',
      { inventorySchedule: 'rate(10 minutes)', sweepPeriodMinutes: { live: 60, off: 5 } },
      'sweepPeriodMinutes.off: must be at least the inventory schedule\'s interval (10 min from "rate(10 minutes)")',
    ],
    [
      'a sweep period shorter than the 5 minutes a cron schedule counts as',
      { inventorySchedule: 'cron(0/10 * * * ? *)', sweepPeriodMinutes: { live: 4, off: 4 } },
      'sweepPeriodMinutes.live: must be at least the inventory schedule\'s interval (5 min from "cron(0/10 * * * ? *)")',
    ],
    ['a sweep period over a day', { sweepPeriodMinutes: { live: 1441 } }, 'sweepPeriodMinutes.live:'],
    ['a sweep period that is not whole minutes', { sweepPeriodMinutes: { off: 7.5 } }, 'sweepPeriodMinutes.off:'],
    [
      'an off period longer than the live one',
      { sweepPeriodMinutes: { live: 30, off: 45 } },
      'sweepPeriodMinutes.off: must not exceed sweepPeriodMinutes.live (30)',
    ],
    ['a misspelt sweep period', { sweepPeriodMinutes: { broken: 5 } }, 'Unrecognized key: "broken"'],
    [
      'a flow ARN that is not a flow',
      { alarms: { defaultAlarms: true, flowArns: ['arn:aws:s3:::bucket'] } },
      'alarms.flowArns.0: must be a MediaConnect flow ARN',
    ],
  ])('rejects %s with a clear message', (_case, input, expected) => {
    // Act
    const problems = problemsOf(input);

    // Assess
    expect(problems.join('\n')).toContain(expected);
  });

  it('rejects duplicate targets and ARNs of regions no target deploys to', () => {
    // Prepare
    const input = {
      targets: [TEST_ENV, TEST_ENV],
      alarms: {
        existingTopicArns: ['arn:aws:sns:us-west-2:123456789012:alarms'],
        defaultAlarms: true,
        flowArns: [FLOW_ARN.replace('eu-west-1', 'ap-south-1')],
      },
    };

    // Act
    const problems = problemsOf(input);

    // Assess
    expect(problems).toEqual(
      expect.arrayContaining([
        'targets.1: duplicate target 123456789012/eu-west-1',
        'alarms.existingTopicArns.0: arn:aws:sns:us-west-2:123456789012:alarms is in us-west-2, which no target deploys to',
        expect.stringMatching(/^alarms\.flowArns\.0: .* is in 123456789012\/ap-south-1, which is not a target/),
      ]),
    );
  });

  it('requires a topic in every target region when no topic is created', () => {
    // Prepare
    const input = {
      targets: [TEST_ENV, { account: TEST_ENV.account, region: 'us-east-1' }],
      alarms: { createTopic: false, existingTopicArns: ['arn:aws:sns:eu-west-1:123456789012:alarms'] },
    };

    // Act
    const problems = problemsOf(input);

    // Assess
    expect(problems).toEqual([
      'alarms.existingTopicArns: no topic in us-east-1: set createTopic or list a topic of that region',
    ]);
  });

  it('accepts a full, consistent config', () => {
    // Prepare
    const input: MediaMonitorConfigInput = {
      targets: [TEST_ENV],
      inventorySchedule: 'cron(0/10 * * * ? *)',
      metricsSchedule: 'rate(2 minutes)',
      metricSet: ['SourceBitRate', 'OUTPUT:OutputBitrate'],
      defaultMetricsIntervalSeconds: 120,
      alarms: { defaultAlarms: true, flowArns: [FLOW_ARN] },
      api: { readOnlyPrincipals: ['111122223333', 'arn:aws:iam::111122223333:role/Viewer'], externalId: 'media-ops' },
      removalPolicy: 'destroy',
      tableDeletionProtection: false,
      changeEvents: 'off',
      sweepPeriodMinutes: { live: 120, off: 10 },
    };

    // Act
    const problems = problemsOf(input);

    // Assess
    expect(problems).toEqual([]);
  });
});

describe('parseScheduleExpression', () => {
  it('gives the period of a rate in seconds and recognizes cron', () => {
    // Act
    const parsed = ['rate(1 minute)', 'rate(5 minutes)', 'rate(2 hours)', 'rate(1 day)', 'cron(0 12 * * ? *)'].map(
      parseScheduleExpression,
    );

    // Assess
    expect(parsed.map((p) => (p.kind === 'rate' ? p.seconds : p.kind))).toEqual([60, 300, 7200, 86400, 'cron']);
  });
});

describe('inventoryIntervalSeconds', () => {
  it("gives a rate's period and 300 s for a cron", () => {
    // Act
    const intervals = ['rate(1 minute)', 'rate(10 minutes)', 'cron(0/10 * * * ? *)'].map(inventoryIntervalSeconds);

    // Assess
    expect(intervals).toEqual([60, 600, 300]);
  });
});

describe('metricSetEnvValue', () => {
  it('passes set names through and joins metric lists with commas', () => {
    // Act
    const values = [metricSetEnvValue('full'), metricSetEnvValue(['SourceBitRate', 'OUTPUT:OutputBitrate'])];

    // Assess
    expect(values).toEqual(['full', 'SourceBitRate,OUTPUT:OutputBitrate']);
  });
});

describe('loadDeploymentConfig', () => {
  it('reads media-monitor.config.json from the working directory when no path is given', () => {
    // Prepare
    const cwd = configDir({ 'media-monitor.config.json': { targets: [TEST_ENV], eventHistoryDays: 30 } });

    // Act
    const loaded = loadDeploymentConfig({ cwd, env: {} });

    // Assess
    expect(loaded.file).toBe(path.join(cwd, 'media-monitor.config.json'));
    expect(loaded.config.eventHistoryDays).toBe(30);
    expect(loaded.deployments.map(where)).toEqual([TEST_ENV]);
  });

  it('fails when the file named by -c config does not exist', () => {
    // Prepare
    const cwd = configDir({});

    // Act
    const load = () => loadDeploymentConfig({ cwd, env: {}, configPath: 'missing.json' });

    // Assess
    expect(load).toThrow(`Config file not found: ${path.join(cwd, 'missing.json')}`);
  });

  it('names the file and the field of an invalid value', () => {
    // Prepare
    const cwd = configDir({ 'prod.json': { eventHistoryDays: 0 } });

    // Act
    const load = () => loadDeploymentConfig({ cwd, env: {}, configPath: 'prod.json' });

    // Assess
    expect(load).toThrow(`Invalid media-monitor ${path.join(cwd, 'prod.json')}:\n  - eventHistoryDays:`);
  });

  it('reports a file that is not JSON', () => {
    // Prepare
    const cwd = configDir({ 'media-monitor.config.json': '{ targets: [' });

    // Act
    const load = () => loadDeploymentConfig({ cwd, env: {} });

    // Assess
    expect(load).toThrow(/media-monitor\.config\.json is not valid JSON/);
  });

  it('falls back to context values, then to CDK_DEFAULT_ACCOUNT/REGION, then to an env-agnostic target', () => {
    // Prepare
    const cwd = configDir({});
    const env = { CDK_DEFAULT_ACCOUNT: '444455556666', CDK_DEFAULT_REGION: 'us-west-2' };

    // Act
    const fromContext = loadDeploymentConfig({
      cwd,
      env,
      contextAccount: '111122223333',
      contextRegion: 'eu-central-1',
    });
    const fromEnv = loadDeploymentConfig({ cwd, env });
    const agnostic = loadDeploymentConfig({ cwd, env: {} });

    // Assess
    expect(fromContext.deployments.map(where)).toEqual([{ account: '111122223333', region: 'eu-central-1' }]);
    expect(fromEnv.deployments.map(where)).toEqual([{ account: '444455556666', region: 'us-west-2' }]);
    expect(agnostic.deployments).toEqual([{ name: 'default', watch: [], encryptionSetups: [] }]);
  });
});

describe('media-monitor.config.example.json', () => {
  it('is a valid config with two deployments, each watching itself', () => {
    // Act
    const loaded = loadDeploymentConfig({
      cwd: path.resolve(__dirname, '../..'),
      env: {},
      configPath: 'media-monitor.config.example.json',
    });

    // Assess
    expect(loaded.deployments.map(where)).toEqual([
      { account: '111122223333', region: 'eu-west-1' },
      { account: '111122223333', region: 'us-east-1' },
    ]);
    expect(loaded.deployments.map((d) => d.watch.map((w) => `${w.account}/${w.credentials.type}`))).toEqual([
      ['111122223333/execution-role'],
      ['111122223333/execution-role'],
    ]);
    expect(loaded.config.alarms.defaultAlarms).toBe(true);
    expect(Object.keys(loaded.config.quotas)).toEqual(['mediaconnect', 'medialive']);
  });
});

describe('configForTarget', () => {
  it('keeps only the topics and alarm ARNs of the target region and account', () => {
    // Prepare
    const config = parseConfig({
      targets: [TEST_ENV, { account: TEST_ENV.account, region: 'us-east-1' }],
      alarms: {
        existingTopicArns: ['arn:aws:sns:eu-west-1:123456789012:a', 'arn:aws:sns:us-east-1:123456789012:b'],
        defaultAlarms: true,
        flowArns: [FLOW_ARN, FLOW_ARN.replace('eu-west-1', 'us-east-1')],
      },
    });

    // Act
    const forEurope = configForTarget(config, TEST_ENV);

    // Assess
    expect(forEurope.alarms.existingTopicArns).toEqual(['arn:aws:sns:eu-west-1:123456789012:a']);
    expect(forEurope.alarms.flowArns).toEqual([FLOW_ARN]);
  });
});

describe('the earlier targets form', () => {
  // Bundling is skipped (the same code gives the same asset either way): this compares the stacks' resources.
  const context = () => ({ ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] });
  const settings = { eventHistoryDays: 30, alarms: { defaultAlarms: true, flowArns: [FLOW_ARN] } };

  function appTemplates(config: unknown): Array<[string, unknown]> {
    const stacks = buildMediaMonitorApp(new App({ context: context() }), {
      cwd: configDir({ 'media-monitor.config.json': config }),
      env: {},
    });
    return stacks.map((stack) => [stack.stackName, Template.fromStack(stack).toJSON()]);
  }

  it('gives the stack id and template of the deployments form watching itself, and of a stack with no deployment', () => {
    // Prepare
    const parsed = parseConfig({ ...settings, targets: [TEST_ENV] });
    const plain = new MediaMonitorStack(new App({ context: context() }), 'MediaMonitor-123456789012-eu-west-1', {
      env: TEST_ENV,
      config: configForTarget(parsed, TEST_ENV),
      description: 'Media monitor: MediaConnect/MediaLive/MediaPackage state, metrics, events and control API',
    });

    // Act
    const legacy = appTemplates({ ...settings, targets: [TEST_ENV] });
    const deployments = appTemplates({ ...settings, deployments: [TEST_ENV] });

    // Assess
    expect(legacy.map(([id]) => id)).toEqual(['MediaMonitor-123456789012-eu-west-1']);
    expect(deployments).toEqual(legacy);
    expect(legacy[0]![1]).toEqual(Template.fromStack(plain).toJSON());
  });
});
