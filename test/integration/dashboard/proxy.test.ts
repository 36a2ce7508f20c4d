/**
 * The dashboard's server in front of the real API: the API handler served over HTTP by the local adapter, on moto_server
 * (MediaConnect, CloudWatch) and dynalite, as `npm run demo` runs it. One dashboard server per role, and one that
 * signs for a deployed API, its signature checked where the API receives it.
 * Region: us-west-1 (this file's own; moto partitions state by region).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateFlowCommand, DescribeFlowCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { startApiServer, type RunningApiServer } from '../../../bin/local/api-server';
import { startDashboardServer, type RunningDashboardServer } from '../../../bin/dashboard/server';
import type { DashboardBundle } from '../../../bin/dashboard/build';
import { createApiHandler } from '../../../lambdas/api/api-handler';
import { createApiDeps } from '../../../lambdas/api/api-wiring';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { recomputeAuthorization, type ReceivedRequest } from '../../unit/dashboard/sigv4-check';
import { createTestStore, motoConfig } from '../emulator-env';

const REGION = 'us-west-1';
const ACCOUNT = '123456789012';
const CREDENTIALS = {
  accessKeyId: 'AKIAPROXYINTEGRATION',
  secretAccessKey: 'proxy/integration/secret/0123456789abcdef',
  sessionToken: 'ProxyIntegrationSessionToken012345',
};
const shell = Buffer.from('<!doctype html><script type="module" src="/app-AAAA1111.js"></script>');
/** The files do not matter here (build.test.ts builds them): a shell only. */
const BUNDLE: DashboardBundle = {
  files: new Map([
    [
      '/index.html',
      { body: shell, contentType: 'text/html', immutable: false, rawBytes: shell.length, gzipBytes: shell.length },
    ],
  ]),
  script: '/app-AAAA1111.js',
  stylesheet: undefined,
  rawBytes: shell.length,
  gzipBytes: shell.length,
};

const mediaConnect = new MediaConnectClient(motoConfig(REGION));
const cloudWatch = new CloudWatchClient({ ...motoConfig(REGION), disableRequestCompression: true });

describe('dashboard server in front of the API on moto and dynalite', () => {
  let api: RunningApiServer;
  let operator: RunningDashboardServer;
  let readOnly: RunningDashboardServer;
  let signed: RunningDashboardServer;
  let flowArn: string;
  /** What reached the API handler, for the signature check. */
  const events: APIGatewayProxyEvent[] = [];

  beforeAll(async () => {
    const { store } = await createTestStore('dashboard-proxy');
    const deps = createApiDeps({
      store,
      mediaConnect,
      cloudWatch,
      clock: { now: () => Date.now() },
      account: ACCOUNT,
      region: REGION,
      tokenSecret: 'dashboard-proxy-token-secret',
      metrics: { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 },
      mediaConnectRps: 50,
      mediaConnectBurst: 100,
      encryptionRoleArns: [],
    });
    const handler = createApiHandler(deps, {
      log: { warn: () => undefined, error: () => undefined },
      roleHeaderEnabled: true,
    });
    api = await startApiServer({
      handler: (event, context) => {
        events.push(event);
        return handler(event, context);
      },
    });
    const created = await mediaConnect.send(
      new CreateFlowCommand({
        Name: 'ProxyShow',
        AvailabilityZone: `${REGION}a`,
        Source: { Name: 'ProxyShow-src', Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '10.0.0.0/16' },
      }),
    );
    flowArn = created.Flow?.FlowArn as string;
    await deps.refreshFlow(flowArn);
    [operator, readOnly, signed] = await Promise.all([
      startDashboardServer({ upstream: { kind: 'local', url: api.url, role: 'operator' }, bundle: BUNDLE }),
      startDashboardServer({ upstream: { kind: 'local', url: api.url, role: 'read-only' }, bundle: BUNDLE }),
      startDashboardServer({
        upstream: { kind: 'signed', url: api.url, region: REGION, credentials: CREDENTIALS },
        bundle: BUNDLE,
      }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([operator?.close(), readOnly?.close(), signed?.close(), api?.close()]);
    mediaConnect.destroy();
    cloudWatch.destroy();
  });

  const pollingPath = () => `api/flows/${encodeURIComponent(flowArn)}/polling`;
  const put = (server: RunningDashboardServer, path: string, body: unknown) =>
    fetch(new URL(path, server.url), {
      method: 'PUT',
      headers: { origin: server.url.replace(/\/$/, ''), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('reads the stored flow through the dashboard as each role', async () => {
    // Act
    const [me, flows] = await Promise.all([
      fetch(new URL('api/me', readOnly.url)).then((r) => r.json()),
      fetch(new URL('api/flows?namePrefix=ProxySh', operator.url)).then((r) => r.json()),
    ]);

    // Assess
    expect(me).toMatchObject({ role: 'read-only' });
    expect(flows.items).toEqual([expect.objectContaining({ arn: flowArn, name: 'ProxyShow', region: REGION })]);
  });

  it("passes the API's refusal of a read-only action through unchanged, and lets the operator act", async () => {
    // Act
    const refused = await put(readOnly, pollingPath(), { enabled: true, intervalSeconds: 600 });
    const refusedBody = await refused.json();
    const invalid = await put(operator, pollingPath(), { enabled: true, intervalSeconds: 61 });
    const invalidBody = await invalid.json();
    const accepted = await put(operator, pollingPath(), { enabled: true, intervalSeconds: 600 });
    const acceptedBody = await accepted.json();

    // Assess
    expect(refused.status).toBe(403);
    expect(refusedBody.error).toEqual(
      expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    );
    expect(invalid.status).toBe(400);
    expect(invalidBody.error).toMatchObject({ field: 'intervalSeconds' });
    expect(accepted.status).toBe(200);
    expect(acceptedBody).toMatchObject({ flowArn, polling: { enabled: true, intervalSeconds: 600 } });
    const stillThere = await mediaConnect.send(new DescribeFlowCommand({ FlowArn: flowArn }));
    expect(stillThere.Flow?.Name).toBe('ProxyShow');
  });

  it('signs each call so that the API receives a SigV4 signature it can verify, and shows the browser no credential', async () => {
    // Prepare
    events.length = 0;

    // Act
    const reply = await fetch(new URL(`api/flows/${encodeURIComponent(flowArn)}`, signed.url));
    const text = await reply.text();

    // Assess
    expect(reply.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ arn: flowArn, name: 'ProxyShow' });
    expect(text + JSON.stringify([...reply.headers])).not.toMatch(/AKIAPROXYINTEGRATION|ProxyIntegrationSessionToken/);
    expect(events).toHaveLength(1);
    const [event] = events as [APIGatewayProxyEvent];
    const headers = Object.fromEntries(
      Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const received: ReceivedRequest = {
      method: event.httpMethod,
      url: event.path,
      headers,
      body: event.body ?? '',
    };
    expect(headers.authorization).toContain(`/${REGION}/execute-api/aws4_request`);
    expect(headers.authorization).toBe(await recomputeAuthorization(received, CREDENTIALS, REGION));
  });
});
