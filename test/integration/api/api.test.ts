/**
 * The API over the real wire: moto_server (MediaConnect, CloudWatch, STS) and dynalite, driven through the Lambda
 * handler and, for the CLI, through the local HTTP adapter with SigV4-signed requests.
 * Region: eu-central-1 (this file's own; moto partitions state by region).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateFlowCommand, DescribeFlowCommand, Flow, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createApiHandler, ApiHandler } from '../../../lambdas/api/api-handler';
import type { ApiDeps } from '../../../lambdas/api/api-deps';
import { createApiDeps } from '../../../lambdas/api/api-wiring';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { pollMetrics } from '../../../lambdas/metrics/metrics-poller';
import { META_SK, resourcePk } from '../../../lambdas/store/keys';
import { StateStore } from '../../../lambdas/store/state-store';
import { startApiServer, RunningApiServer } from '../../../bin/local/api-server';
import { runCli } from '../../../bin/cli/run-cli';
import { createTestStore, emulatorEndpoints, motoConfig } from '../emulator-env';

const REGION = 'eu-central-1';
const ACCOUNT = '123456789012';
const METRICS = { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 };

const mediaConnect = new MediaConnectClient(motoConfig(REGION));
const cloudWatch = new CloudWatchClient({ ...motoConfig(REGION), disableRequestCompression: true });
/** The API's clock: real time plus a shift the polling test moves forward. */
let shiftMs = 0;
const clock = { now: () => Date.now() + shiftMs };
const log = { warn: () => undefined, error: () => undefined };

async function createFlow(name: string): Promise<Flow> {
  const created = await mediaConnect.send(
    new CreateFlowCommand({
      Name: name,
      AvailabilityZone: `${REGION}a`,
      Source: { Name: `${name}-src`, Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' },
      Outputs: [{ Name: `${name}-out`, Protocol: 'srt-caller', Destination: '10.0.1.1', Port: 6000 }],
    }),
  );
  return created.Flow!;
}

async function describeAtMoto(flowArn: string): Promise<Flow> {
  return (await mediaConnect.send(new DescribeFlowCommand({ FlowArn: flowArn }))).Flow!;
}

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, unknown>;
}

function requestTo(handler: ApiHandler) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string>,
    role = 'operator',
  ): Promise<Answer> => {
    const event = {
      httpMethod: method,
      path,
      headers: { 'content-type': 'application/json', 'x-mediamon-role': role },
      multiValueHeaders: {},
      queryStringParameters: query ?? null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body: body === undefined ? null : JSON.stringify(body),
      isBase64Encoded: false,
      resource: '/{proxy+}',
      requestContext: { stage: 'v1', requestId: 'it', identity: { userArn: null, caller: null } },
    } as unknown as APIGatewayProxyEvent;
    const result = await handler(event, { awsRequestId: `it-${Math.random()}` } as Context);
    return {
      status: result.statusCode,
      body: result.body ? JSON.parse(result.body) : undefined,
      headers: result.headers ?? {},
    };
  };
}

describe('API against moto and dynalite', () => {
  let store: StateStore;
  let deps: ApiDeps;
  let call: ReturnType<typeof requestTo>;
  let flow: Flow;
  let flowPath: string;

  beforeAll(async () => {
    ({ store } = await createTestStore('api'));
    deps = createApiDeps({
      store,
      mediaConnect,
      cloudWatch,
      clock,
      account: ACCOUNT,
      region: REGION,
      tokenSecret: 'integration-test-token-secret',
      metrics: METRICS,
      mediaConnectRps: 50,
      mediaConnectBurst: 100,
      encryptionRoleArns: [`arn:aws:iam::${ACCOUNT}:role/MediaConnect-ASM`],
    });
    call = requestTo(createApiHandler(deps, { log, roleHeaderEnabled: true }));
    flow = await createFlow('ApiShow');
    flowPath = `/flows/${encodeURIComponent(flow.FlowArn!)}`;
    await deps.refreshFlow(flow.FlowArn!);
  });

  beforeEach(() => {
    shiftMs = 0;
  });

  it('lists and describes the stored flow', async () => {
    // Act
    const list = await call('GET', '/flows', undefined, { namePrefix: 'ApiSh' });
    const tree = await call('GET', flowPath);

    // Assess
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ arn: flow.FlowArn, name: 'ApiShow', account: ACCOUNT, region: REGION }),
    ]);
    expect(tree.status).toBe(200);
    expect(tree.body).toMatchObject({ arn: flow.FlowArn, name: 'ApiShow', status: 'STANDBY' });
    expect(tree.body.sources).toEqual([expect.objectContaining({ name: 'ApiShow-src' })]);
    expect(tree.body.outputs).toEqual([expect.objectContaining({ name: 'ApiShow-out' })]);
  });

  it('grants, updates and revokes an entitlement, at MediaConnect and in the store', async () => {
    // Act
    const granted = await call('POST', `${flowPath}/entitlements`, {
      name: 'AnyCompany',
      subscribers: ['444455556666'],
      description: 'For AnyCompany',
      dataTransferSubscriberFeePercent: 15,
      encryption: {
        keyType: 'static-key',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/MediaConnect-ASM`,
        secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:mySecret1`,
        algorithm: 'aes128',
      },
    });
    const entitlementArn: string = granted.body.entitlementArn;
    const atMotoAfterGrant = await describeAtMoto(flow.FlowArn!);
    const storedAfterGrant = await call('GET', flowPath);
    const duplicate = await call('POST', `${flowPath}/entitlements`, {
      name: 'AnyCompany',
      subscribers: ['444455556666'],
    });

    const entitlementPath = `${flowPath}/entitlements/${encodeURIComponent(entitlementArn)}`;
    const updated = await call('PATCH', entitlementPath, {
      entitlementStatus: 'DISABLED',
      description: 'Paused',
      subscribers: ['444455556666', '777788889999'],
    });
    const atMotoAfterUpdate = await describeAtMoto(flow.FlowArn!);
    const storedAfterUpdate = await call('GET', flowPath);

    const revoked = await call('DELETE', entitlementPath);
    const atMotoAfterRevoke = await describeAtMoto(flow.FlowArn!);
    const storedAfterRevoke = await call('GET', flowPath);
    const events = await call('GET', '/events', undefined, { resourceArn: flow.FlowArn! });

    // Assess
    expect(granted.status).toBe(201);
    expect(entitlementArn).toMatch(new RegExp(`^arn:aws:mediaconnect:${REGION}:${ACCOUNT}:entitlement:.+:AnyCompany$`));
    expect(granted.body).toMatchObject({
      refreshed: true,
      subscriberHandoff: { entitlementArn, region: REGION, dataTransferSubscriberFeePercent: 15 },
    });
    expect(atMotoAfterGrant.Entitlements).toEqual([
      expect.objectContaining({
        EntitlementArn: entitlementArn,
        Name: 'AnyCompany',
        Subscribers: ['444455556666'],
        DataTransferSubscriberFeePercent: 15,
      }),
    ]);
    expect(storedAfterGrant.body.entitlements).toEqual([
      expect.objectContaining({ arn: entitlementArn, name: 'AnyCompany', subscribers: ['444455556666'] }),
    ]);
    expect(duplicate.status).toBe(409);

    expect(updated.status).toBe(200);
    expect(atMotoAfterUpdate.Entitlements).toEqual([
      expect.objectContaining({
        EntitlementArn: entitlementArn,
        EntitlementStatus: 'DISABLED',
        Description: 'Paused',
        Subscribers: ['444455556666', '777788889999'],
      }),
    ]);
    expect(storedAfterUpdate.body.entitlements).toEqual([
      expect.objectContaining({
        arn: entitlementArn,
        status: 'DISABLED',
        description: 'Paused',
        subscribers: ['444455556666', '777788889999'],
      }),
    ]);

    expect(revoked.status).toBe(200);
    expect(atMotoAfterRevoke.Entitlements ?? []).toEqual([]);
    expect(storedAfterRevoke.body.entitlements).toEqual([]);
    expect(
      events.body.items.filter((e: { kind: string }) => e.kind === 'audit').map((e: { action: string }) => e.action),
    ).toEqual(['entitlement.revoke', 'entitlement.update', 'entitlement.grant']);
  });

  it('starts and stops a flow, and refuses a start while the flow is STARTING', async () => {
    // Act
    const started = await call('POST', `${flowPath}/start`);
    const afterStart = await call('GET', flowPath);
    const stopped = await call('POST', `${flowPath}/stop`);
    const afterStop = await call('GET', flowPath);
    await store.updateIfNewer({ pk: resourcePk(flow.FlowArn!), sk: META_SK }, clock.now() + 1, { status: 'STARTING' });
    const refused = await call('POST', `${flowPath}/start`);

    // Assess
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ action: 'start', status: 'STARTING', refreshed: true });
    expect(afterStart.body.status).toBe('ACTIVE'); // moto resolves STARTING on the refresh's DescribeFlow
    expect(stopped.status).toBe(202);
    expect(afterStop.body.status).toBe('STANDBY');
    expect(refused.status).toBe(409);
    expect((await describeAtMoto(flow.FlowArn!)).Status).toBe('STANDBY');
    await deps.refreshFlow(flow.FlowArn!);
  });

  it('stores polling settings that the next metrics poll honours', async () => {
    // Prepare
    const active = await createFlow('ApiPolled');
    const arn = active.FlowArn!;
    await deps.refreshFlow(arn);
    await call('POST', `/flows/${encodeURIComponent(arn)}/start`);
    const poll = () => pollMetrics({ cloudWatch, store, clock }, { ...METRICS, account: ACCOUNT, region: REGION });

    // Act
    const disabled = await call('PUT', `/flows/${encodeURIComponent(arn)}/polling`, {
      enabled: false,
      intervalSeconds: 60,
    });
    const whileDisabled = await poll();
    const hourly = await call('PUT', `/flows/${encodeURIComponent(arn)}/polling`, {
      enabled: true,
      intervalSeconds: 3600,
    });
    const first = await poll();
    shiftMs = 10 * 60_000;
    const tenMinutesLater = await poll();
    await call('PUT', `/flows/${encodeURIComponent(arn)}/polling`, { enabled: true, intervalSeconds: 300 });
    const afterShorterInterval = await poll();
    const stored = await store.get<{ polling: unknown; status: string }>({ pk: resourcePk(arn), sk: META_SK });

    // Assess
    expect(disabled.status).toBe(200);
    expect(hourly.body).toEqual({ flowArn: arn, polling: { enabled: true, intervalSeconds: 3600 } });
    expect(whileDisabled.skipped.disabled).toBe(1);
    expect(first.polled).toBe(1);
    expect(tenMinutesLater.polled).toBe(0);
    expect(tenMinutesLater.skipped.notDue).toBe(1);
    expect(afterShorterInterval.polled).toBe(1);
    expect(stored).toMatchObject({ polling: { enabled: true, intervalSeconds: 300 }, status: 'ACTIVE' });
  });

  it('coalesces a forced re-poll within the window', async () => {
    // Act
    const first = await call('POST', '/polls', { resourceArn: flow.FlowArn });
    const second = await call('POST', '/polls', { resourceArn: flow.FlowArn });

    // Assess
    expect(first).toMatchObject({ status: 202, body: { coalesced: false, polled: true } });
    expect(second).toMatchObject({ status: 202, body: { coalesced: true, polled: false } });
  });

  it('answers 404 for actions on a flow MediaConnect and the store do not know', async () => {
    // Prepare
    const ghost = flow.FlowArn!.replace(/:flow:[^:]+:/, ':flow:1-0000000000000000-000000000000:');

    // Act
    const response = await call('POST', `/flows/${encodeURIComponent(ghost)}/start`);

    // Assess
    expect(response.status).toBe(404);
  });

  describe('through the local HTTP adapter and the CLI', () => {
    let server: RunningApiServer;
    let readOnlyServer: RunningApiServer;
    const handler = () => createApiHandler(deps, { log, roleHeaderEnabled: true });

    beforeAll(async () => {
      server = await startApiServer({ handler: handler() });
      readOnlyServer = await startApiServer({ handler: handler(), role: 'read-only' });
    });

    afterAll(async () => {
      await Promise.all([server.close(), readOnlyServer.close()]);
    });

    async function cli(
      args: string[],
      env: NodeJS.ProcessEnv = {},
    ): Promise<{ code: number; out: string; err: string }> {
      let out = '';
      let err = '';
      const code = await runCli(args, {
        stdout: (t) => (out += t),
        stderr: (t) => (err += t),
        env: { AWS_REGION: REGION, ...env },
      });
      return { code, out, err };
    }

    it('lists flows as JSON and shows a flow tree by name', async () => {
      // Act
      const list = await cli(['flows', '--api-url', server.url, '--json']);
      const tree = await cli(['flow', 'ApiShow', '--api-url', server.url]);

      // Assess
      expect(list.code).toBe(0);
      expect(JSON.parse(list.out).items.map((f: { name: string }) => f.name)).toEqual(['ApiPolled', 'ApiShow']);
      expect(tree.code).toBe(0);
      expect(tree.out).toContain(`ApiShow  STANDBY`);
      expect(tree.out).toContain('├── Sources (1)');
      expect(tree.out).toContain('│   └── ApiShow-src  srt-listener');
    });

    it('assumes a role through STS, and the local read-only role may not act', async () => {
      // Prepare
      const previous = process.env.AWS_ENDPOINT_URL_STS;
      process.env.AWS_ENDPOINT_URL_STS = emulatorEndpoints().moto;

      // Act
      const summary = await cli([
        'summary',
        '--api-url',
        readOnlyServer.url,
        '--role-arn',
        `arn:aws:iam::${ACCOUNT}:role/MediaMonitorReadOnly`,
      ]);
      const start = await cli(['start', 'ApiShow', '--api-url', readOnlyServer.url]);
      if (previous === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
      else process.env.AWS_ENDPOINT_URL_STS = previous;

      // Assess
      expect(summary.code).toBe(0);
      expect(summary.out).toMatch(/mediaconnect\s+2\s+/);
      expect(start.code).toBe(1);
      expect(start.err).toContain('403 Forbidden');
    });
  });
});
