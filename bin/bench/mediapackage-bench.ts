import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateChannelCommand, CreateOriginEndpointCommand, MediaPackageClient } from '@aws-sdk/client-mediapackage';
import { mediaPackageInventory } from '../../lambdas/mediapackage/service';
import { resolveMetricSet } from '../../lambdas/metrics/metric-catalog';
import { MetricDiscovery } from '../../lambdas/metrics/metric-discovery';
import { pollMetrics } from '../../lambdas/metrics/metrics-poller';
import { pollServiceInventory } from '../../lambdas/polling/inventory-cycle';
import { createDocumentClient } from '../../lambdas/shared/clients';
import { systemClock } from '../../lambdas/shared/clock';
import { mapWithConcurrency, TokenBucket } from '../../lambdas/shared/rate-limiter';
import { StateStore } from '../../lambdas/store/state-store';
import { ensureStateTable, LOCAL_ACCOUNT, LOCAL_CREDENTIALS, startMoto } from '../local/emulators';
import type { SubBenchOptions } from './bench-args';
import { startDynaliteProcess } from './dynalite-child';

/**
 * `npm run bench -- --endpoints N`: MediaPackage v1 at scale on moto and dynalite. Seeds N origin endpoints over N/2
 * channels (HLS, DASH, CMAF in turn), runs the inventory twice and the metrics cycle once, and prints:
 * - the MediaPackage calls of each inventory poll (one ListChannels and one ListOriginEndpoints listing, no describe);
 * - the second (steady-state) cycle's writes, which must be 0;
 * - the metrics cycle's GetMetricData calls against ⌈total queries / 500⌉, with the ListMetrics calls of discovery.
 * Every channel and endpoint gets CloudWatch datapoints by its Id, so discovery finds all of them.
 */

const REGION = 'eu-north-1';

export interface MediaPackageBenchFigures {
  readonly passed: boolean;
  readonly endpoints: number;
  readonly channels: number;
  readonly seedMs: number;
  readonly firstCycle: { readonly calls: Record<string, number>; readonly writes: number; readonly durationMs: number };
  readonly steadyCycle: {
    readonly calls: Record<string, number>;
    readonly writes: number;
    readonly durationMs: number;
  };
  readonly metrics: {
    readonly queries: number;
    readonly getMetricDataCalls: number;
    readonly expectedCalls: number;
    readonly listMetricsCalls: number;
    readonly discovery?: unknown;
  };
}

function readEndpoints(argv: readonly string[]): number {
  const at = argv.findIndex((a) => a === '--endpoints' || a.startsWith('--endpoints='));
  const raw = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1];
  const n = Number(raw ?? 200);
  if (!Number.isInteger(n) || n < 2 || n > 5_000) throw new Error('--endpoints must be an integer 2..5000');
  return n;
}

const sum = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

export async function runMediaPackageBench(options: SubBenchOptions): Promise<MediaPackageBenchFigures> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const endpoints = readEndpoints(options.argv);
  const channels = Math.ceil(endpoints / 2);
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  log('mediapackage: starting moto_server and dynalite ...');
  const moto = await startMoto();
  const dynalite = await startDynaliteProcess();
  try {
    const tableName = `bench-mp-${Date.now().toString(36)}`;
    await ensureStateTable(dynalite.endpoint, tableName, REGION);
    const config = { region: REGION, endpoint: moto.endpoint, credentials: LOCAL_CREDENTIALS };
    const seeder = new MediaPackageClient(config);
    const cloudWatch = new CloudWatchClient(config);
    log(`mediapackage: seeding ${channels} channels and ${endpoints} origin endpoints ...`);
    const seedStarted = Date.now();
    await mapWithConcurrency(
      Array.from({ length: channels }, (_, i) => i),
      16,
      async (c) => {
        const id = `bench-mp-${String(c).padStart(5, '0')}`;
        await seeder.send(new CreateChannelCommand({ Id: id, Tags: { team: 'bench' } }));
        for (const e of [0, 1].filter((e) => c * 2 + e < endpoints)) {
          const packaging =
            (c * 2 + e) % 3 === 0
              ? { HlsPackage: { SegmentDurationSeconds: 6, PlaylistWindowSeconds: 60 } }
              : (c * 2 + e) % 3 === 1
                ? { DashPackage: { SegmentDurationSeconds: 2, ManifestWindowSeconds: 60 } }
                : { CmafPackage: { SegmentDurationSeconds: 4, HlsManifests: [{ Id: `${id}-${e}-m` }] } };
          await seeder.send(new CreateOriginEndpointCommand({ Id: `${id}-${e}`, ChannelId: id, ...packaging }));
          await cloudWatch.send(
            new PutMetricDataCommand({
              Namespace: 'AWS/MediaPackage',
              MetricData: [
                {
                  MetricName: 'EgressBytes',
                  Dimensions: [
                    { Name: 'Channel', Value: id },
                    { Name: 'OriginEndpoint', Value: `${id}-${e}` },
                  ],
                  Value: 1_000_000,
                },
              ],
            }),
          );
        }
        await cloudWatch.send(
          new PutMetricDataCommand({
            Namespace: 'AWS/MediaPackage',
            MetricData: [{ MetricName: 'IngressBytes', Dimensions: [{ Name: 'Channel', Value: id }], Value: 5e6 }],
          }),
        );
      },
    );
    const seedMs = Date.now() - seedStarted;
    seeder.destroy();

    const store = new StateStore(createDocumentClient({ region: REGION, endpoint: dynalite.endpoint }), tableName);
    const client = new MediaPackageClient({ ...config, maxAttempts: 1 });
    const deps = { client, store, clock: systemClock, limiter: new TokenBucket(1e6, 1e6), accountId: LOCAL_ACCOUNT };
    const cycle = async () => {
      const started = Date.now();
      const outcomes = await pollServiceInventory(deps, mediaPackageInventory, { accountId: LOCAL_ACCOUNT });
      const calls: Record<string, number> = {};
      for (const o of outcomes) for (const [op, n] of Object.entries(o.calls)) calls[op] = (calls[op] ?? 0) + n;
      return { calls, writes: outcomes.reduce((a, o) => a + o.inventoryWrites, 0), durationMs: Date.now() - started };
    };
    log('mediapackage: first inventory cycle ...');
    const firstCycle = await cycle();
    log('mediapackage: steady-state inventory cycle ...');
    const steadyCycle = await cycle();

    log('mediapackage: metrics cycle ...');
    let getMetricData = 0;
    let listMetrics = 0;
    cloudWatch.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'GetMetricDataCommand') getMetricData++;
        if (context.commandName === 'ListMetricsCommand') listMetrics++;
        return next(args);
      },
      { step: 'initialize', name: 'benchCallCounter' },
    );
    const outcome = await pollMetrics(
      { cloudWatch, store, clock: systemClock, discovery: new MetricDiscovery() },
      {
        account: LOCAL_ACCOUNT,
        region: REGION,
        metricSet: resolveMetricSet('health'),
        defaultIntervalSeconds: 60,
        historyMinutes: 60,
      },
    );
    const expectedCalls = Math.ceil(outcome.queries / 500);
    const figures: MediaPackageBenchFigures = {
      passed: steadyCycle.writes === 0 && getMetricData === expectedCalls && sum(steadyCycle.calls) === 2,
      endpoints,
      channels,
      seedMs,
      firstCycle,
      steadyCycle,
      metrics: {
        queries: outcome.queries,
        getMetricDataCalls: getMetricData,
        expectedCalls,
        listMetricsCalls: listMetrics,
        ...(outcome.discovery ? { discovery: outcome.discovery } : {}),
      },
    };
    cloudWatch.destroy();
    client.destroy();
    if (options.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    else
      process.stdout.write(
        [
          `MediaPackage v1: ${endpoints} origin endpoints over ${channels} channels (seeded in ${(seedMs / 1000).toFixed(1)} s)`,
          `  first cycle:        ${JSON.stringify(firstCycle.calls)} calls, ${firstCycle.writes} writes, ${firstCycle.durationMs} ms`,
          `  steady-state cycle: ${JSON.stringify(steadyCycle.calls)} calls, ${steadyCycle.writes} writes (target 0), ${steadyCycle.durationMs} ms`,
          `  metrics cycle:      ${outcome.queries} queries → ${getMetricData} GetMetricData calls (⌈${outcome.queries}/500⌉ = ${expectedCalls}), ${listMetrics} ListMetrics`,
          `  ${figures.passed ? 'PASS' : 'FAIL'}`,
          '',
        ].join('\n'),
      );
    return figures;
  } finally {
    await dynalite.stop();
    await moto.stop();
  }
}
