/**
 * Concurrent grants of one entitlement name over the real wire: moto_server (MediaConnect) and dynalite (the claim's
 * conditional write). Region: eu-west-3 (this file's own; moto partitions state by region).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateFlowCommand, DescribeFlowCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createApiHandler, ApiHandler } from '../../../lambdas/api/api-handler';
import { createApiDeps } from '../../../lambdas/api/api-wiring';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { createTestStore, motoConfig } from '../emulator-env';

const REGION = 'eu-west-3';
const ACCOUNT = '123456789012';
const mediaConnect = new MediaConnectClient(motoConfig(REGION));

async function grant(handler: ApiHandler, flowArn: string, name: string): Promise<number> {
  const event = {
    httpMethod: 'POST',
    path: `/flows/${encodeURIComponent(flowArn)}/entitlements`,
    headers: { 'content-type': 'application/json', 'x-mediamon-role': 'operator' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: JSON.stringify({ name, subscribers: ['444455556666'] }),
    isBase64Encoded: false,
    resource: '/{proxy+}',
    requestContext: { stage: 'v1', requestId: 'it', identity: { userArn: null, caller: null } },
  } as unknown as APIGatewayProxyEvent;
  const result = await handler(event, { awsRequestId: `it-${Math.random()}` } as Context);
  return result.statusCode;
}

describe('concurrent entitlement grants against moto and dynalite', () => {
  it('lets exactly one of six parallel grants of one name through to MediaConnect, and 409s the rest', async () => {
    // Prepare
    const { store } = await createTestStore('grant-race');
    const deps = createApiDeps({
      store,
      mediaConnect,
      cloudWatch: new CloudWatchClient({ ...motoConfig(REGION), disableRequestCompression: true }),
      clock: { now: () => Date.now() },
      account: ACCOUNT,
      region: REGION,
      tokenSecret: 'integration-test-token-secret',
      metrics: { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 },
      mediaConnectRps: 50,
      mediaConnectBurst: 100,
    });
    const handler = createApiHandler(deps, {
      log: { warn: () => undefined, error: () => undefined },
      roleHeaderEnabled: true,
    });
    const created = await mediaConnect.send(
      new CreateFlowCommand({
        Name: 'RaceShow',
        AvailabilityZone: `${REGION}a`,
        Source: { Name: 'src', Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' },
      }),
    );
    const flowArn = created.Flow!.FlowArn!;
    await deps.refreshFlow(flowArn);

    // Act
    const statuses = await Promise.all(Array.from({ length: 6 }, () => grant(handler, flowArn, 'Raced')));
    const atMoto = (await mediaConnect.send(new DescribeFlowCommand({ FlowArn: flowArn }))).Flow!;
    const afterwards = await grant(handler, flowArn, 'Raced');

    // Assess
    expect(statuses.sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect((atMoto.Entitlements ?? []).filter((e) => e.Name === 'Raced')).toHaveLength(1);
    expect(afterwards).toBe(409);
  });
});
