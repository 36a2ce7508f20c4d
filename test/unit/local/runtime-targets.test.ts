import type { LambdaHandler, LocalFunctionSpec } from '../../../bin/local/local-functions';
import { localTargets, MEMBER_ACCOUNT } from '../../../bin/local/member-accounts';
import { runtimeEnvironment, scheduledTargets, startLocalRuntime } from '../../../bin/local/runtime';
import { ENV } from '../../../lambdas/shared/env';
import { parseTargetRegistry } from '../../../lambdas/shared/watched-targets';

const OWN = { account: '123456789012', region: 'eu-west-1' };
const MEMBER_KEY = `${MEMBER_ACCOUNT}#eu-west-1`;
const BASE = { ...OWN, tableName: 'unit', dynamodbEndpoint: 'http://127.0.0.1:1' };

const SPECS: LocalFunctionSpec[] = [
  {
    name: 'mediaconnect-inventory',
    entry: 'fake/mc.ts',
    timeoutSeconds: 5,
    memoryMb: 128,
    inventoryOf: 'mediaconnect',
  },
  { name: 'medialive-inventory', entry: 'fake/ml.ts', timeoutSeconds: 5, memoryMb: 128, inventoryOf: 'medialive' },
  { name: 'metrics', entry: 'fake/metrics.ts', timeoutSeconds: 5, memoryMb: 128 },
  { name: 'alarm-reconcile', entry: 'fake/reconcile.ts', timeoutSeconds: 5, memoryMb: 128 },
];

describe('local runtime with watched targets', () => {
  const savedEnv = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  });

  it('gives every function the registry as WATCHED_TARGETS, with its defaults filled in', () => {
    // Act
    const environment = runtimeEnvironment({ ...BASE, targets: localTargets(OWN), functions: SPECS });

    // Assess
    const registry = parseTargetRegistry(environment[ENV.watchedTargets], ENV.watchedTargets);
    expect(registry.deployment).toEqual({ ...OWN, name: 'local' });
    expect(registry.targets).toEqual([
      expect.objectContaining({ ...OWN, credentials: { type: 'execution-role' } }),
      expect.objectContaining({
        account: MEMBER_ACCOUNT,
        region: 'eu-west-1',
        credentials: {
          type: 'assume-role',
          roleArn: `arn:aws:iam::${MEMBER_ACCOUNT}:role/media-monitor/media-monitor-read-eu-west-1`,
          sessionDurationSeconds: 3600,
        },
        operator: {
          type: 'assume-role',
          roleArn: `arn:aws:iam::${MEMBER_ACCOUNT}:role/media-monitor/media-monitor-operate-eu-west-1`,
          sessionDurationSeconds: 3600,
        },
        services: ['mediaconnect'],
      }),
    ]);
    expect(environment[ENV.accountId]).toBe(OWN.account);
  });

  it('sets no WATCHED_TARGETS without targets: the functions watch their own account', () => {
    // Act
    const environment = runtimeEnvironment({ ...BASE, functions: SPECS });

    // Assess
    expect(environment[ENV.watchedTargets]).toBeUndefined();
  });

  it('schedules an inventory for each target that watches its service, the others for every target', () => {
    // Prepare
    const registry = parseTargetRegistry(localTargets(OWN), 'test');

    // Act
    const labels = Object.fromEntries(
      SPECS.map((spec) => [spec.name, scheduledTargets(spec, registry, OWN).map((run) => run.label)]),
    );

    // Assess
    expect(labels).toEqual({
      'mediaconnect-inventory': ['mediaconnect-inventory', `mediaconnect-inventory@${MEMBER_KEY}`],
      'medialive-inventory': ['medialive-inventory'],
      metrics: ['metrics', `metrics@${MEMBER_KEY}`],
      'alarm-reconcile': ['alarm-reconcile', `alarm-reconcile@${MEMBER_KEY}`],
    });
  });

  it('invokes each poller once per target: the own target with the Scheduled Event, the member with {target}', async () => {
    // Prepare
    const events: [string, unknown][] = [];
    const runtime = await startLocalRuntime({
      ...BASE,
      targets: localTargets(OWN),
      invokePort: 0,
      apiPort: false,
      schedules: false,
      cloudTrail: false,
      functions: SPECS,
      load: (spec) => (async (event: unknown) => void events.push([spec.name, event])) as LambdaHandler,
    });

    // Act
    const inventory = await runtime.runInventory();
    const metrics = await runtime.runMetrics();
    await runtime.stop();

    // Assess
    expect(inventory.ok && metrics.ok).toBe(true);
    const scheduled = expect.objectContaining({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      account: OWN.account,
      region: OWN.region,
    });
    expect(events).toEqual(
      expect.arrayContaining([
        ['mediaconnect-inventory', scheduled],
        ['mediaconnect-inventory', { target: MEMBER_KEY }],
        ['medialive-inventory', scheduled],
        ['metrics', scheduled],
        ['metrics', { target: MEMBER_KEY }],
      ]),
    );
    expect(events).toHaveLength(5);
    expect(Object.keys(runtime.schedules().inventories)).toEqual([
      'mediaconnect-inventory',
      `mediaconnect-inventory@${MEMBER_KEY}`,
      'medialive-inventory',
    ]);
  });

  it('names the target whose run failed in the combined outcome', async () => {
    // Prepare
    const runtime = await startLocalRuntime({
      ...BASE,
      targets: localTargets(OWN),
      invokePort: 0,
      apiPort: false,
      schedules: false,
      cloudTrail: false,
      functions: SPECS,
      load: () =>
        (async (event: { target?: string }) => {
          if (event.target) throw Object.assign(new Error('credentials failed'), { name: 'TargetCredentialsError' });
        }) as LambdaHandler,
    });

    // Act
    const outcome = await runtime.runMetrics();
    await runtime.stop();

    // Assess
    expect(outcome).toMatchObject({
      ok: false,
      errorType: 'TargetCredentialsError',
      errorMessage: `metrics@${MEMBER_KEY}: credentials failed`,
    });
  });
});
