import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { chromium, type Browser } from 'playwright-core';
import { buildDashboard } from '../dashboard/build';
import { startDashboardServer } from '../dashboard/server';
import { ensureStateTable, LOCAL_ACCOUNT, LOCAL_CREDENTIALS } from '../local/emulators';
import { postToIngest } from '../local/fire';
import { type LocalRuntime, type LocalRuntimeOptions, scheduledEvent, startLocalRuntime } from '../local/runtime';
import { alarmNotification, type SampleAlarmKind, sampleAlarmName } from '../local/sample-events';
import { type DemoClients, type SeededEstate, type SeededFlow, seedDemoEstate } from '../local/seed-estate';
import { createDocumentClient } from '../../lambdas/shared/clients';
import { StateStore } from '../../lambdas/store/state-store';

/**
 * The dashboard over the demo estate, for the browser tests (test/browser/) and the dashboard bench: the demo's flows,
 * channels and packages seeded into a moto_server, one inventory and one metrics cycle run by the local runtime into a
 * dynalite table of its own, the REST API on loopback, and one dashboard server per role in front of it (the local
 * upstream names the role: `operator` and `read-only`). Schedules stay off: the caller runs each cycle.
 */

export type DashboardRole = 'operator' | 'read-only';

export interface DashboardEstateOptions {
  /** moto partitions its state by Region: each user of one moto_server takes its own. */
  readonly region: string;
  readonly motoEndpoint: string;
  readonly dynamodbEndpoint: string;
  /** More options for the local runtime. */
  readonly runtime?: Partial<Pick<LocalRuntimeOptions, 'metricsEverySeconds' | 'inventoryEverySeconds'>>;
}

export interface DashboardEstate {
  readonly region: string;
  readonly account: string;
  readonly tableName: string;
  readonly runtime: LocalRuntime;
  readonly estate: SeededEstate;
  readonly clients: DemoClients;
  readonly store: StateStore;
  /** The REST API served by the local runtime (no dashboard in between). */
  readonly apiUrl: string;
  /** Each role's dashboard base URL, with a trailing slash. */
  readonly dashboardUrl: Readonly<Record<DashboardRole, string>>;
  /** A seeded flow by name. */
  flow(name: string): SeededFlow;
  /**
   * Sends a per-source CloudWatch alarm notification (SNS) for the flow's first source (or `sourceIndex`) to the
   * ingest function through the Lambda Invoke API, as `bin/local/fire.ts alarm` does.
   */
  raiseAlarm(
    flowName: string,
    options?: { kind?: SampleAlarmKind; sourceIndex?: number },
  ): Promise<{ alarmName: string; sourceName: string }>;
  /** One scheduled run of the metrics poller through the Lambda Invoke API, as its schedule would. */
  invokeMetricsPoller(): Promise<void>;
  stop(): Promise<void>;
}

/** The command that installs what the browser tier needs (printed when Chromium is missing). */
export const INSTALL_CHROMIUM = 'apt-get update && apt-get install -y chromium';

/** Chromium's path: `CHROMIUM_PATH`, else `chromium` on the PATH. Throws, with the install command, when absent. */
export function chromiumPath(): string {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    if (!existsSync(explicit))
      throw new Error(`CHROMIUM_PATH=${explicit} does not exist. Install Chromium: ${INSTALL_CHROMIUM}`);
    return explicit;
  }
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `Chromium is not installed; the dashboard's browser tests and bench need Debian's chromium package. Run: ` +
        `${INSTALL_CHROMIUM} (or set CHROMIUM_PATH to a Chromium binary)`,
    );
  }
}

/** Headless Chromium through playwright-core. `--no-sandbox` only as root, where Chromium refuses to sandbox. */
export function launchChromium(): Promise<Browser> {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: asRoot ? ['--no-sandbox'] : [] });
}

/** Seeds the estate, starts the runtime with its REST API and a dashboard server per role. */
export async function startDashboardEstate(options: DashboardEstateOptions): Promise<DashboardEstate> {
  const { region, motoEndpoint: moto, dynamodbEndpoint: dynamodb } = options;
  const account = LOCAL_ACCOUNT;
  const tableName = `dashboard-${region}-${Math.random().toString(36).slice(2, 8)}`;
  const stops: (() => Promise<unknown> | unknown)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    stops.length = 0;
  };
  try {
    await ensureStateTable(dynamodb, tableName, region);
    const config = { endpoint: moto, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 };
    const clients: DemoClients = {
      mediaConnect: new MediaConnectClient(config),
      mediaLive: new MediaLiveClient(config),
      // The SDK gzips large PutMetricData bodies, and moto 5.2.1 fails to read them back (as in bin/demo.ts).
      cloudWatch: new CloudWatchClient({ ...config, disableRequestCompression: true }),
      mediaPackage: new MediaPackageClient(config),
      mediaPackageV2: new MediaPackageV2Client(config),
    };
    stops.push(() => Object.values(clients).forEach((client) => client.destroy()));
    // Ten minutes of history, as the demo test seeds: enough for a chart, and a metrics cycle that stays short on moto.
    const estate = await seedDemoEstate(clients, { account, historyMinutes: 10 });

    const runtime = await startLocalRuntime({
      region,
      account,
      tableName,
      dynamodbEndpoint: dynamodb,
      awsEndpoint: moto,
      credentials: LOCAL_CREDENTIALS,
      invokePort: 0,
      apiPort: 0,
      schedules: false,
      defaultMetricsIntervalSeconds: 60,
      // The handlers' info logs and EMF metrics would bury the test and bench output; errors still print.
      environment: { POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' },
      ...options.runtime,
    });
    stops.push(() => runtime.stop());
    if (!runtime.api) throw new Error(`the local runtime serves no REST API: ${runtime.apiUnavailable ?? 'unknown'}`);
    const failures = [...runtime.loadFailures].map(([name, reason]) => `${name}: ${reason}`);
    if (failures.length) throw new Error(`handlers failed to load: ${failures.join('; ')}`);
    const inventory = await runtime.runInventory();
    if (!inventory.ok) throw new Error(`inventory cycle failed: ${inventory.errorMessage}`);
    // moto's GetMetricData is slow on a loaded machine; a cycle cut short by the function's timeout is run again once.
    const metrics = await runtime.runMetrics().then((first) => (first.ok ? first : runtime.runMetrics()));
    if (!metrics.ok) throw new Error(`metrics cycle failed: ${metrics.errorMessage}`);

    const apiUrl = runtime.api.url;
    // Built once, served by both.
    const bundle = await buildDashboard();
    const [operator, readOnly] = await Promise.all([
      startDashboardServer({ upstream: { kind: 'local', url: apiUrl, role: 'operator' }, port: 0, bundle }),
      startDashboardServer({ upstream: { kind: 'local', url: apiUrl, role: 'read-only' }, port: 0, bundle }),
    ]);
    stops.push(
      () => operator.close(),
      () => readOnly.close(),
    );
    const doc = createDocumentClient({ endpoint: dynamodb, region });
    stops.push(() => doc.destroy());
    const store = new StateStore(doc, tableName);
    const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
    const flow = (name: string): SeededFlow => {
      const found = estate.flows.find((f) => f.name === name);
      if (!found) throw new Error(`no seeded flow named ${name}`);
      return found;
    };

    return {
      region,
      account,
      tableName,
      runtime,
      estate,
      clients,
      store,
      apiUrl,
      dashboardUrl: { operator: withSlash(operator.url), 'read-only': withSlash(readOnly.url) },
      flow,
      async raiseAlarm(flowName, alarm = {}) {
        const kind = alarm.kind ?? 'source-disconnected';
        const source = flow(flowName).sources[alarm.sourceIndex ?? 0];
        if (!source) throw new Error(`flow ${flowName} has no source ${alarm.sourceIndex ?? 0}`);
        const target = { flowArn: flow(flowName).arn, sourceArn: source.arn, region, account };
        const posted = await postToIngest(runtime.invokeApi.url, alarmNotification(target, kind, 'ALARM'));
        if (!posted.ok) throw new Error(`the ingest function refused the alarm: ${posted.error ?? 'unknown'}`);
        return { alarmName: sampleAlarmName(source.arn, kind), sourceName: source.name };
      },
      async invokeMetricsPoller() {
        const response = await fetch(`${runtime.invokeApi.url}/2015-03-31/functions/metrics/invocations`, {
          method: 'POST',
          body: JSON.stringify(scheduledEvent('media-monitor-metrics-schedule', region, account)),
        });
        const body = await response.text();
        if (response.status !== 200 || response.headers.get('x-amz-function-error'))
          throw new Error(`the metrics poller failed: HTTP ${response.status} ${body.slice(0, 300)}`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
