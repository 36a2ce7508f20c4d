import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ConfigValidationError, type MediaMonitorConfig } from '../../lib/config';
import type { DeploymentSpec } from '../../lib/deployment-spec';
import { buildMediaMonitorApp, buildMediaMonitorAppStacks, stackIdFor } from '../../lib/media-monitor-app';
import type { MediaMonitorMemberStackProps } from '../../lib/media-monitor-member-stack';
import { FLOW_ARN, TEST_ENV } from './synth';

// The real stack bundles four functions; these tests are about targets and config, so a bare stack stands in.
jest.mock('../../lib/media-monitor-stack', () => {
  const { Stack: CdkStack } = jest.requireActual<typeof import('aws-cdk-lib')>('aws-cdk-lib');
  return {
    MediaMonitorStack: class extends CdkStack {
      public readonly config: unknown;
      public readonly deployment: unknown;
      constructor(
        scope: never,
        id: string,
        props: { env?: { account?: string; region?: string }; config: unknown; deployment?: unknown },
      ) {
        super(scope, id, props);
        this.config = props.config;
        this.deployment = props.deployment;
      }
    },
  };
});
jest.mock('../../lib/media-monitor-member-stack', () => {
  const { Stack: CdkStack } = jest.requireActual<typeof import('aws-cdk-lib')>('aws-cdk-lib');
  return {
    MediaMonitorMemberStack: class extends CdkStack {
      public readonly props: unknown;
      constructor(scope: never, id: string, props: { env?: { account?: string; region?: string } }) {
        super(scope, id, props);
        this.props = props;
      }
    },
  };
});

type BuiltStack = Stack & { config: MediaMonitorConfig; deployment?: DeploymentSpec };
type BuiltMember = Stack & { props: MediaMonitorMemberStackProps };
const ROOT = path.resolve(__dirname, '../..');

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

  it('gives the multi-account sample one stack per deployment and one member stack per member target', () => {
    // Prepare
    const app = new App({ context: { config: 'media-monitor.config.multi-account.example.json' } });

    // Act
    const { deployments, members } = buildMediaMonitorAppStacks(app, { cwd: ROOT, env: {} });

    // Assess
    expect(app.node.children.map((c) => c.node.id)).toEqual([
      'MediaMonitor-111111111111-eu-west-1',
      'MediaMonitorMember-222222222222-eu-west-1',
      'MediaMonitorMember-333333333333-eu-west-1',
      'MediaMonitor-111111111111-us-east-1',
      'MediaMonitorMember-222222222222-us-east-1',
    ]);
    expect(deployments.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['MediaMonitor-111111111111-eu-west-1', '111111111111', 'eu-west-1'],
      ['MediaMonitor-111111111111-us-east-1', '111111111111', 'us-east-1'],
    ]);
    expect(members.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['MediaMonitorMember-222222222222-eu-west-1', '222222222222', 'eu-west-1'],
      ['MediaMonitorMember-333333333333-eu-west-1', '333333333333', 'eu-west-1'],
      ['MediaMonitorMember-222222222222-us-east-1', '222222222222', 'us-east-1'],
    ]);
  });

  it("passes each stack its deployment, and each member stack its target, deployment and account's setups", () => {
    // Prepare
    const app = new App({ context: { config: 'media-monitor.config.multi-account.example.json' } });

    // Act
    const { deployments, members } = buildMediaMonitorAppStacks(app, { cwd: ROOT, env: {} });

    // Assess
    const [eu, us] = deployments as unknown as BuiltStack[];
    expect([eu!.deployment!.name, eu!.deployment!.watch.length, us!.deployment!.name]).toEqual(['eu', 3, 'us']);
    expect(
      (members as unknown as BuiltMember[]).map(({ props }) => [
        props.deployment,
        props.target.account,
        props.target.region,
        props.changeEvents,
        props.encryptionSetups?.map((s) => s.name),
      ]),
    ).toEqual([
      [
        { name: 'eu', account: '111111111111', region: 'eu-west-1' },
        '222222222222',
        'eu-west-1',
        'cloudtrail',
        ['zixi-partner'],
      ],
      [{ name: 'eu', account: '111111111111', region: 'eu-west-1' }, '333333333333', 'eu-west-1', 'cloudtrail', []],
      [{ name: 'us', account: '111111111111', region: 'us-east-1' }, '222222222222', 'us-east-1', 'cloudtrail', []],
    ]);
    expect(eu!.dependencies.map((d) => d.stackName)).toEqual([
      'MediaMonitorMember-222222222222-eu-west-1',
      'MediaMonitorMember-333333333333-eu-west-1',
    ]);
  });

  it('creates no member stack for the own account or a target whose memberStack is false', () => {
    // Prepare
    const cwd = workspace({
      deployments: [
        {
          account: '111111111111',
          region: 'eu-west-1',
          watch: [
            { account: '111111111111', region: 'eu-west-1', memberStack: true },
            { account: '222222222222', region: 'eu-west-1', memberStack: false },
            { account: '333333333333', region: 'eu-west-1' },
          ],
        },
      ],
    });

    // Act
    const { members } = buildMediaMonitorAppStacks(new App(), { cwd, env: {} });

    // Assess
    expect(members.map((s) => s.stackName)).toEqual(['MediaMonitorMember-333333333333-eu-west-1']);
  });

  it('gives an env-agnostic stack no deployment and a known one a deployment watching itself', () => {
    // Act
    const [agnostic] = buildMediaMonitorApp(new App(), { cwd: workspace(), env: {} }) as unknown as BuiltStack[];
    const [known] = buildMediaMonitorApp(new App(), {
      cwd: workspace(),
      env: { CDK_DEFAULT_ACCOUNT: '444455556666', CDK_DEFAULT_REGION: 'us-west-2' },
    }) as unknown as BuiltStack[];

    // Assess
    expect([agnostic!.stackName, agnostic!.deployment]).toEqual(['MediaMonitor', undefined]);
    expect(known!.deployment!.watch.map((w) => [w.account, w.region, w.credentials.type])).toEqual([
      ['444455556666', 'us-west-2', 'execution-role'],
    ]);
  });

  it('names an env-agnostic stack MediaMonitor', () => {
    // Act
    const ids = [stackIdFor({}), stackIdFor({ region: 'eu-west-1' }), stackIdFor(TEST_ENV)];

    // Assess
    expect(ids).toEqual(['MediaMonitor', 'MediaMonitor-eu-west-1', 'MediaMonitor-123456789012-eu-west-1']);
  });
});
