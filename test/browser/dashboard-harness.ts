import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { detailHref } from '../../bin/dashboard/app/model/routes';
import { startDashboardServer } from '../../bin/dashboard/server';
import { ensureStateTable, LOCAL_ACCOUNT, LOCAL_CREDENTIALS } from '../../bin/local/emulators';
import { postToIngest } from '../../bin/local/fire';
import {
  type LocalRuntime,
  type LocalRuntimeOptions,
  scheduledEvent,
  startLocalRuntime,
} from '../../bin/local/runtime';
import { alarmNotification, type SampleAlarmKind, sampleAlarmName } from '../../bin/local/sample-events';
import { type DemoClients, type SeededEstate, type SeededFlow, seedDemoEstate } from '../../bin/local/seed-estate';
import { createDocumentClient } from '../../lambdas/shared/clients';
import { StateStore } from '../../lambdas/store/state-store';
import { emulatorEndpoints } from '../integration/emulator-env';

/**
 * The dashboard in headless Chromium against the local runtime: the demo's estate seeded into the moto_server the
 * browser tier's global setup started (one Region per test file: moto partitions by Region), one inventory and one
 * metrics cycle run by the local runtime into a dynalite table of the file's own, the REST API on loopback, and one
 * dashboard server per role in front of it (`operator` and `read-only`, the local upstream names the role). Every page
 * it opens collects console errors, uncaught exceptions and CSP violations; `closePages()` hands them back so each test
 * fails on any.
 */

export type DashboardRole = 'operator' | 'read-only';

export interface DashboardHarnessOptions {
  /** The test file's own Region. */
  readonly region: string;
  /** More options for the local runtime (schedules stay off: the test runs each cycle). */
  readonly runtime?: Partial<Pick<LocalRuntimeOptions, 'metricsEverySeconds' | 'inventoryEverySeconds'>>;
}

export interface OpenOptions {
  /** @default 'operator' */
  readonly role?: DashboardRole;
  /** Console errors this page is expected to log (an API answer of 4xx the test provokes), by pattern. */
  readonly allowConsole?: readonly RegExp[];
}

export interface DashboardHarness {
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
  readonly browser: Browser;
  /** A seeded flow by name. */
  flow(name: string): SeededFlow;
  /** Opens `path` of a role's dashboard in a fresh 1280×800 browser context, and waits for the page's load event. */
  open(pathname: string, options?: OpenOptions): Promise<Page>;
  /** Closes every page opened since the last call; returns the console errors, page errors and CSP violations seen. */
  closePages(): Promise<string[]>;
  /** Sends a per-source CloudWatch alarm notification (SNS) to the ingest function through the Lambda Invoke API. */
  raiseAlarm(flowName: string, kind?: SampleAlarmKind): Promise<{ alarmName: string; sourceName: string }>;
  /** One scheduled run of the metrics poller through the Lambda Invoke API, as its schedule would. */
  invokeMetricsPoller(): Promise<void>;
  stop(): Promise<void>;
}

/** Where the committed screenshots go. */
export const SCREENSHOT_DIR = path.join(__dirname, 'screenshots');

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
      `Chromium is not installed; the browser tests need Debian's chromium package. Run: ${INSTALL_CHROMIUM} ` +
        '(or set CHROMIUM_PATH to a Chromium binary)',
    );
  }
}

/** Headless Chromium through playwright-core. `--no-sandbox` only as root, where Chromium refuses to sandbox. */
export function launchChromium(): Promise<Browser> {
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: asRoot ? ['--no-sandbox'] : [],
  });
}

/** Reports a CSP violation on the console, where the page's problem collector hears it. */
const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`;

/** Seeds the estate, starts the runtime, the API, a dashboard server per role and Chromium. */
export async function startDashboardHarness(options: DashboardHarnessOptions): Promise<DashboardHarness> {
  const { region } = options;
  const account = LOCAL_ACCOUNT;
  const { moto, dynamodb } = emulatorEndpoints();
  const tableName = `browser-${region}-${Math.random().toString(36).slice(2, 8)}`;
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
    const estate = await seedDemoEstate(clients, { account, historyMinutes: 30 });

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
      ...options.runtime,
    });
    stops.push(() => runtime.stop());
    if (!runtime.api) throw new Error(`the local runtime serves no REST API: ${runtime.apiUnavailable ?? 'unknown'}`);
    const failures = [...runtime.loadFailures].map(([name, reason]) => `${name}: ${reason}`);
    if (failures.length) throw new Error(`handlers failed to load: ${failures.join('; ')}`);
    const inventory = await runtime.runInventory();
    if (!inventory.ok) throw new Error(`inventory cycle failed: ${inventory.errorMessage}`);
    const metrics = await runtime.runMetrics();
    if (!metrics.ok) throw new Error(`metrics cycle failed: ${metrics.errorMessage}`);

    const apiUrl = runtime.api.url;
    const [operator, readOnly] = await Promise.all([
      startDashboardServer({ upstream: { kind: 'local', url: apiUrl, role: 'operator' }, port: 0 }),
      startDashboardServer({ upstream: { kind: 'local', url: apiUrl, role: 'read-only' }, port: 0 }),
    ]);
    stops.push(
      () => operator.close(),
      () => readOnly.close(),
    );
    const browser = await launchChromium();
    stops.push(() => browser.close());

    const doc = createDocumentClient({ endpoint: dynamodb, region });
    stops.push(() => doc.destroy());
    const store = new StateStore(doc, tableName);
    const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
    const dashboardUrl = { operator: withSlash(operator.url), 'read-only': withSlash(readOnly.url) };

    let opened: { context: BrowserContext; problems: string[] }[] = [];
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
      dashboardUrl,
      browser,
      flow,
      async open(pathname, openOptions = {}) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const problems: string[] = [];
        opened.push({ context, problems });
        const allowed = openOptions.allowConsole ?? [];
        await context.addInitScript(CSP_LISTENER);
        const page = await context.newPage();
        page.on('console', (message) => {
          if (message.type() !== 'error') return;
          const text = message.text();
          if (!allowed.some((pattern) => pattern.test(text))) problems.push(`console error: ${text}`);
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        await page.goto(new URL(pathname.replace(/^\//, ''), dashboardUrl[openOptions.role ?? 'operator']).href);
        return page;
      },
      async closePages() {
        const closing = opened;
        opened = [];
        await Promise.all(closing.map((o) => o.context.close()));
        return closing.flatMap((o) => o.problems);
      },
      async raiseAlarm(flowName, kind = 'source-disconnected') {
        const seeded = flow(flowName);
        const source = seeded.sources[0];
        if (!source) throw new Error(`flow ${flowName} has no source`);
        const target = { flowArn: seeded.arn, sourceArn: source.arn, region, account };
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

/**
 * The harness for one test file: started before its tests, stopped after them; after each test the pages it opened
 * are closed and the test fails on any console error, page error or CSP violation they saw.
 */
export function useDashboardHarness(options: DashboardHarnessOptions): () => DashboardHarness {
  let harness: DashboardHarness | undefined;
  beforeAll(async () => {
    harness = await startDashboardHarness(options);
  }, 240_000);
  afterEach(async () => {
    const problems = (await harness?.closePages()) ?? [];
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await harness?.stop();
  }, 60_000);
  return () => {
    if (!harness) throw new Error('the dashboard harness did not start (see the beforeAll error)');
    return harness;
  };
}

/** Saves a 1280×800 screenshot of the page under test/browser/screenshots/. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false, animations: 'disabled' });
  return file;
}

/** The dashboard path of a flow's page (`/flows/<encoded ARN>[/<sub>]`), built by the app's own URL function. */
export const flowPath = (arn: string, sub?: string): string => detailHref('/flows', arn, sub);
