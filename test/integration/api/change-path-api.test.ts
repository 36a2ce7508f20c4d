/**
 * The API's half of the change path over the real wire: a flow started through the API (moto) is recorded in dynalite
 * as a call CloudTrail should report, and `/summary` judges the path from it; the ingest's half is played by
 * `recordDeliveredCall`, as the ingest calls it for the CloudTrail event.
 * Region: eu-west-2 (this file's own; moto partitions state by region).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateFlowCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createApiHandler } from '../../../lambdas/api/api-handler';
import { createApiDeps } from '../../../lambdas/api/api-wiring';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { recordDeliveredCall } from '../../../lambdas/store/change-path';
import type { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, motoConfig } from '../emulator-env';

const REGION = 'eu-west-2';
const ACCOUNT = '123456789012';
const MIN = 60_000;

const mediaConnect = new MediaConnectClient(motoConfig(REGION));
const cloudWatch = new CloudWatchClient({ ...motoConfig(REGION), disableRequestCompression: true });
let shiftMs = 0;
const clock = { now: () => Date.now() + shiftMs };
const log = { warn: () => undefined, error: () => undefined };

describe('the change path through the API, against moto and dynalite', () => {
  let store: StateStore;
  let call: (method: string, path: string) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let flowArn: string;

  beforeAll(async () => {
    ({ store } = await createTestStore('change-path-api'));
    const deps = createApiDeps({
      store,
      mediaConnect,
      cloudWatch,
      clock,
      account: ACCOUNT,
      region: REGION,
      tokenSecret: 'integration-test-token-secret',
      metrics: { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 },
      mediaConnectRps: 50,
      mediaConnectBurst: 100,
      changeEvents: 'cloudtrail',
      sweepPeriods: { liveMinutes: 60, offMinutes: 5 },
    });
    const handler = createApiHandler(deps, { log, roleHeaderEnabled: true });
    call = async (method, path) => {
      const event = {
        httpMethod: method,
        path,
        headers: { 'content-type': 'application/json', 'x-mediamon-role': 'operator' },
        multiValueHeaders: {},
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        stageVariables: null,
        body: null,
        isBase64Encoded: false,
        resource: '/{proxy+}',
        requestContext: { stage: 'v1', requestId: 'it', identity: { userArn: null, caller: null } },
      } as unknown as APIGatewayProxyEvent;
      const result = await handler(event, { awsRequestId: `it-${Math.random()}` } as Context);
      return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
    };
    const created = await mediaConnect.send(
      new CreateFlowCommand({
        Name: 'ChangePathShow',
        AvailabilityZone: `${REGION}a`,
        Source: { Name: 'src', Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' },
      }),
    );
    flowArn = created.Flow!.FlowArn!;
    await deps.refreshFlow(flowArn);
  });

  it('shows the path unproven after a start, broken when CloudTrail never reports it, live once it does', async () => {
    // Prepare
    const startedAt = clock.now();

    // Act
    const started = await call('POST', `/flows/${encodeURIComponent(flowArn)}/start`);
    const pending = (await call('GET', '/summary')).body.changePath;
    shiftMs = 16 * MIN;
    const overdue = (await call('GET', '/summary')).body.changePath;
    await recordDeliveredCall(
      store,
      { account: ACCOUNT, region: REGION },
      { eventName: 'StartFlow', arn: flowArn, eventTimeMs: startedAt + 2_000 },
    );
    const reported = (await call('GET', '/summary')).body.changePath;

    // Assess
    expect(started.status).toBe(202);
    expect(pending).toMatchObject({
      mode: 'cloudtrail',
      status: 'unproven',
      unconfirmedCalls: 1,
      sweepPeriodMinutes: 5,
    });
    expect(overdue).toMatchObject({ status: 'broken', overdue: [`StartFlow ${flowArn}`], sweepPeriodMinutes: 5 });
    expect(reported).toMatchObject({
      status: 'live',
      lastEventName: 'StartFlow',
      unconfirmedCalls: 0,
      overdue: [],
      sweepPeriodMinutes: 60,
    });
  });
});
