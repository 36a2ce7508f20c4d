import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createApiDeps } from '../../../lambdas/api/api-wiring';
import { operableTarget } from '../../../lambdas/api/targets';
import type { ClientOptions } from '../../../lambdas/shared/clients';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import type { TargetCredentials } from '../../../lambdas/shared/target-credentials';
import { StateStore } from '../../../lambdas/store/state-store';
import { ACCOUNT, fixedClock, REGION, registryWith } from './api-test-kit';

const ddb = mockClient(DynamoDBDocumentClient);
const credentials = { accessKeyId: 'x', secretAccessKey: 'y' };
const B = '222222222222';
const B_READ = `arn:aws:iam::${B}:role/media-monitor/media-monitor-read-${REGION}`;
const B_OPERATE = `arn:aws:iam::${B}:role/media-monitor/media-monitor-operate-${REGION}`;

describe('API wiring per target', () => {
  beforeEach(() => ddb.reset());

  function wired() {
    const registry = registryWith({
      account: B,
      region: REGION,
      credentials: { type: 'assume-role', roleArn: B_READ },
      operator: { type: 'assume-role', roleArn: B_OPERATE },
    });
    const providers: string[] = [];
    const targetCredentials: TargetCredentials = {
      provider(target, purpose) {
        providers.push(`${target.account}:${purpose}`);
        return async () => ({ accessKeyId: `${target.account}-${purpose}`, secretAccessKey: 's' });
      },
    };
    const made: { kind: string; options: ClientOptions }[] = [];
    const factory =
      <C>(kind: string, make: (o: ClientOptions) => C) =>
      (options: ClientOptions) => {
        made.push({ kind, options });
        return make(options);
      };
    const ownMediaConnect = new MediaConnectClient({ region: REGION, credentials });
    const deps = createApiDeps({
      store: new StateStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION, credentials })), 't'),
      mediaConnect: ownMediaConnect,
      mediaLive: new MediaLiveClient({ region: REGION, credentials }),
      cloudWatch: new CloudWatchClient({ region: REGION, credentials }),
      clock: fixedClock,
      account: ACCOUNT,
      region: REGION,
      tokenSecret: 'a-test-secret-of-enough-length',
      metrics: { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 },
      registry: async () => registry,
      credentials: targetCredentials,
      clientFactories: {
        mediaConnect: factory('mediaconnect', (o) => new MediaConnectClient({ region: o.region, credentials })),
        mediaLive: factory('medialive', (o) => new MediaLiveClient({ region: o.region, credentials })),
      },
    });
    return { deps, registry, providers, made, ownMediaConnect };
  }

  it("makes a member target's action clients with its operator credentials and its reads with its read credentials", () => {
    // Prepare
    const { deps, registry, providers, made } = wired();
    const member = operableTarget(registry, registry.targets[1]!);

    // Act
    const actions = deps.actionsFor(member);
    const again = deps.actionsFor(member);

    // Assess
    expect(providers.sort()).toEqual([`${B}:operate`, `${B}:read`]);
    expect(made.filter((m) => m.kind === 'mediaconnect').map((m) => m.options.region)).toEqual([REGION, REGION]);
    expect(made.every((m) => typeof m.options.credentials === 'function')).toBe(true);
    expect(again.mediaConnect).toBe(actions.mediaConnect);
    expect(actions.mediaConnect).not.toBe(deps.mediaConnect);
  });

  it("uses the deployment's own clients for its own account, with the function's role", () => {
    // Prepare
    const { deps, registry, providers, ownMediaConnect } = wired();

    // Act
    const actions = deps.actionsFor(operableTarget(registry, registry.targets[0]!));

    // Assess
    expect(actions.mediaConnect).toBe(ownMediaConnect);
    expect(providers).toEqual([]);
  });

  it('gives each target its own MediaLive bucket', () => {
    // Prepare
    const { deps, registry } = wired();
    const limiterOf = (budget: unknown) => (budget as { limiter: unknown }).limiter;

    // Act
    const own = deps.actionsFor(operableTarget(registry, registry.targets[0]!)).mediaLive.budget();
    const member = deps.actionsFor(operableTarget(registry, registry.targets[1]!)).mediaLive.budget();

    // Assess
    expect(limiterOf(member)).not.toBe(limiterOf(own));
    expect(limiterOf(own)).toBe(limiterOf(deps.mediaLive.budget()));
  });
});
