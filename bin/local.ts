import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StateStore } from '../lambdas/store/state-store';
import { ensureStateTable, startDynalite } from './local/emulators';
import { startLiveView, ViewMode } from './local/live-view';
import { captureOutput } from './local/log-capture';
import { REPO_ROOT } from './local/local-functions';
import { exampleCommands, removeRuntimeFile, writeRuntimeFile } from './local/runtime-file';
import { startLocalRuntime } from './local/runtime';
import {
  buildDashboardLater,
  dashboardBanner,
  DEFAULT_DASHBOARD_PORT,
  parseDashboardRole,
  startLocalDashboard,
} from './dashboard/local-dashboard';

/**
 * `npm start`: the local runtime against real AWS, to try the monitor without deploying it. MediaConnect and
 * CloudWatch are read with the default credential chain; the state table is dynalite under `.data/local/`. Nothing
 * in AWS changes unless an operator calls an action (start, stop, entitlements) through the local REST API.
 * Note that GetMetricData is billed ($0.01 per 1,000 metrics requested).
 */

const USAGE = `Usage: npm start -- [options]

  --region <r>           AWS region to monitor (default: AWS_REGION, then AWS_DEFAULT_REGION)
  --no-ui                no live tree: one line per poller cycle
  --port <n>             Lambda Invoke API port (default 3001)
  --api-port <n>         REST API port (default 3000)
  --inventory-every <s>  inventory schedule in seconds (default 300)
  --metrics-every <s>    metrics schedule in seconds (default 60)
  --dashboard-port <n>   the web dashboard's port (default ${DEFAULT_DASHBOARD_PORT}, 0: any free port)
  --dashboard-role <r>   the dashboard's role on the local API: operator (default) or read-only
  -h, --help
`;

async function main(): Promise<void> {
  const startedAt = Math.round(performance.timeOrigin);
  const { values } = parseArgs({
    options: {
      region: { type: 'string' },
      'no-ui': { type: 'boolean', default: false },
      port: { type: 'string' },
      'api-port': { type: 'string' },
      'inventory-every': { type: 'string' },
      'metrics-every': { type: 'string' },
      'dashboard-port': { type: 'string' },
      'dashboard-role': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void process.stdout.write(USAGE);
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new Error('no region: pass --region or set AWS_REGION');
  const int = (name: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer of at least ${min}, got "${value}"`);
    return n;
  };
  const dashboardPort = int('dashboard-port', values['dashboard-port'], DEFAULT_DASHBOARD_PORT, 0);
  const dashboardRole = parseDashboardRole(values['dashboard-role']);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // Never the emulators: `npm start` is for a real account.
  delete process.env.AWS_ENDPOINT_URL;

  const sts = new STSClient({ region });
  const account = await sts
    .send(new GetCallerIdentityCommand({}))
    .then((identity) => identity.Account as string)
    .catch((error: unknown) => {
      throw new Error(
        `no usable AWS credentials (${(error as Error).message}); configure them as for the AWS CLI, or run \`npm run demo\``,
      );
    })
    .finally(() => sts.destroy());

  // Built while the credentials are checked and the runtime starts.
  const dashboardBundle = buildDashboardLater();
  const dataDir = path.join(REPO_ROOT, '.data', 'local');
  mkdirSync(dataDir, { recursive: true });
  const interactive = !values['no-ui'] && process.stdout.isTTY;
  const captured = captureOutput(path.join(dataDir, 'runtime.log'), { echoProblems: !interactive });
  const write = captured.terminal.write;
  const tableName = 'media-monitor-local';
  const dynalite = await startDynalite({ path: path.join(dataDir, `${account}-${region}`) });
  await ensureStateTable(dynalite.endpoint, tableName, region);
  const runtime = await startLocalRuntime({
    region,
    account,
    tableName,
    dynamodbEndpoint: dynalite.endpoint,
    invokePort: int('port', values.port, 3001, 0),
    apiPort: int('api-port', values['api-port'], 3000, 0),
    inventoryEverySeconds: int('inventory-every', values['inventory-every'], 300, 10),
    metricsEverySeconds: int('metrics-every', values['metrics-every'], 60, 10),
    onError: (what, message) => captured.note(`${what}: ${message}`),
  });
  const dashboard = await startLocalDashboard({
    apiUrl: runtime.api?.url,
    port: dashboardPort,
    role: dashboardRole,
    bundle: dashboardBundle,
  });
  const runtimeFile = writeRuntimeFile(dataDir, {
    mode: 'aws',
    pid: process.pid,
    region,
    account,
    invokeUrl: runtime.invokeApi.url,
    ...(runtime.api ? { apiUrl: runtime.api.url } : {}),
    ...(dashboard.served ? { dashboardUrl: dashboard.url } : {}),
    dynamodbEndpoint: dynalite.endpoint,
    tableName,
  });
  write(
    `media-monitor local runtime · account ${account} · ${region} · store ${path.relative(process.cwd(), dataDir)} (dynalite)\n`,
  );
  write(
    `${exampleCommands({ invokeUrl: runtime.invokeApi.url, apiUrl: runtime.api?.url, flowName: '<flow name>' }).join('\n')}\n`,
  );
  for (const [name, reason] of runtime.loadFailures) write(`! ${name}: ${reason}\n`);
  write(`${dashboardBanner(dashboard)}\n`);

  // The store credentials are irrelevant to dynalite; the caller's chain may be SSO, which dynalite does not need.
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynalite.endpoint,
      region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const store = new StateStore(doc, tableName);
  const mode: ViewMode = values['no-ui'] ? 'lines' : interactive ? 'screen' : 'snapshots';
  await new Promise<void>((resolve) => {
    const view = startLiveView({
      mode,
      runtime,
      store,
      region,
      account,
      title: 'media-monitor · local runtime (AWS)',
      write,
      startedAt,
      notes: [
        `invoke API ${runtime.invokeApi.url}   REST API ${runtime.api?.url ?? 'not served'}   read-only on AWS`,
        dashboardBanner(dashboard),
      ],
      problems: () => captured.problems,
      onQuit: () => quit(),
    });
    const quit = () => {
      view.stop();
      resolve();
    };
    process.on('SIGINT', quit);
    process.on('SIGTERM', quit);
  });
  if (dashboard.served) await dashboard.server.close();
  await runtime.stop();
  await dynalite.stop();
  doc.destroy();
  removeRuntimeFile(runtimeFile);
  captured.restore();
  process.stdout.write(
    `stopped. Store kept in ${path.relative(process.cwd(), dataDir)}, handler logs in ${path.relative(process.cwd(), captured.logFile)}.\n`,
  );
}

main()
  .then(() => process.exit())
  .catch((error: unknown) => {
    process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
