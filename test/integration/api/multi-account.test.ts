/**
 * The API over two moto accounts: the default one (the deployment's own) and 222222222222, reached by assume-role
 * (moto separates accounts by credentials). Region: eu-north-1 (this file's own; moto partitions state by region).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  CreateFlowCommand,
  DescribeFlowCommand,
  MediaConnectClient,
  StartFlowCommand,
} from '@aws-sdk/client-mediaconnect';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createApiHandler, ApiHandler } from '../../../lambdas/api/api-handler';
import { createApiDeps } from '../../../lambdas/api/api-wiring';
import { operableTarget } from '../../../lambdas/api/targets';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import type { ClientOptions } from '../../../lambdas/shared/clients';
import { createTargetCredentials } from '../../../lambdas/shared/target-credentials';
import { parseTargetRegistry } from '../../../lambdas/shared/watched-targets';
import { createTestStore, motoConfig } from '../emulator-env';

const REGION = 'eu-north-1';
const OWN = '123456789012';
const MEMBER = '222222222222';
const MEMBER_ROLE = `arn:aws:iam::${MEMBER}:role/media-monitor/media-monitor-read-${REGION}`;
const METRICS = { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 };
const log = { warn: () => undefined, error: () => undefined };
const clock = { now: () => Date.now() };

const registry = parseTargetRegistry(
  {
    deployment: { account: OWN, region: REGION, name: 'it' },
    targets: [
      { account: OWN, region: REGION },
      {
        account: MEMBER,
        region: REGION,
        credentials: { type: 'assume-role', roleArn: MEMBER_ROLE },
        operator: { type: 'assume-role', roleArn: MEMBER_ROLE.replace('read', 'operate') },
      },
    ],
  },
  'it registry',
);
const credentials = createTargetCredentials({
  sts: new STSClient(motoConfig(REGION)),
  secrets: new SecretsManagerClient(motoConfig(REGION)),
  clock,
  sessionName: 'media-monitor-it',
});
const mediaConnectOf = (o: ClientOptions) =>
  new MediaConnectClient({
    ...motoConfig(o.region ?? REGION),
    ...(o.credentials ? { credentials: o.credentials } : {}),
  });
const own = new MediaConnectClient(motoConfig(REGION));
const member = mediaConnectOf({ credentials: credentials.provider(registry.targets[1]!, 'read')! });

async function createFlow(client: MediaConnectClient, name: string): Promise<string> {
  const created = await client.send(
    new CreateFlowCommand({
      Name: name,
      AvailabilityZone: `${REGION}a`,
      Source: { Name: `${name}-src`, Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' },
    }),
  );
  return created.Flow!.FlowArn!;
}

function requestTo(handler: ApiHandler) {
  return async (method: string, path: string, query?: Record<string, string>) => {
    const event = {
      httpMethod: method,
      path,
      headers: { 'x-mediamon-role': 'operator' },
      multiValueHeaders: {},
      queryStringParameters: query ?? null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      resource: '/{proxy+}',
      requestContext: { stage: 'v1', requestId: 'it', identity: { userArn: null, caller: null } },
    } as unknown as APIGatewayProxyEvent;
    const result = await handler(event, { awsRequestId: `it-${Math.random()}` } as Context);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: result.statusCode, body: result.body ? (JSON.parse(result.body) as any) : undefined };
  };
}

describe('the API over two moto accounts', () => {
  let call: ReturnType<typeof requestTo>;
  let ownFlow: string;
  let memberFlow: string;

  beforeAll(async () => {
    const { store } = await createTestStore('multi-account-api');
    const deps = createApiDeps({
      store,
      mediaConnect: own,
      cloudWatch: new CloudWatchClient({ ...motoConfig(REGION), disableRequestCompression: true }),
      clock,
      account: OWN,
      region: REGION,
      tokenSecret: 'integration-test-token-secret',
      metrics: METRICS,
      registry: async () => registry,
      credentials,
      clientFactories: { mediaConnect: mediaConnectOf },
    });
    call = requestTo(createApiHandler(deps, { log, roleHeaderEnabled: true }));
    ownFlow = await createFlow(own, 'Feed');
    memberFlow = await createFlow(member, 'Feed');
    await member.send(new StartFlowCommand({ FlowArn: memberFlow }));
    await deps.refreshFlow(ownFlow);
    await deps.actionsFor(operableTarget(registry, registry.targets[1]!)).refreshFlow(memberFlow);
  });

  it('creates the member flow in the member account', () => {
    // Assess
    expect(memberFlow).toContain(`:${MEMBER}:flow:`);
    expect(ownFlow).toContain(`:${OWN}:flow:`);
  });

  it('lists the flows of both accounts together, and each apart', async () => {
    // Act
    const all = await call('GET', '/flows');
    const memberOnly = await call('GET', '/flows', { account: MEMBER });

    // Assess
    expect(all.status).toBe(200);
    expect(all.body.items.map((f: { arn: string; account: string }) => [f.account, f.arn])).toEqual([
      [OWN, ownFlow],
      [MEMBER, memberFlow],
    ]);
    expect(memberOnly.body.items.map((f: { arn: string }) => f.arn)).toEqual([memberFlow]);
  });

  it('stops the member flow with operator credentials, in the member account only', async () => {
    // Act
    const response = await call('POST', `/flows/${encodeURIComponent(memberFlow)}/stop`);

    // Assess
    expect(response.status).toBe(202);
    const atMember = await member.send(new DescribeFlowCommand({ FlowArn: memberFlow }));
    expect(['STOPPING', 'STANDBY']).toContain(atMember.Flow?.Status);
    await expect(own.send(new DescribeFlowCommand({ FlowArn: memberFlow }))).rejects.toThrow();
  });

  it('shows one summary row per target', async () => {
    // Act
    const response = await call('GET', '/summary');

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.targets.map((t: { account: string }) => t.account)).toEqual([OWN, MEMBER]);
    expect(response.body.targets[1].credentials).toEqual({ type: 'assume-role', roleArn: MEMBER_ROLE });
  });
});
