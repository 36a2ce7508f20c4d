import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { InMemoryInventoryStore } from '../../../bin/bench/in-memory-inventory-store';
import { createMetricsHandler } from '../../../lambdas/metrics/metrics-handler';
import { groupArnsByTarget, metricsOptionsFor } from '../../../lambdas/metrics/metrics-targets';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { ClientOptions, createCloudWatchClient } from '../../../lambdas/shared/clients';
import { ConfigError } from '../../../lambdas/shared/env';
import { ValidationError } from '../../../lambdas/shared/errors';
import {
  TargetCredentials,
  TargetCredentialsError,
  TargetCredentialsFailure,
} from '../../../lambdas/shared/target-credentials';
import { parseTargetRegistry, targetKey, WatchedTarget } from '../../../lambdas/shared/watched-targets';
import { LEASE_SK, listPk, listSk, META_SK, pollerPk, resourcePk, STATUS_SK } from '../../../lambdas/store/keys';

/** The metrics poller per watched target: GetMetricData in the resource's account, with the target's credentials. */

const cloudWatchMock = mockClient(CloudWatchClient);

const REGION = 'eu-west-1';
const OWN = '111111111111';
const ASSUMED = '222222222222';
const KEY_PAIR = '333333333333';

const registry = parseTargetRegistry(
  {
    deployment: { account: OWN, region: REGION, name: 'eu' },
    targets: [
      { account: OWN, region: REGION, services: ['mediaconnect'] },
      {
        account: ASSUMED,
        region: REGION,
        credentials: { type: 'assume-role', roleArn: `arn:aws:iam::${ASSUMED}:role/media-monitor/read-${REGION}` },
        metricSet: 'full',
      },
      {
        account: KEY_PAIR,
        region: REGION,
        services: ['mediaconnect', 'medialive'],
        credentials: {
          type: 'key-pair',
          secretArn: `arn:aws:secretsmanager:${REGION}:${OWN}:secret:mm/partner-AbCdEf`,
        },
      },
    ],
  },
  'test registry',
);
const target = (account: string) => registry.targets.find((t) => t.account === account) as WatchedTarget;

const channelArn = (account: string, id: string) => `arn:aws:medialive:${REGION}:${account}:channel:${id}`;
const flowArn = (account: string, name: string) =>
  `arn:aws:mediaconnect:${REGION}:${account}:flow:1-abcdef0123456789-abcdef012345:${name}`;

/** A running MediaLive channel as its inventory stores it. */
function seedChannel(store: InMemoryInventoryStore, account: string, id: string): string {
  const arn = channelArn(account, id);
  store.seed({
    pk: resourcePk(arn),
    sk: META_SK,
    gsi1pk: listPk('medialive:channel', account, REGION),
    gsi1sk: listSk(`Channel${id}`, arn),
    type: 'medialive:channel',
    account,
    region: REGION,
    observedAt: '2026-12-02T06:00:00.000Z',
    version: 1,
    arn,
    id,
    name: `Channel${id}`,
    status: 'RUNNING',
    channelClass: 'SINGLE_PIPELINE',
    encoder: { outputGroups: [{ name: 'udp', type: 'UDP', outputCount: 1 }], video: [] },
  });
  return arn;
}

/** Providers whose keys name the target's account, or fail with the failure set for the target. */
class FakeCredentials implements TargetCredentials {
  readonly failures = new Map<string, TargetCredentialsFailure>();

  provider(t: WatchedTarget) {
    if (t.credentials.type === 'execution-role') return undefined;
    const key = targetKey(t);
    return async () => {
      const failure = this.failures.get(key);
      if (failure) throw new TargetCredentialsError(key, failure);
      return { accessKeyId: `AKIA${t.account}`, secretAccessKey: 'not-a-real-secret' };
    };
  }
}

const context = {
  functionName: 'metrics',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${OWN}:function:metrics`,
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 55_000,
} as unknown as Context;

describe('groupArnsByTarget', () => {
  it('groups a re-poll’s ARNs by the target of their account and Region, and sets apart those of none', () => {
    // Prepare
    const arns = [
      channelArn(ASSUMED, '1'),
      flowArn(KEY_PAIR, 'Alpha'),
      channelArn(ASSUMED, '2'),
      flowArn('999999999999', 'Alpha'),
      `arn:aws:mediaconnect:us-east-1:${ASSUMED}:flow:1-abcdef0123456789-abcdef012345:Alpha`,
      channelArn(ASSUMED, '1'),
    ];

    // Act
    const { groups, foreign } = groupArnsByTarget(registry, arns);

    // Assess
    expect(groups.map((g) => [targetKey(g.target), g.arns])).toEqual([
      [`${ASSUMED}#${REGION}`, [channelArn(ASSUMED, '1'), channelArn(ASSUMED, '2')]],
      [`${KEY_PAIR}#${REGION}`, [flowArn(KEY_PAIR, 'Alpha')]],
    ]);
    expect(foreign).toEqual([arns[3], arns[4]]);
  });

  it('places moto’s account-less MediaPackage ARN with the one target of the Region that watches MediaPackage', () => {
    // Act
    const { groups, foreign } = groupArnsByTarget(registry, ['arn:aws:mediapackage:channel:live-1']);

    // Assess
    expect(groups.map((g) => targetKey(g.target))).toEqual([`${ASSUMED}#${REGION}`]);
    expect(foreign).toEqual([]);
  });
});

describe('metricsOptionsFor', () => {
  const settings = { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 };

  it('takes the target’s account and Region, and its metric set when it has one', () => {
    // Act
    const own = metricsOptionsFor(target(OWN), settings);
    const assumed = metricsOptionsFor(target(ASSUMED), settings);

    // Assess
    expect(own).toMatchObject({ account: OWN, region: REGION, metricSet: { name: 'health' } });
    expect(assumed).toMatchObject({ account: ASSUMED, region: REGION, metricSet: { name: 'full' } });
  });

  it('refuses an unknown metric set of a target with a ConfigError naming the target', () => {
    // Act
    const read = () => metricsOptionsFor({ ...target(ASSUMED), metricSet: 'most' }, settings);

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(`Invalid metric set of target ${ASSUMED}#${REGION}`);
  });
});

describe('the metrics handler per watched target', () => {
  let store: InMemoryInventoryStore;
  let credentials: FakeCredentials;
  let clients: { options: ClientOptions; client: CloudWatchClient }[];
  /** The account of each GetMetricData call, by the credentials of the client it went to. */
  let callsIn: string[];
  let handler: ReturnType<typeof createMetricsHandler>;

  beforeAll(() => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  });

  beforeEach(() => {
    cloudWatchMock.reset();
    store = new InMemoryInventoryStore();
    credentials = new FakeCredentials();
    clients = [];
    callsIn = [];
    cloudWatchMock.on(GetMetricDataCommand).callsFake(async (_input: unknown, getClient: () => unknown) => {
      const entry = clients.find((c) => c.client === getClient());
      const identity = entry?.options.credentials ? await entry.options.credentials() : undefined;
      callsIn.push(identity ? identity.accessKeyId.replace(/^AKIA/, '') : OWN);
      return { MetricDataResults: [] };
    });
    handler = createMetricsHandler({
      registry: { get: async () => registry },
      credentials,
      store,
      env: { AWS_REGION: REGION },
      cloudWatchFactory: (options) => {
        const client = createCloudWatchClient(options);
        clients.push({ options, client });
        return client;
      },
    });
  });

  it('polls a target’s due resources in its account with its metric set, under its own lease and status', async () => {
    // Prepare
    seedChannel(store, ASSUMED, '1');
    seedChannel(store, OWN, '9');

    // Act
    const outcome = await handler({ target: `${ASSUMED}#${REGION}` }, context);

    // Assess
    expect(outcome).toMatchObject({
      mode: 'scheduled',
      account: ASSUMED,
      region: REGION,
      metricSet: 'full',
      polled: 1,
    });
    expect(callsIn).toEqual([ASSUMED]);
    expect(clients.map((c) => c.options.region)).toEqual([REGION]);
    expect(store.item(pollerPk('metrics', ASSUMED, REGION), STATUS_SK)).toMatchObject({ account: ASSUMED });
    expect(store.item(pollerPk('metrics', OWN, REGION), STATUS_SK)).toBeUndefined();
    expect(store.writes).toContainEqual({ op: 'delete', pk: pollerPk('metrics', ASSUMED, REGION), sk: LEASE_SK });
  });

  it('polls the deployment’s own target with the function’s own role on a legacy Scheduled Event', async () => {
    // Prepare: the own target watches MediaConnect only, so its MediaLive channel is not its to poll.
    seedChannel(store, OWN, '9');

    // Act
    const outcome = await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context);

    // Assess
    expect(outcome).toMatchObject({ mode: 'scheduled', account: OWN, metricSet: 'health', considered: 0 });
    expect(clients.map((c) => c.options)).toEqual([{ region: REGION }]);
    expect(callsIn).toEqual([]);
  });

  it('re-polls each target’s resources with that target’s client and drops those of unwatched accounts', async () => {
    // Prepare
    const assumed = seedChannel(store, ASSUMED, '1');
    const other = seedChannel(store, KEY_PAIR, '2');
    const foreign = seedChannel(store, '999999999999', '3');

    // Act
    const outcome = await handler({ arns: [assumed, other, foreign] }, context);

    // Assess
    expect(outcome).toMatchObject({
      mode: 'targeted',
      foreignArns: 1,
      targets: [
        { account: ASSUMED, polled: 1 },
        { account: KEY_PAIR, polled: 1 },
      ],
    });
    expect([...callsIn].sort()).toEqual([ASSUMED, KEY_PAIR]);
    expect(clients).toHaveLength(2);
  });

  it('writes credentials-failed for a target whose credentials fail, reads nothing and returns', async () => {
    // Prepare
    seedChannel(store, KEY_PAIR, '2');
    credentials.failures.set(`${KEY_PAIR}#${REGION}`, 'AccessDenied');

    // Act
    const outcome = await handler({ target: `${KEY_PAIR}#${REGION}` }, context);

    // Assess
    expect(outcome).toEqual({
      poller: 'metrics',
      account: KEY_PAIR,
      region: REGION,
      outcome: 'credentials-failed',
      failure: 'AccessDenied',
    });
    expect(callsIn).toEqual([]);
    expect(store.item(pollerPk('metrics', KEY_PAIR, REGION), STATUS_SK)).toMatchObject({
      lastCycle: { outcome: 'credentials-failed', errors: ['AccessDenied'] },
    });
  });

  it('re-polls the other targets when one target’s credentials fail', async () => {
    // Prepare
    const assumed = seedChannel(store, ASSUMED, '1');
    const failing = seedChannel(store, KEY_PAIR, '2');
    credentials.failures.set(`${KEY_PAIR}#${REGION}`, 'ResourceNotFoundException');

    // Act
    const outcome = await handler({ arns: [failing, assumed] }, context);

    // Assess
    expect(outcome).toMatchObject({
      targets: [
        { account: KEY_PAIR, outcome: 'credentials-failed', failure: 'ResourceNotFoundException' },
        { account: ASSUMED, polled: 1 },
      ],
    });
    expect(callsIn).toEqual([ASSUMED]);
    expect(store.item(pollerPk('metrics', KEY_PAIR, REGION), STATUS_SK)).toBeUndefined();
  });

  it('refuses a target the registry does not hold with a ValidationError', async () => {
    // Act
    const run = handler({ target: `999999999999#${REGION}` }, context);

    // Assess
    await expect(run).rejects.toThrow(ValidationError);
    expect(callsIn).toEqual([]);
  });
});
