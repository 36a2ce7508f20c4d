import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { MonitorFunction } from '../../lib/monitor-function';
import {
  assertHasResourceDefinition,
  assertHasResource,
  FUNCTION_PREFIXES,
  referenceTemplate,
  resourcesOfType,
  type SynthesizedTemplate,
} from './synth';

/**
 * Bundle-size guards in KB (minified index.js), by function. The target is 500 KB. MediaLive's client brings about
 * 190 KB of its own on top of the shared SDK core, so the functions that carry it get their own guards, a little above
 * what they measure (README "Bundling"): the event ingest 822 KB (guard 840: every service's change-call table and the
 * CloudTrail parser add about 19 KB) and the API 802 KB (guard 820), which carry every media SDK they re-poll or act on
 * (MediaConnect, MediaLive, MediaPackage v1 and v2) and the chain reader; the MediaLive inventory (guard 600), which
 * carries only its own.
 * MediaPackage's client is small (about 27 KB on top of the core): its inventory measures 427 KB. The MediaPackage v2
 * inventory measures 499 KB (guard 520): v2's client 3.699.0 brings its own older smithy core.
 * Issue 13 (many accounts): the ingest and the alarm reconciliation read each target with its own credentials, which
 * brings the STS, Secrets Manager and SSM clients: the ingest measures 965 KB (guard 980), the reconciliation 583 KB
 * (guard 600).
 */
const BUNDLE_GUARD_KB: Record<keyof typeof FUNCTION_PREFIXES, number> = {
  // Issue 13: every poller reads its target with the target's credentials (STS ~19 KiB, Secrets Manager ~14 KiB) and
  // the registry from SSM (~77 KiB). Measured: MediaConnect 583, MediaLive 720, MediaPackage 598, v2 581, metrics 560.
  mediaConnectInventory: 600,
  mediaLiveInventory: 740,
  mediaPackageInventory: 620,
  mediaPackageV2Inventory: 600,
  metrics: 580,
  ingest: 980,
  alarmReconcile: 600,
  // 941 KB measured with the watched targets (issue 13): client-ssm (the targets parameter, ~77 KiB) and client-sts
  // (assume-role, ~19 KiB) are in the API bundle.
  api: 960,
};
const guardOf = (id: string) => {
  const [key] = Object.entries(FUNCTION_PREFIXES).find(([, prefix]) => id.startsWith(prefix))!;
  return BUNDLE_GUARD_KB[key as keyof typeof FUNCTION_PREFIXES];
};

describe('MonitorFunction in the media monitor stack', () => {
  let synthesized: SynthesizedTemplate;
  beforeAll(() => {
    synthesized = referenceTemplate();
  }, 180_000);

  const functions = () => resourcesOfType(synthesized.template, 'AWS::Lambda::Function');

  it('creates exactly the eight monitor functions: one inventory per service, metrics, ingest, alarms, API', () => {
    // Act
    const ids = Object.keys(functions());

    // Assess
    expect(ids).toHaveLength(8);
    for (const prefix of Object.values(FUNCTION_PREFIXES)) expect(ids.some((id) => id.startsWith(prefix))).toBe(true);
  });

  it('runs every function on nodejs22.x, arm64, with source maps and without X-Ray tracing', () => {
    // Assess
    for (const fn of Object.values(functions())) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
      });
      expect(fn.Properties?.TracingConfig).toBeUndefined();
    }
  });

  it('gives every function its own log group with the configured retention', () => {
    // Prepare
    const logGroups = resourcesOfType(synthesized.template, 'AWS::Logs::LogGroup');

    // Assess
    for (const fn of Object.values(functions())) {
      const logGroupRef = (fn.Properties!.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(logGroups[logGroupRef]?.Properties).toEqual({ RetentionInDays: 90 });
    }
  });

  it('gives the scheduled pollers an encrypted, TLS-only dead-letter queue and no async retries', () => {
    // Assess
    for (const prefix of [
      FUNCTION_PREFIXES.mediaConnectInventory,
      FUNCTION_PREFIXES.mediaLiveInventory,
      FUNCTION_PREFIXES.mediaPackageInventory,
    ])
      assertHasResource(synthesized.template, 'AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: Match.stringLikeRegexp(`^${prefix}`) },
        MaximumRetryAttempts: 0,
        MaximumEventAgeInSeconds: 240,
      });
    assertHasResource(synthesized.template, 'AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp(`^${FUNCTION_PREFIXES.metrics}`) },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
    });
    for (const prefix of [
      FUNCTION_PREFIXES.mediaConnectInventory,
      FUNCTION_PREFIXES.mediaLiveInventory,
      FUNCTION_PREFIXES.metrics,
    ]) {
      const [, fn] = Object.entries(functions()).find(([id]) => id.startsWith(prefix))!;
      const dlqId = (fn.Properties!.DeadLetterConfig as { TargetArn: { 'Fn::GetAtt': [string, string] } }).TargetArn[
        'Fn::GetAtt'
      ][0];
      assertHasResourceDefinition(synthesized.template, 'AWS::SQS::Queue', {
        Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 },
      });
      assertHasResource(synthesized.template, 'AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: dlqId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('gives the queue-driven and synchronous functions no async dead-letter queue', () => {
    // Assess
    for (const prefix of [FUNCTION_PREFIXES.ingest, FUNCTION_PREFIXES.api]) {
      const [, fn] = Object.entries(functions()).find(([id]) => id.startsWith(prefix))!;
      expect(fn.Properties!.DeadLetterConfig).toBeUndefined();
    }
  });

  it('uses no AWS managed policy on any function role', () => {
    // Prepare
    const roles = resourcesOfType(synthesized.template, 'AWS::IAM::Role');
    const functionRoleIds = Object.values(functions()).map(
      (fn) => (fn.Properties!.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0],
    );

    // Assess
    for (const id of functionRoleIds) expect(roles[id]!.Properties!.ManagedPolicyArns).toBeUndefined();
  });

  it('bundles the pinned AWS SDK into every handler, each within its size guard', () => {
    // Act
    const bundles = Object.entries(synthesized.bundles).map(([id, b]) => ({
      id,
      kb: Math.ceil(b.bytes / 1000),
      guard: guardOf(id),
      includesSdk: b.includesSdk,
    }));

    // Assess
    expect(bundles).toHaveLength(8);
    expect(bundles.filter((b) => !b.includesSdk)).toEqual([]);
    expect(bundles.filter((b) => b.kb > b.guard)).toEqual([]);
  });

  it('loads every bundle in Node with its function environment and exports a handler function', () => {
    // Act
    const handlerTypes = Object.entries(synthesized.bundles).map(([id, b]) => ({ id, handlerType: b.handlerType }));

    // Assess
    expect(handlerTypes).toHaveLength(8);
    expect(handlerTypes.filter((b) => b.handlerType !== 'function')).toEqual([]);
  });
});

describe('MonitorFunction props', () => {
  const stack = () => new Stack(new App(), 'PropsTest');

  it.each<[string, Partial<ConstructorParameters<typeof MonitorFunction>[2]>, string]>([
    ['a timeout above 15 minutes', { timeout: Duration.minutes(16) }, 'timeout must be 1-900 seconds'],
    ['too little memory', { memorySize: 64 }, 'memorySize must be 128-10240 MB'],
    ['three async retries', { asyncInvocation: { retryAttempts: 3 } }, 'retryAttempts must be 0, 1 or 2'],
    [
      'an event age under a minute',
      { asyncInvocation: { maxEventAge: Duration.seconds(30) } },
      'maxEventAge must be 60 s - 6 h',
    ],
    ['a JavaScript entry', { entry: 'lambdas/functions/api/handler.js' }, 'entry must be a TypeScript handler file'],
  ])('rejects %s', (_case, overrides, message) => {
    // Act
    const create = () =>
      new MonitorFunction(stack(), 'Fn', { entry: 'lambdas/functions/api/handler.ts', ...overrides });

    // Assess
    expect(create).toThrow(message);
  });
});
