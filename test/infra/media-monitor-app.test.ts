import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ConfigValidationError, type MediaMonitorConfig } from '../../lib/config';
import { buildMediaMonitorApp, stackIdFor } from '../../lib/media-monitor-app';
import { FLOW_ARN, TEST_ENV } from './synth';

// The real stack bundles four functions; these tests are about targets and config, so a bare stack stands in.
jest.mock('../../lib/media-monitor-stack', () => {
  const { Stack: CdkStack } = jest.requireActual<typeof import('aws-cdk-lib')>('aws-cdk-lib');
  return {
    MediaMonitorStack: class extends CdkStack {
      public readonly config: unknown;
      constructor(scope: never, id: string, props: { env?: { account?: string; region?: string }; config: unknown }) {
        super(scope, id, props);
        this.config = props.config;
      }
    },
  };
});

type BuiltStack = Stack & { config: MediaMonitorConfig };

function workspace(config?: unknown): string {
  const cwd = mkdtempSync(path.join(tmpdir(), 'mm-app-'));
  if (config !== undefined) writeFileSync(path.join(cwd, 'media-monitor.config.json'), JSON.stringify(config));
  return cwd;
}

const US_EAST = { account: '123456789012', region: 'us-east-1' };

describe('buildMediaMonitorApp', () => {
  it('creates one stack per target, each in its account and region with its own ARNs', () => {
    // Prepare
    const cwd = workspace({
      targets: [TEST_ENV, US_EAST],
      alarms: { defaultAlarms: true, flowArns: [FLOW_ARN, FLOW_ARN.replace('eu-west-1', 'us-east-1')] },
    });

    // Act
    const stacks = buildMediaMonitorApp(new App(), { cwd, env: {} }) as unknown as BuiltStack[];

    // Assess
    expect(stacks.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['MediaMonitor-123456789012-eu-west-1', '123456789012', 'eu-west-1'],
      ['MediaMonitor-123456789012-us-east-1', '123456789012', 'us-east-1'],
    ]);
    expect(stacks.map((s) => s.config.alarms.flowArns)).toEqual([
      [FLOW_ARN],
      [FLOW_ARN.replace('eu-west-1', 'us-east-1')],
    ]);
  });

  it('reads the file named by -c config, and the target from -c account and -c region', () => {
    // Prepare
    const cwd = workspace();
    writeFileSync(path.join(cwd, 'prod.json'), JSON.stringify({ eventHistoryDays: 45 }));
    const app = new App({ context: { config: 'prod.json', account: '111122223333', region: 'ap-south-1' } });

    // Act
    const stacks = buildMediaMonitorApp(app, { cwd, env: {} }) as unknown as BuiltStack[];

    // Assess
    expect(stacks.map((s) => [s.stackName, s.config.eventHistoryDays])).toEqual([
      ['MediaMonitor-111122223333-ap-south-1', 45],
    ]);
  });

  it('fails with every problem of an invalid config file', () => {
    // Prepare
    const cwd = workspace({ mediaConnectRps: 0, alarms: { createTopic: false } });

    // Act
    const build = () => buildMediaMonitorApp(new App(), { cwd, env: {} });

    // Assess
    expect(build).toThrow(ConfigValidationError);
    expect(build).toThrow(/mediaConnectRps: .*\n {2}- alarms: set createTopic to true or list existingTopicArns/);
  });

  it('checks the app with cdk-nag when it synthesizes', () => {
    // Prepare
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'mm-app-out-')) });
    const [stack] = buildMediaMonitorApp(app, { cwd: workspace(), env: {} });
    new sqs.Queue(stack!, 'PlainQueue');

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).toThrow(/AwsSolutions-SQS4/);
  });

  it('names an env-agnostic stack MediaMonitor', () => {
    // Act
    const ids = [stackIdFor({}), stackIdFor({ region: 'eu-west-1' }), stackIdFor(TEST_ENV)];

    // Assess
    expect(ids).toEqual(['MediaMonitor', 'MediaMonitor-eu-west-1', 'MediaMonitor-123456789012-eu-west-1']);
  });
});
