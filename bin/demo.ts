import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StateStore } from '../lambdas/store/state-store';
import { ensureStateTable, LOCAL_ACCOUNT, LOCAL_CREDENTIALS, startDynalite, startMoto } from './local/emulators';
import { INVENTORIES } from '../lambdas/registry/inventories';
import { apiGetThrough, withChain } from './local/chain-reader';
import { ChangeProbeResult, deliveryLine, stopFlowThroughChangePath } from './local/change-probe';
import type { Delivery } from './local/cloudtrail-emulator';
import type { ChainSection } from './local/chain-view';
import { readEstateView } from './local/estate-reader';
import type { EstateView } from './local/estate-view';
import { FireDeps, fireAlarm, FireResult, findSubject } from './local/fire-events';
import { startLiveView, ViewMode } from './local/live-view';
import { captureOutput, CapturedOutput } from './local/log-capture';
import { InvocationOutcome, REPO_ROOT } from './local/local-functions';
import {
  exampleCommands,
  isAlive,
  readRuntimeFile,
  removeRuntimeFile,
  RUNTIME_FILE_NAME,
  writeRuntimeFile,
} from './local/runtime-file';
import { LocalRuntime, startLocalRuntime } from './local/runtime';
import { localTargets, MEMBER_ACCOUNT, SeededMember, seedMemberAccount } from './local/member-accounts';
import { packageFeeds, seedDemoEstate, startMetricsFeeder } from './local/seed-estate';
import type { SeededMediaPackage } from './local/seed-mediapackage';
import type { SeededMediaLive } from './local/seed-medialive';
import { renderEstate } from './local/tree-renderer';
import type { DashboardRole } from './dashboard/server';
import {
  buildDashboardLater,
  dashboardBanner,
  DEFAULT_DASHBOARD_PORT,
  parseDashboardRole,
  startLocalDashboard,
} from './dashboard/local-dashboard';

/**
 * `npm run demo`: moto_server with a seeded MediaConnect, MediaLive and MediaPackage estate and live CloudWatch
 * datapoints, the local runtime running the deployed handlers on their schedules against it, and the tree of flows and
 * channels in the terminal, with the main flow's signal chain and, once an alarm is raised on it, what it affects.
 */

export interface DemoOptions {
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Seed, run one inventory and one metrics cycle, print the tree once, stop. @default false */
  readonly once?: boolean;
  /** The live tree (`false`: one line per poller cycle instead). @default true */
  readonly ui?: boolean;
  /** Invoke API port (0: any free port). @default 3001 */
  readonly invokePort?: number;
  /** REST API port (0: any free port, false: none). @default 3000 */
  readonly apiPort?: number | false;
  /** Use this moto_server instead of starting one. */
  readonly motoEndpoint?: string;
  /** Use this DynamoDB endpoint instead of starting dynalite. */
  readonly dynamodbEndpoint?: string;
  /** @default 'media-monitor-demo' */
  readonly tableName?: string;
  /** dynalite's data, the runtime log and runtime.json. Emptied at start: each demo starts from a fresh estate. @default .data/demo */
  readonly dataDir?: string;
  /** Minutes of backfilled metrics. @default 30 */
  readonly historyMinutes?: number;
  /** @default 300 */
  readonly inventoryEverySeconds?: number;
  /** @default 60 */
  readonly metricsEverySeconds?: number;
  /** Send handler logs to `<dataDir>/runtime.log` (the CLI does; tests keep them). @default false */
  readonly captureLogs?: boolean;
  /** Where the demo prints. @default process.stdout */
  readonly write?: (text: string) => void;
  /** Columns of the printed tree in `once` mode. @default 140 */
  readonly width?: number;
  /** Epoch ms the command started. @default now */
  readonly startedAt?: number;
  /**
   * Watch a second account, MEMBER_ACCOUNT, reached through assume-role, with flows named as the first account's.
   * @default true
   */
  readonly memberAccount?: boolean;
  /** The dashboard's port (0: any free port, false: none). Never served with `once`. @default 3002 */
  readonly dashboardPort?: number | false;
  /** The role the dashboard acts as on the local API. @default 'operator' */
  readonly dashboardRole?: DashboardRole;
}

/** The flow whose signal chain the demo shows (flow → MediaLive input → channel → MediaPackage → endpoints). */
export const DEMO_MAIN_FLOW = 'NewsHD-Primary';

export interface DemoResult {
  readonly flowArns: readonly string[];
  /** The MediaLive inputs and channels seeded, with the channel states the seeder saw on moto. */
  readonly mediaLive: SeededMediaLive;
  /** The MediaPackage channels, endpoints and v2 channel groups seeded. */
  readonly mediaPackage: SeededMediaPackage;
  readonly datapointsSeeded: number;
  readonly inventory?: InvocationOutcome;
  readonly metrics?: InvocationOutcome;
  /** The store as the tree showed it last, with the main flow's chain (`view.chain`) read through the API. */
  readonly view: EstateView;
  /** `--once`: the source alarm raised on the main flow to show its impact. */
  readonly alarmRaised?: FireResult;
  /** `--once`: a StopFlow carried to the store by the emulated CloudTrail event alone. */
  readonly changePath?: ChangeProbeResult;
  /** The printed tree (`once`). */
  readonly lines: readonly string[];
  /** Seconds from start until the tree showed the seeded estate. */
  readonly treeShownAfterMs?: number;
  readonly loadFailures: ReadonlyMap<string, string>;
  /** The member account's seeded flows, when it is watched. */
  readonly member?: SeededMember;
  /** Where the dashboard was served (not with `once`). */
  readonly dashboardUrl?: string;
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const startedAt = options.startedAt ?? Date.now();
  const region = options.region ?? 'us-east-1';
  const account = LOCAL_ACCOUNT;
  const tableName = options.tableName ?? 'media-monitor-demo';
  const dataDir = path.resolve(options.dataDir ?? path.join(REPO_ROOT, '.data', 'demo'));
  const once = options.once ?? false;
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    cleanups.length = 0;
  };

  // The demo is emulator-only: fake credentials and no Node-version nag from the SDK on every client.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  let captured: CapturedOutput | undefined;
  if (!options.dynamodbEndpoint) {
    const running = readRuntimeFile(path.join(dataDir, RUNTIME_FILE_NAME));
    if (running && running.pid !== process.pid && isAlive(running.pid)) {
      throw new Error(`a demo is already running (pid ${running.pid}, invoke API ${running.invokeUrl}); stop it first`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (options.captureLogs) {
    captured = captureOutput(path.join(dataDir, 'runtime.log'), {
      echoProblems: once || options.ui === false || !process.stdout.isTTY,
    });
    cleanups.push(() => captured?.restore());
  }
  const write = options.write ?? captured?.terminal.write ?? ((text: string) => void process.stdout.write(text));
  const step = (text: string) => write(`${text}\n`);

  try {
    // Built while the emulators start and the estate is seeded; esbuild is loaded only when the dashboard is served
    // (`--once` keeps its timing).
    const dashboardPort = once ? false : (options.dashboardPort ?? DEFAULT_DASHBOARD_PORT);
    const dashboardBundle = dashboardPort === false ? undefined : buildDashboardLater();
    step(`media-monitor demo · ${region} · starting moto_server and dynalite …`);
    const [moto, dynalite] = await Promise.all([
      options.motoEndpoint ? undefined : startMoto(),
      options.dynamodbEndpoint ? undefined : startDynalite({ path: path.join(dataDir, 'dynalite') }),
    ]);
    if (moto) cleanups.push(() => moto.stop());
    if (dynalite) cleanups.push(() => dynalite.stop());
    const motoEndpoint = options.motoEndpoint ?? (moto?.endpoint as string);
    const dynamodbEndpoint = options.dynamodbEndpoint ?? (dynalite?.endpoint as string);
    await ensureStateTable(dynamodbEndpoint, tableName, region);

    const clientConfig = { endpoint: motoEndpoint, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 };
    // The SDK gzips large PutMetricData bodies, and moto 5.2.1 fails to read them back.
    const clients = {
      mediaConnect: new MediaConnectClient(clientConfig),
      mediaLive: new MediaLiveClient(clientConfig),
      cloudWatch: new CloudWatchClient({ ...clientConfig, disableRequestCompression: true }),
      mediaPackage: new MediaPackageClient(clientConfig),
      mediaPackageV2: new MediaPackageV2Client(clientConfig),
    };
    cleanups.push(() => Object.values(clients).forEach((client) => client.destroy()));
    const seedStarted = Date.now();
    const estate = await seedDemoEstate(clients, { account, historyMinutes: options.historyMinutes ?? 30 });
    const started = estate.flows.filter((f) => f.blueprint.start).length;
    const { channels, inputs } = estate.mediaLive;
    step(
      `seeded ${estate.flows.length} flows (${started} started, ${estate.flows.length - started} in standby), ` +
        `${inputs.length} MediaLive inputs, ${channels.length} channels (${channels.map((c) => `${c.name} ${c.statesSeen.join('→')}`).join(', ')}), ` +
        `${describeMediaPackage(estate.mediaPackage)} and ` +
        `${estate.datapoints.toLocaleString('en-US')} CloudWatch datapoints in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
    );

    const member =
      options.memberAccount === false
        ? undefined
        : await seedMemberAccount({ endpoint: motoEndpoint, region, credentials: LOCAL_CREDENTIALS }, account, {
            historyMinutes: options.historyMinutes ?? 30,
          });
    if (member)
      step(
        `seeded account ${member.account}, watched through assume-role into its media-monitor read role: ` +
          `${member.flows.length} flows named as account ${account}'s (${member.flows.map((f) => f.name).join(', ')})`,
      );
    const accounts = member ? [account, member.account] : [account];

    // The change path: each operator action's emulated CloudTrail event, once the ingest took it (not on the live
    // screen, which redraws; its pollers line shows when the path last delivered).
    let lastChangeAt: number | undefined;
    let onChange: (delivery: Delivery) => void = () => undefined;
    const runtime = await startLocalRuntime({
      region,
      account,
      tableName,
      dynamodbEndpoint,
      awsEndpoint: motoEndpoint,
      credentials: LOCAL_CREDENTIALS,
      invokePort: options.invokePort ?? (once ? 0 : 3001),
      apiPort: options.apiPort ?? (once ? false : 3000),
      schedules: !once,
      // The emulator bills nothing, so the demo polls every flow's metrics each minute to keep the sparklines live.
      defaultMetricsIntervalSeconds: 60,
      ...(options.inventoryEverySeconds ? { inventoryEverySeconds: options.inventoryEverySeconds } : {}),
      ...(options.metricsEverySeconds ? { metricsEverySeconds: options.metricsEverySeconds } : {}),
      onError: (what, message) => captured?.note(`${what}: ${message}`),
      cloudTrail: { onDelivery: (delivery) => onChange(delivery) },
      ...(member ? { targets: localTargets({ account, region }, member.account) } : {}),
    });
    cleanups.push(() => runtime.stop());
    for (const [name, reason] of runtime.loadFailures) step(`! ${name}: ${reason}`);

    const doc = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: dynamodbEndpoint, region, credentials: LOCAL_CREDENTIALS }),
      {
        marshallOptions: { removeUndefinedValues: true },
      },
    );
    cleanups.push(() => doc.destroy());
    const store = new StateStore(doc, tableName);

    if (once)
      return await runOnce(runtime, store, clients.mediaConnect, {
        region,
        account,
        accounts,
        member,
        write,
        width: options.width ?? 140,
        estate,
        startedAt,
      });

    const feeder = startMetricsFeeder(clients, estate.flows, estate.mediaLive.channels, {
      onError: (e) => captured?.note(`metrics feeder: ${(e as Error).message}`),
      packages: packageFeeds(estate.mediaLive.channels, estate.mediaPackage),
    });
    cleanups.push(() => feeder.stop());
    if (member) {
      const memberConfig = { endpoint: motoEndpoint, region, credentials: member.credentials, maxAttempts: 3 };
      const memberClients = {
        ...clients,
        mediaConnect: new MediaConnectClient(memberConfig),
        cloudWatch: new CloudWatchClient({ ...memberConfig, disableRequestCompression: true }),
      };
      // The member's flows only: its MediaLive channel list is empty (moto files channels per account too).
      const memberFeeder = startMetricsFeeder(memberClients, member.flows, [], {
        onError: (e) => captured?.note(`metrics feeder (account ${member.account}): ${(e as Error).message}`),
      });
      cleanups.push(() => {
        memberFeeder.stop();
        memberClients.mediaConnect.destroy();
        memberClients.cloudWatch.destroy();
      });
    }
    const dashboard =
      dashboardBundle && dashboardPort !== false
        ? await startLocalDashboard({
            apiUrl: runtime.api?.url,
            port: dashboardPort,
            role: options.dashboardRole ?? 'operator',
            bundle: dashboardBundle,
          })
        : undefined;
    if (dashboard?.served) cleanups.push(() => dashboard.server.close());
    const runtimeFile = writeRuntimeFile(dataDir, {
      mode: 'demo',
      pid: process.pid,
      region,
      account,
      invokeUrl: runtime.invokeApi.url,
      ...(runtime.api ? { apiUrl: runtime.api.url } : {}),
      ...(dashboard?.served ? { dashboardUrl: dashboard.url } : {}),
      motoEndpoint,
      dynamodbEndpoint,
      tableName,
    });
    cleanups.push(() => removeRuntimeFile(runtimeFile));
    const examples = exampleCommands({
      invokeUrl: runtime.invokeApi.url,
      apiUrl: runtime.api?.url,
      flowName: estate.flows[0]?.name ?? 'NewsHD-Primary',
    });
    step(examples.join('\n'));
    if (!runtime.api) step(`REST API not served: ${runtime.apiUnavailable ?? 'unknown reason'}`);
    const dashboardLine = dashboard ? dashboardBanner(dashboard) : undefined;
    if (dashboardLine) step(dashboardLine);

    const fire: FireDeps = {
      region,
      account,
      store,
      mediaConnect: clients.mediaConnect,
      deliver: async (event) => {
        const outcome = await runtime.invoke('event-ingest', event);
        return outcome.ok ? { ok: true } : { ok: false, error: `${outcome.errorType}: ${outcome.errorMessage}` };
      },
    };
    const mode: ViewMode = options.ui === false ? 'lines' : process.stdout.isTTY ? 'screen' : 'snapshots';
    onChange = (delivery) => {
      lastChangeAt = delivery.settledAtMs;
      if (mode !== 'screen')
        void deliveryLine(store, { account, region }, delivery)
          .then(step)
          .catch(() => undefined);
    };
    const result = await new Promise<DemoResult>((resolve) => {
      const view = startLiveView({
        mode,
        runtime,
        store,
        region,
        account,
        accounts,
        title: 'media-monitor · demo (moto)',
        write,
        startedAt,
        notes: [
          `invoke API ${runtime.invokeApi.url}   REST API ${runtime.api?.url ?? 'not served'}   log ${path.relative(process.cwd(), path.join(dataDir, 'runtime.log'))}`,
          ...(dashboardLine ? [dashboardLine] : []),
          'from another terminal: npx tsx bin/local/fire.ts alarm|ok|status --flow <name>',
        ],
        timers: () => [
          { name: 'feeder', ...(feeder.lastFedAt !== undefined ? { lastAt: feeder.lastFedAt } : {}) },
          { name: 'change path', ...(lastChangeAt !== undefined ? { lastAt: lastChangeAt } : {}) },
        ],
        problems: () => captured?.problems ?? [],
        fire,
        chain: { get: apiGetThrough(runtime.invoke), mainFlow: DEMO_MAIN_FLOW, raiseAlarm: true },
        onQuit: () => finish(),
      });
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        view.stop();
        void readEstateView(store, { account, region, accounts }, Date.now())
          .catch(() => ({ flows: [], pollers: [] }) as EstateView)
          .then((last) =>
            resolve({
              flowArns: estate.flowArns,
              mediaLive: estate.mediaLive,
              mediaPackage: estate.mediaPackage,
              datapointsSeeded: estate.datapoints,
              view: last,
              lines: [],
              ...(view.treeShownAfterMs !== undefined ? { treeShownAfterMs: view.treeShownAfterMs } : {}),
              loadFailures: runtime.loadFailures,
              ...(dashboard?.served ? { dashboardUrl: dashboard.url } : {}),
            }),
          );
      };
      // `on`, not `once`: a second Ctrl-C while stopping must not kill the process before moto_server is stopped.
      process.on('SIGINT', finish);
      process.on('SIGTERM', finish);
    });
    step(
      `stopped.${result.treeShownAfterMs !== undefined ? ` The tree showed the estate ${(result.treeShownAfterMs / 1000).toFixed(1)} s after start.` : ''}` +
        ` Store kept in ${path.relative(process.cwd(), dataDir)} (dynalite), handler logs in ${path.relative(process.cwd(), path.join(dataDir, 'runtime.log'))}.`,
    );
    return result;
  } finally {
    await cleanup();
  }
}

/** `1 MediaPackage channel with 2 origin endpoints, 1 v2 channel group with 1 channel`. */
function describeMediaPackage(seeded: SeededMediaPackage): string {
  const endpoints = seeded.channels.reduce((n, c) => n + c.endpoints.length, 0);
  const v2Channels = seeded.channelGroups.reduce((n, g) => n + g.channels.length, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `${plural(seeded.channels.length, 'MediaPackage channel')} with ${plural(endpoints, 'origin endpoint')}, ` +
    `${plural(seeded.channelGroups.length, 'v2 channel group')} with ${plural(v2Channels, 'channel')}`
  );
}

/**
 * `--once`: one inventory and one metrics cycle, a source alarm raised on the main flow, then the tree with the main
 * flow's chain and the alarm's impact, printed once; then a StopFlow that only the change path carries to the store.
 */
async function runOnce(
  runtime: LocalRuntime,
  store: StateStore,
  mediaConnect: MediaConnectClient,
  context: {
    region: string;
    account: string;
    /** Every watched account, the own first. */
    accounts: readonly string[];
    member: SeededMember | undefined;
    write: (text: string) => void;
    width: number;
    estate: Awaited<ReturnType<typeof seedDemoEstate>>;
    startedAt: number;
  },
): Promise<DemoResult> {
  const { write, estate } = context;
  const inventory = await runtime.runInventory();
  write(
    `inventory cycle: ${inventory.ok ? 'ok' : `FAILED (${inventory.errorType}: ${inventory.errorMessage})`} in ${(inventory.durationMs / 1000).toFixed(1)} s\n`,
  );
  const metrics = await runtime.runMetrics();
  write(
    `metrics cycle:   ${metrics.ok ? 'ok' : `FAILED (${metrics.errorType}: ${metrics.errorMessage})`} in ${(metrics.durationMs / 1000).toFixed(1)} s\n`,
  );
  const alarmRaised = await raiseMainFlowAlarm(runtime, store, context);
  if (alarmRaised) write(`alarm on ${DEMO_MAIN_FLOW}: ${alarmRaised.summary}\n`);
  const now = Date.now();
  const view = await withChain(
    await readEstateView(store, context, now),
    apiGetThrough(runtime.invoke),
    DEMO_MAIN_FLOW,
  );
  const lines = renderEstate(
    view,
    { title: 'media-monitor · demo (moto)', region: context.region, account: context.account },
    { now, width: context.width, sparkWidth: 30 },
  );
  write(`${lines.join('\n')}\n`);
  const treeShownAfterMs = now - context.startedAt;
  write(`tree printed ${(treeShownAfterMs / 1000).toFixed(1)} s after start\n`);
  // The last active flow off the main chain: stopping it changes nothing the tree above was about.
  // In the own account: the demo's client acts there.
  const probed = [...view.flows]
    .reverse()
    .find(
      (f) =>
        f.status === 'ACTIVE' &&
        f.name !== DEMO_MAIN_FLOW &&
        (f.account === undefined || f.account === context.account),
    );
  const changePath =
    runtime.cloudTrail && probed ? await stopFlowThroughChangePath({ mediaConnect, store }, probed) : undefined;
  if (changePath) write(`${changePath.summary}\n`);
  return {
    flowArns: estate.flowArns,
    mediaLive: estate.mediaLive,
    mediaPackage: estate.mediaPackage,
    datapointsSeeded: estate.datapoints,
    inventory,
    metrics,
    view,
    ...(alarmRaised ? { alarmRaised } : {}),
    ...(changePath ? { changePath } : {}),
    lines,
    treeShownAfterMs,
    loadFailures: runtime.loadFailures,
    ...(context.member ? { member: context.member } : {}),
  };
}

/**
 * `--once`: raises the sample source alarm on the main flow's first source through the ingest function, after the
 * cycles (so the links its impact is derived from are stored). Undefined when the store has no such flow.
 */
async function raiseMainFlowAlarm(
  runtime: LocalRuntime,
  store: StateStore,
  where: { region: string; account: string },
): Promise<FireResult | undefined> {
  const subject = findSubject(await readEstateView(store, where, Date.now()), DEMO_MAIN_FLOW);
  if (!subject) return undefined;
  const deps: FireDeps = {
    ...where,
    store,
    deliver: async (event) => {
      const outcome = await runtime.invoke('event-ingest', event);
      return outcome.ok ? { ok: true } : { ok: false, error: `${outcome.errorType}: ${outcome.errorMessage}` };
    },
  };
  return fireAlarm(deps, subject, 'source-disconnected', 'ALARM');
}

/**
 * True when every flow of the member account is stored as that account's (its own ARN, its account), beside the own
 * account's flow of the same name; true when no member account is watched.
 */
export function memberKeptApart(result: Pick<DemoResult, 'member' | 'view'>): boolean {
  if (!result.member) return true;
  const { account, flows } = result.member;
  return flows.every((seeded) => {
    const stored = result.view.flows.filter((f) => f.name === seeded.name);
    const mine = stored.find((f) => f.arn === seeded.arn);
    return mine?.account === account && stored.some((f) => f.arn !== seeded.arn && f.account !== account);
  });
}

/** True when the MediaPackage poller is registered, so the main flow's chain can reach the origin endpoints. */
export const chainExpected = (): boolean => INVENTORIES.some((i) => i.service === 'mediapackage');

/** The chain reaches a MediaPackage origin endpoint: flow → input → channel → package channel → endpoint. */
export function chainComplete(chain: ChainSection | undefined): boolean {
  return (
    chain?.state.kind === 'graph' &&
    chain.state.graph.edges.length > 0 &&
    chain.state.graph.nodes.some((n) => n.type === 'mediapackage:origin-endpoint')
  );
}

/**
 * True when a `--once` run did what CI checks: both cycles succeeded, every seeded flow is in the store with metrics,
 * the StopFlow made after the tree reached the store through the emulated CloudTrail event (when it was made) and,
 * once the MediaPackage poller is registered (`requireChain`), the main flow's chain reaches the origin endpoints.
 */
export function onceSucceeded(result: DemoResult, requireChain: boolean = chainExpected()): boolean {
  const withMetrics = result.view.flows.filter((f) => f.sources.some((s) => s.bitrate !== undefined)).length;
  return (
    Boolean(result.inventory?.ok && result.metrics?.ok) &&
    result.view.flows.length >= result.flowArns.length + (result.member?.flows.length ?? 0) &&
    memberKeptApart(result) &&
    withMetrics > 0 &&
    (result.changePath?.ok ?? true) &&
    (!requireChain || chainComplete(result.view.chain))
  );
}

const USAGE = `Usage: npm run demo -- [options]

  --once                 seed, run one inventory and one metrics cycle, raise an alarm on the main flow, print the
                         tree with its signal chain, exit (CI smoke test)
  --no-ui                no live tree: one line per poller cycle
  --port <n>             Lambda Invoke API port (default 3001)
  --api-port <n>         REST API port (default 3000)
  --region <r>           region of the emulated estate (default us-east-1)
  --history-minutes <n>  minutes of seeded metric history (default 30)
  --inventory-every <s>  inventory schedule in seconds (default 300)
  --metrics-every <s>    metrics schedule in seconds (default 60)
  --single-account       watch only the default account (default: also account ${MEMBER_ACCOUNT}, through assume-role)
  --dashboard-port <n>   the web dashboard's port (default ${DEFAULT_DASHBOARD_PORT}, 0: any free port; not with --once)
  --dashboard-role <r>   the dashboard's role on the local API: operator (default) or read-only
  -h, --help
`;

async function main(): Promise<void> {
  // From the process start, so the reported time to the tree includes loading and compiling this script.
  const startedAt = Math.round(performance.timeOrigin);
  const { values } = parseArgs({
    options: {
      once: { type: 'boolean', default: false },
      'no-ui': { type: 'boolean', default: false },
      port: { type: 'string' },
      'api-port': { type: 'string' },
      region: { type: 'string' },
      'history-minutes': { type: 'string' },
      'inventory-every': { type: 'string' },
      'metrics-every': { type: 'string' },
      'single-account': { type: 'boolean', default: false },
      'dashboard-port': { type: 'string' },
      'dashboard-role': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const int = (name: string, value: string | undefined, min: number): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer of at least ${min}, got "${value}"`);
    return n;
  };
  const result = await runDemo({
    startedAt,
    once: values.once,
    ui: !values['no-ui'],
    captureLogs: true,
    memberAccount: !values['single-account'],
    dashboardRole: parseDashboardRole(values['dashboard-role']),
    ...(int('dashboard-port', values['dashboard-port'], 0) !== undefined
      ? { dashboardPort: int('dashboard-port', values['dashboard-port'], 0) }
      : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(int('port', values.port, 0) !== undefined ? { invokePort: int('port', values.port, 0) } : {}),
    ...(int('api-port', values['api-port'], 0) !== undefined
      ? { apiPort: int('api-port', values['api-port'], 0) }
      : {}),
    ...(int('history-minutes', values['history-minutes'], 1)
      ? { historyMinutes: int('history-minutes', values['history-minutes'], 1) }
      : {}),
    ...(int('inventory-every', values['inventory-every'], 10)
      ? { inventoryEverySeconds: int('inventory-every', values['inventory-every'], 10) }
      : {}),
    ...(int('metrics-every', values['metrics-every'], 10)
      ? { metricsEverySeconds: int('metrics-every', values['metrics-every'], 10) }
      : {}),
  });
  if (values.once && !onceSucceeded(result)) {
    const failures = [...result.loadFailures].map(([n, r]) => `${n}: ${r}`);
    process.stderr.write(
      `demo --once failed: ${result.view.flows.length}/${result.flowArns.length + (result.member?.flows.length ?? 0)} flows stored` +
        `${memberKeptApart(result) ? '' : `; account ${MEMBER_ACCOUNT}'s flows are not stored apart from the same-named flows`}` +
        `${chainExpected() && !chainComplete(result.view.chain) ? `; the chain of ${DEMO_MAIN_FLOW} does not reach a MediaPackage endpoint` : ''}` +
        `${result.changePath && !result.changePath.ok ? `; ${result.changePath.summary}` : ''}` +
        `${failures.length ? `; ${failures.join('; ')}` : ''}\n`,
    );
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main()
    .then(() => process.exit())
    .catch((error: unknown) => {
      process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
