import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { inventorySettingsFromEnv } from '../../lambdas/mediaconnect/inventory-config';
import type { InventoryCycleOutcome } from '../../lambdas/polling/inventory-cycle';
import type { MetricSelection } from '../../lambdas/metrics/metric-catalog';
import { metricsSettingsFromEnv } from '../../lambdas/metrics/metrics-config';
import type { MetricsPollOutcome } from '../../lambdas/metrics/metrics-poller';
import { ENV } from '../../lambdas/shared/env';
import { ensureStateTable, LOCAL_ACCOUNT, LOCAL_CREDENTIALS, startMoto } from '../local/emulators';
import type { BenchOptions } from './bench-args';
import { BENCH_CHANNEL_SHAPE, channelCostFigures, SeededChannels, seedBenchChannels } from './bench-channels';
import { costFigures } from './bench-cost';
import {
  BENCH_FLOW_SHAPE,
  benchDatapoints,
  defaultDatapointFlows,
  putBenchDatapoints,
  SeededFleet,
  seedBenchFleet,
} from './bench-fleet';
import type { BenchFigures, CycleFigures, CycleId, FirstPassFigures } from './bench-report';
import { measureBundles } from './bundle-size';
import { measureDashboardSize } from './dashboard-size';
import { startDynaliteProcess } from './dynalite-child';
import { cpuSince, readCpu } from './process-cpu';
import { bundlePollerWorker, PollerWorker, startPollerWorker } from './poller-workers';
import { maxRssMb } from './rss-sampler';
import type { PollerName, WorkerCycle } from './worker-protocol';

const REGION = 'us-east-1';
const TABLE_NAME = 'media-monitor-bench';
const DATAPOINT_MINUTES = 3;
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Progress lines (to stderr, so `--json` output stays one document). */
export type BenchLog = (line: string) => void;

/**
 * The poller benchmark: seeds moto, then runs inventory #1 (writes everything), metrics #1, moves the clock one metrics
 * interval on, inventory #2 (steady state: must write no inventory item) and metrics #2 (every flow due again), counting
 * every AWS call on the pollers' own clients. Then bundles the Lambdas and prices the metrics plan.
 */
export async function runPollerBench(options: BenchOptions, log: BenchLog): Promise<BenchFigures> {
  const benchStarted = Date.now();
  useLocalCredentials();
  log('starting moto_server and dynalite ...');
  const workDir = mkdtempSync(path.join(tmpdir(), 'media-monitor-bench-'));
  const [moto, dynalite, workerBundle] = await Promise.all([
    startMoto(),
    startDynaliteProcess(),
    bundlePollerWorker(workDir),
  ]);
  const workers: PollerWorker[] = [];
  try {
    await ensureStateTable(dynalite.endpoint, TABLE_NAME, REGION);
    const metricSettings = metricsSettingsFromEnv({ [ENV.metricSet]: options.metricSet });
    const fleet = await seedEstate(moto.endpoint, options.flows, log);
    const channelFleet = options.channels > 0 ? await seedChannels(moto.endpoint, options.channels, log) : undefined;
    const datapointFlows = Math.min(
      options.datapointFlows ?? defaultDatapointFlows(metricSettings.metricSet, DATAPOINT_MINUTES),
      options.flows,
    );
    const feeder = new DatapointFeeder(moto.endpoint, fleet, metricSettings.metricSet, datapointFlows);

    const config = {
      motoEndpoint: moto.endpoint,
      dynamoEndpoint: dynalite.endpoint,
      tableName: TABLE_NAME,
      region: REGION,
      account: LOCAL_ACCOUNT,
      metricSet: options.metricSet,
      ...(options.mediaConnectRps !== undefined ? { mediaConnectRps: options.mediaConnectRps } : {}),
      ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    };
    const [inventory, metrics, mediaLiveInventory] = await Promise.all([
      startPollerWorker(workerBundle, { ...config, poller: 'inventory' }),
      startPollerWorker(workerBundle, { ...config, poller: 'metrics' }),
      channelFleet ? startPollerWorker(workerBundle, { ...config, poller: 'medialive-inventory' }) : undefined,
    ]);
    workers.push(inventory, metrics, ...(mediaLiveInventory ? [mediaLiveInventory] : []));
    const pids = { moto: moto.process.pid, dynalite: dynalite.pid };
    const run = await runCycles(
      { inventory, metrics, ...(mediaLiveInventory ? { 'medialive-inventory': mediaLiveInventory } : {}) },
      {
        feeder,
        pids,
        log,
        intervalMs: metricSettings.defaultIntervalSeconds * 1000,
        ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
      },
    );
    feeder.destroy();

    log('bundling the Lambdas ...');
    const bundles = await measureBundles(PROJECT_ROOT);
    log('building the web dashboard ...');
    const dashboard = await measureDashboardSize(PROJECT_ROOT);
    const firstMetrics = run.cycles.find((c) => c.id === 'metrics-first');
    const measuredQueriesPerFlowPoll =
      firstMetrics?.flowQueries !== undefined && firstMetrics.flowsPolled
        ? firstMetrics.flowQueries / firstMetrics.flowsPolled
        : undefined;
    const inventorySettings = inventorySettingsFromEnv({ [ENV.accountId]: LOCAL_ACCOUNT });

    return {
      flows: options.flows,
      shape: BENCH_FLOW_SHAPE,
      metricSet: metricSettings.metricSet.name,
      intervalSeconds: metricSettings.defaultIntervalSeconds,
      historyMinutes: metricSettings.historyMinutes,
      mediaConnectRate: {
        benchRps: options.mediaConnectRps ?? 'unlimited',
        productionRps: inventorySettings.mediaConnectRps,
        productionBurst: inventorySettings.mediaConnectBurst,
      },
      seeding: { durationMs: fleet.durationMs, datapoints: feeder.datapoints, flowsWithDatapoints: feeder.flows },
      cycles: run.cycles,
      memory: {
        peakRssMb: Math.max(run.maxRssMb.inventory, run.maxRssMb.metrics, run.maxRssMb['medialive-inventory']),
        inventoryPeakRssMb: run.maxRssMb.inventory,
        metricsPeakRssMb: run.maxRssMb.metrics,
        inventoryStartRssMb: inventory.startRssMb,
        metricsStartRssMb: metrics.startRssMb,
        benchProcessPeakRssMb: maxRssMb(),
      },
      bundles,
      dashboard,
      cost: costFigures(
        metricSettings.metricSet.metrics,
        metricSettings.defaultIntervalSeconds,
        options.flows,
        measuredQueriesPerFlowPoll,
      ),
      ...(run.firstPass ? { firstPass: run.firstPass } : {}),
      ...(channelFleet
        ? {
            channels: {
              count: channelFleet.channels.length,
              shape: BENCH_CHANNEL_SHAPE,
              seeding: { durationMs: channelFleet.durationMs },
              listing: channelFleet.listing,
              cost: channelCostFigures(metricSettings.defaultIntervalSeconds),
              ...(run.mediaLiveUnavailable ? { inventoryUnavailable: run.mediaLiveUnavailable } : {}),
            },
          }
        : {}),
      totalMs: Date.now() - benchStarted,
    };
  } finally {
    await Promise.all([...workers.map((w) => w.stop()), moto.stop(), dynalite.stop()]);
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The client factories read credentials from the default chain; only the local emulators ever see these. */
function useLocalCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

/** Seeds the fleet with a client of its own, which the counts leave out. */
async function seedEstate(motoEndpoint: string, flows: number, log: BenchLog): Promise<SeededFleet> {
  log(`seeding ${flows} flows ...`);
  const mediaConnect = new MediaConnectClient({
    region: REGION,
    endpoint: motoEndpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    const fleet = await seedBenchFleet(mediaConnect, flows);
    log(`seeded in ${(fleet.durationMs / 1000).toFixed(1)} s`);
    return fleet;
  } finally {
    mediaConnect.destroy();
  }
}

/** Seeds the MediaLive channels with a client of its own, which the counts leave out. */
async function seedChannels(motoEndpoint: string, channels: number, log: BenchLog): Promise<SeededChannels> {
  log(`seeding ${channels} MediaLive channels ...`);
  const mediaLive = new MediaLiveClient({ region: REGION, endpoint: motoEndpoint, credentials: LOCAL_CREDENTIALS });
  try {
    const seeded = await seedBenchChannels(mediaLive, channels);
    log(
      `seeded in ${(seeded.durationMs / 1000).toFixed(1)} s; one ListChannels pass: ${seeded.listing.pages} pages in ` +
        `${(seeded.listing.durationMs / 1000).toFixed(1)} s`,
    );
    return seeded;
  } finally {
    mediaLive.destroy();
  }
}

/**
 * Puts the last few minutes of datapoints for the first flows before each metrics cycle, as MediaConnect publishes them
 * every minute, so both cycles fetch and store fresh points. Its client is not counted.
 */
class DatapointFeeder {
  private readonly cloudWatch: CloudWatchClient;
  datapoints = 0;

  constructor(
    motoEndpoint: string,
    private readonly fleet: SeededFleet,
    private readonly selection: MetricSelection,
    readonly flows: number,
  ) {
    // The SDK gzips large PutMetricData bodies, which moto 5.2.1 fails to read.
    this.cloudWatch = new CloudWatchClient({
      region: REGION,
      endpoint: motoEndpoint,
      credentials: LOCAL_CREDENTIALS,
      disableRequestCompression: true,
    });
  }

  async feed(now: number): Promise<void> {
    const datums = benchDatapoints(this.fleet.flows, this.selection, {
      flows: this.flows,
      minutes: DATAPOINT_MINUTES,
      now,
    });
    await putBenchDatapoints(this.cloudWatch, datums);
    this.datapoints += datums.length;
  }

  destroy(): void {
    this.cloudWatch.destroy();
  }
}

interface CycleContext {
  readonly feeder: DatapointFeeder;
  readonly pids: { moto?: number; dynalite?: number };
  readonly log: BenchLog;
  /** How far the clock moves between the first and the second round: one metrics interval. */
  readonly intervalMs: number;
  /** The simulated inventory timeout: the first pass runs invocations until it is complete. */
  readonly timeoutSeconds?: number;
}

interface CycleRun {
  readonly cycles: CycleFigures[];
  /** Each worker's peak RSS over all its cycles. */
  readonly maxRssMb: Record<PollerName, number>;
  readonly firstPass?: FirstPassFigures;
  /** Why the MediaLive inventory cycles failed, when they did. */
  readonly mediaLiveUnavailable?: string;
}

/** A pass that has not completed after this many invocations is reported as incomplete. */
const MAX_FIRST_PASS_INVOCATIONS = 50;

/** Inventory #1, metrics #1, one metrics interval later inventory #2 and metrics #2; each timed and counted. */
async function runCycles(
  workers: Record<Exclude<PollerName, 'medialive-inventory'>, PollerWorker> & { 'medialive-inventory'?: PollerWorker },
  context: CycleContext,
): Promise<CycleRun> {
  const { feeder, pids, log } = context;
  const cycles: CycleFigures[] = [];
  const maxRss: Record<PollerName, number> = { inventory: 0, 'medialive-inventory': 0, metrics: 0 };
  let mediaLiveUnavailable: string | undefined;
  let clockOffsetMs = 0;

  const measure = async (id: CycleId, poller: PollerName) => {
    log(`running ${id} ...`);
    const emulatorsBefore = readCpu(pids);
    const worker = workers[poller];
    if (!worker) throw new Error(`no ${poller} worker`);
    const cycle = await worker.poll(clockOffsetMs);
    const emulators = cpuSince(emulatorsBefore, readCpu(pids));
    maxRss[poller] = Math.max(maxRss[poller], cycle.maxRssMb);
    cycles.push({
      id,
      wallMs: cycle.wallMs,
      cpu: { ...emulators, benchMs: cycle.cpuMs },
      ...cycle.counts,
      peakRssMb: cycle.peakRssMb,
      outcome: cycle.outcome,
      ...(poller === 'inventory'
        ? inventoryFigures(cycle.outcome as InventoryCycleOutcome)
        : poller === 'metrics'
          ? metricsFigures(cycle.outcome as MetricsPollOutcome)
          : {}),
    });
    log(`  ${id}: ${(cycle.wallMs / 1000).toFixed(1)} s`);
    return cycle;
  };

  /** MediaLive's cycles: a failure is reported (a FAIL check with the reason), and the flow cycles go on. */
  const measureMediaLive = async (id: CycleId) => {
    if (!workers['medialive-inventory'] || mediaLiveUnavailable) return;
    await measure(id, 'medialive-inventory').catch((error: unknown) => {
      // The worker sends the stack; its first line names the error.
      mediaLiveUnavailable = (error as Error).message.split('\n')[0] ?? 'failed';
      log(`  ${id} failed: ${mediaLiveUnavailable}`);
    });
  };

  const first = await measure('inventory-first', 'inventory');
  await measureMediaLive('medialive-inventory-first');
  const firstPass = context.timeoutSeconds
    ? await continueFirstPass(workers.inventory, first, context.timeoutSeconds, log)
    : undefined;
  await feeder.feed(Date.now() + clockOffsetMs);
  await measure('metrics-first', 'metrics');
  // Every flow is due again one interval later; the clock moves instead of the bench sleeping.
  clockOffsetMs += context.intervalMs;
  await measure('inventory-steady', 'inventory');
  await measureMediaLive('medialive-inventory-steady');
  await feeder.feed(Date.now() + clockOffsetMs);
  await measure('metrics-steady', 'metrics');
  return {
    cycles,
    maxRssMb: maxRss,
    ...(firstPass ? { firstPass } : {}),
    ...(mediaLiveUnavailable ? { mediaLiveUnavailable } : {}),
  };
}

/**
 * Runs inventory invocations after the first one until the pass is complete, as the schedule would (without waiting
 * out its interval), each with the simulated timeout; the first invocation's figures are the `inventory-first` cycle.
 */
async function continueFirstPass(
  inventory: PollerWorker,
  first: WorkerCycle,
  timeoutSeconds: number,
  log: BenchLog,
): Promise<FirstPassFigures> {
  const invocation = (cycle: WorkerCycle) => {
    const pass = (cycle.outcome as InventoryCycleOutcome).pass;
    return {
      wallMs: cycle.wallMs,
      described: pass.describedThisRun,
      remaining: pass.remaining,
      complete: pass.complete,
      written: cycle.counts.itemsWritten.inventory,
    };
  };
  const invocations = [invocation(first)];
  while (!invocations[invocations.length - 1]?.complete && invocations.length < MAX_FIRST_PASS_INVOCATIONS) {
    const next = invocation(await inventory.poll(0));
    invocations.push(next);
    log(
      `  inventory-first, invocation ${invocations.length}: ${(next.wallMs / 1000).toFixed(1)} s, ${next.remaining} left`,
    );
  }
  return {
    timeoutSeconds,
    invocations: invocations.map(({ wallMs, described, remaining }) => ({ wallMs, described, remaining })),
    complete: invocations[invocations.length - 1]?.complete ?? false,
    totalMs: invocations.reduce((sum, i) => sum + i.wallMs, 0),
    inventoryItemsWritten: invocations.reduce((sum, i) => sum + i.written, 0),
  };
}

const inventoryFigures = (outcome: InventoryCycleOutcome): Partial<CycleFigures> => ({
  flowsPolled: outcome.resourcesListed - outcome.changes.failed - outcome.pass.remaining,
  reportedInventoryWrites: outcome.inventoryWrites,
});

const metricsFigures = (outcome: MetricsPollOutcome): Partial<CycleFigures> => ({
  flowsPolled: outcome.byService.mediaconnect?.polled ?? 0,
  flowQueries: outcome.byService.mediaconnect?.queries ?? 0,
  channelsPolled: outcome.byService.medialive?.polled ?? 0,
  queries: outcome.queries,
  datapointsFetched: outcome.datapointsFetched,
});
