import { MediaConnectClient, UpdateFlowOutputCommand } from '@aws-sdk/client-mediaconnect';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import type { RawMessage } from '../../lambdas/events/event-model';
import { RawRing } from '../../lambdas/events/event-history';
import { FlowResolver } from '../../lambdas/events/flow-resolver';
import { createFlowRepoller } from '../../lambdas/events/flow-repoller';
import { IngestDeps, ingestMessages } from '../../lambdas/events/ingest';
import { DEFAULT_INGEST_SETTINGS } from '../../lambdas/events/ingest-config';
import { CountingMetrics } from '../../lambdas/events/ingest-metrics';
import { RepollWindows } from '../../lambdas/events/repoll-coalescer';
import { trailingRepollBody } from '../../lambdas/events/trailing-repoll';
import { inventorySettingsFromEnv } from '../../lambdas/mediaconnect/inventory-config';
import { pollMediaConnectInventory } from '../../lambdas/mediaconnect/flow-cycle';
import { metricsSettingsFromEnv } from '../../lambdas/metrics/metrics-config';
import { createCloudWatchClient, createDocumentClient, createMediaConnectClient } from '../../lambdas/shared/clients';
import { sleep, systemClock } from '../../lambdas/shared/clock';
import { ENV } from '../../lambdas/shared/env';
import { mapWithConcurrency, TokenBucket } from '../../lambdas/shared/rate-limiter';
import { childSk, resourcePk } from '../../lambdas/store/keys';
import { StateStore } from '../../lambdas/store/state-store';
import { CloudTrailEmulator, EmittedCall } from '../local/cloudtrail-emulator';
import { ensureStateTable, LOCAL_ACCOUNT, LOCAL_CREDENTIALS, startMoto } from '../local/emulators';
import type { SubBenchOptions } from './bench-args';
import { seedBenchFleet, SeededBenchFlow } from './bench-fleet';
import { AwsCallCounter, instrumentClient } from './call-counter';
import { ChurnResult, runChurn } from './churn-scenario';
import { startDynaliteProcess } from './dynalite-child';
import { planStorm, shuffled, snsBody, TOPIC } from './storm';

/**
 * `npm run bench -- --churn`: the change path's figures on moto and dynalite.
 * 1. Correctness under churn: the churn scenario (churn-scenario.ts) at bench size, its missed, stale and falsely
 *    tombstoned flows after one sweep period, and the DescribeFlow calls the monitor spent on it.
 * 2. Change to store: UpdateFlowOutput calls made on moto through the CloudTrail emulator, each event posted to the
 *    ingest code path (`ingestMessages`, on one of the ingest's concurrent instances), timed until a read of the store
 *    shows the output's new description; while the storm bench's alarm load (storm.ts) runs on other flows, and on the
 *    stormed flows themselves, whose live re-poll windows coalesce the change into the window's trailing re-poll.
 */

export interface ChurnBenchOptions {
  /** Flows of the churn scenario. @default 100 */
  readonly flows: number;
  /** Random changes of the churn scenario. @default 200 */
  readonly changes: number;
  /** Share of change events dropped in the churn scenario (then one more sweep period runs). @default 0 */
  readonly drop: number;
  readonly seed: number;
  /** Changes timed to the store on flows outside the storm. @default 100 */
  readonly latencyChanges: number;
  /** Changes timed to the store on flows the storm alarms. @default 20 */
  readonly stormedChanges: number;
  /** One change posted every this many ms. @default 1600 (within the ingest's share of the MediaConnect quota: 2 calls a change) */
  readonly changeEveryMs: number;
  /** Flows the storm alarms (storm.ts). @default 40 */
  readonly stormFlows: number;
  readonly json: boolean;
}

/** A `npm run bench -- --churn …` command line that cannot run. */
export class ChurnArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChurnArgsError';
  }
}

const count = (max: number) => z.coerce.number().int().min(1).max(max);
const argsSchema = z.object({
  flows: count(5_000).default(100),
  changes: count(10_000).default(200),
  drop: z.coerce.number().min(0).max(0.9).default(0),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  latencyChanges: count(5_000).default(100),
  stormedChanges: z.coerce.number().int().min(0).max(5_000).default(20),
  changeEveryMs: z.coerce.number().int().min(10).max(60_000).default(1600),
  stormFlows: count(1_000).default(40),
});

/** The churn bench's own flags (`--churn-flows` etc.); `--flows` sets the churn scenario's flows too. */
export function parseChurnArgs(options: Partial<SubBenchOptions>): ChurnBenchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...(options.argv ?? [])],
      strict: false,
      options: {
        changes: { type: 'string' },
        drop: { type: 'string' },
        seed: { type: 'string' },
        'latency-changes': { type: 'string' },
        'stormed-changes': { type: 'string' },
        'change-every-ms': { type: 'string' },
        'storm-flows': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new ChurnArgsError((error as Error).message);
  }
  const text = (value: string | boolean | undefined) => (typeof value === 'string' ? value : value ? '' : undefined);
  const parsed = argsSchema.safeParse({
    flows: options.flows,
    changes: text(values.changes),
    drop: text(values.drop),
    seed: text(values.seed),
    latencyChanges: text(values['latency-changes']),
    stormedChanges: text(values['stormed-changes']),
    changeEveryMs: text(values['change-every-ms']),
    stormFlows: text(values['storm-flows']),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChurnArgsError(`--${kebab(String(issue?.path[0] ?? ''))}: ${issue?.message ?? 'invalid'}`);
  }
  const { seed, ...rest } = parsed.data;
  return { ...rest, seed: seed ?? Math.floor(Math.random() * 2 ** 31), json: options.json ?? false };
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export interface LatencyFigures {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Changes the store did not show within the wait. */
  readonly unseen: number;
}

/** p50, p99 and max of the latencies (nearest rank); zeros for none. */
export function latencyFigures(latencies: readonly number[], unseen = 0): LatencyFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const rank = (p: number) =>
    sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { count: sorted.length, p50: rank(50), p99: rank(99), max: sorted.at(-1) ?? 0, unseen };
}

export interface ChurnBenchFigures {
  readonly seed: number;
  readonly churn: {
    readonly flows: number;
    readonly changesMade: number;
    readonly eventsDropped: number;
    readonly cycles: number;
    readonly missed: number;
    readonly stale: number;
    /** Flows whose tags alone lag (a lost TagResource waits for the tag round-robin): see StoreComparison. */
    readonly staleTags: number;
    readonly falseTombstones: number;
    /** DescribeFlow calls of the monitor (cycles and re-polls) over the scenario. */
    readonly describeFlowCalls: number;
    /** What describing every flow every cycle would have cost (flows listed, summed over the cycles). */
    readonly describeEveryCycle: number;
    readonly differences: readonly string[];
  };
  readonly changeToStore: {
    /** Before the storm starts: the path alone. */
    readonly idle: LatencyFigures;
    /** Under the storm, on flows it does not alarm. */
    readonly quiet: LatencyFigures;
    /** Under the storm, on flows it alarms (their re-poll windows are live: the change waits for the trailing re-poll). */
    readonly stormed: LatencyFigures;
    readonly stormNotifications: number;
  };
  readonly checks: readonly { name: string; target: string; actual: string; passed: boolean }[];
  readonly passed: boolean;
}

/** Runs both parts, prints the figures (a table, or JSON), and returns them. */
export async function runChurnBench(sub: Partial<SubBenchOptions> = {}): Promise<ChurnBenchFigures> {
  const log = (line: string) => void process.stderr.write(`${line}\n`);
  let o: ChurnBenchOptions;
  try {
    o = parseChurnArgs(sub);
  } catch (error) {
    if (!(error instanceof ChurnArgsError)) throw error;
    log(`churn: ${error.message}`);
    process.exitCode = 2;
    throw error;
  }
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  log(`churn: seed ${o.seed}; starting moto_server and dynalite ...`);
  const [moto, dynalite] = await Promise.all([startMoto(), startDynaliteProcess()]);
  try {
    const churn = await churnPart(o, moto.endpoint, dynalite.endpoint, log);
    const changeToStore = await latencyPart(o, moto.endpoint, dynalite.endpoint, log);
    const checks = [
      { name: 'missed', target: '0', actual: String(churn.missed), passed: churn.missed === 0 },
      { name: 'stale', target: '0', actual: String(churn.stale), passed: churn.stale === 0 },
      {
        name: 'false tombstones',
        target: '0',
        actual: String(churn.falseTombstones),
        passed: churn.falseTombstones === 0,
      },
      {
        name: 'changes the store never showed',
        target: '0',
        actual: String(changeToStore.idle.unseen + changeToStore.quiet.unseen + changeToStore.stormed.unseen),
        passed: changeToStore.idle.unseen + changeToStore.quiet.unseen + changeToStore.stormed.unseen === 0,
      },
    ];
    const figures: ChurnBenchFigures = {
      seed: o.seed,
      churn,
      changeToStore,
      checks,
      passed: checks.every((c) => c.passed),
    };
    process.stdout.write(o.json ? `${JSON.stringify(figures, null, 2)}\n` : `\n${formatChurnBench(figures)}\n`);
    return figures;
  } finally {
    await Promise.all([moto.stop(), dynalite.stop()]);
  }
}

async function churnPart(
  o: ChurnBenchOptions,
  motoEndpoint: string,
  dynamodbEndpoint: string,
  log: (line: string) => void,
): Promise<ChurnBenchFigures['churn']> {
  const region = 'eu-west-2';
  const tableName = `churn-bench-${Date.now().toString(36)}`;
  await ensureStateTable(dynamodbEndpoint, tableName, region);
  const doc = createDocumentClient({ region, endpoint: dynamodbEndpoint });
  const counter = new AwsCallCounter();
  log(`churn: ${o.flows} flows, ${o.changes} changes over one sweep period (${region}) ...`);
  let result: ChurnResult;
  try {
    result = await runChurn({
      clientConfig: { region, endpoint: motoEndpoint, credentials: LOCAL_CREDENTIALS },
      store: new StateStore(doc, tableName),
      account: LOCAL_ACCOUNT,
      seed: o.seed,
      flows: o.flows,
      changes: o.changes,
      dropFraction: o.drop,
      settleCycles: o.drop > 0 ? 12 : 0,
      instrument: (client) => instrumentClient(client, counter),
      log: (line) => log(`churn: ${line}`),
    });
  } finally {
    doc.destroy();
  }
  const final = result.final;
  return {
    flows: o.flows,
    changesMade: Object.values(result.made).reduce((n, c) => n + c.ok, 0),
    eventsDropped: result.eventsDropped,
    cycles: result.cycles,
    missed: final.missed,
    stale: final.stale,
    staleTags: final.staleTags,
    falseTombstones: final.falseTombstones,
    describeFlowCalls: counter.snapshot().calls['MediaConnect.DescribeFlow'] ?? 0,
    describeEveryCycle: result.cycleOutcomes.slice(1).reduce((n, c) => n + c.resourcesListed, 0),
    differences: final.differences,
  };
}

/** One ingest instance: its own clients, caches and MediaConnect pace, as a concurrent Lambda container has. */
function ingestContainer(region: string, motoEndpoint: string, dynamodbEndpoint: string, tableName: string) {
  const inventorySettings = inventorySettingsFromEnv({ [ENV.accountId]: LOCAL_ACCOUNT });
  const mediaConnect = createMediaConnectClient({ region, endpoint: motoEndpoint });
  const cloudWatch = createCloudWatchClient({ region, endpoint: motoEndpoint });
  const doc = createDocumentClient({ region, endpoint: dynamodbEndpoint });
  const store = new StateStore(doc, tableName);
  const pace = inventorySettings.mediaConnectQuota.functions.ingest;
  const repoller = createFlowRepoller(
    { client: mediaConnect, store, clock: systemClock, limiter: new TokenBucket(pace.rps, pace.burst) },
    { cloudWatch, store, clock: systemClock },
    { ...metricsSettingsFromEnv({}), account: LOCAL_ACCOUNT, region },
  );
  const pendingTrailing = new Set<Promise<unknown>>();
  const deps: IngestDeps = {
    store,
    clock: systemClock,
    repoller,
    metrics: new CountingMetrics(),
    settings: { ...DEFAULT_INGEST_SETTINGS, expectedTopicArns: new Set([TOPIC(region)]), repollWindowSeconds: 10 },
    resolver: new FlowResolver(store, systemClock),
    rawRing: new RawRing(),
    repollWindows: new RepollWindows(),
    // The queue's delayed message, delivered back to this container when its delay is over.
    trailingRepolls: {
      schedule: async (request, delaySeconds) => {
        const done = sleep(delaySeconds * 1000)
          .then(() => ingestMessages(deps, [sqsMessage(trailingRepollBody(request), region)]))
          .catch(() => undefined);
        pendingTrailing.add(done);
        void done.finally(() => pendingTrailing.delete(done));
      },
    },
  };
  return {
    deps,
    store,
    settled: async () => {
      while (pendingTrailing.size > 0) await Promise.allSettled([...pendingTrailing]);
    },
    destroy: () => [mediaConnect, cloudWatch, doc].forEach((c) => c.destroy()),
  };
}

function sqsMessage(body: string, region: string): RawMessage {
  const now = Date.now();
  return { id: randomUUID(), body, receivedAt: now, sentAt: now, regionHint: region, origin: 'sqs' };
}

async function latencyPart(
  o: ChurnBenchOptions,
  motoEndpoint: string,
  dynamodbEndpoint: string,
  log: (line: string) => void,
): Promise<ChurnBenchFigures['changeToStore']> {
  const region = 'ap-southeast-1';
  const tableName = `churn-latency-${Date.now().toString(36)}`;
  await ensureStateTable(dynamodbEndpoint, tableName, region);
  // A few quiet flows are changed before the storm starts: the same path's latency without the load, to compare with.
  const idleCount = Math.min(10, o.latencyChanges);
  const quietCount = o.latencyChanges + idleCount;
  log(`change to store: seeding ${o.stormFlows} stormed and ${quietCount} quiet flows (${region}) ...`);
  const seedClient = new MediaConnectClient({ region, endpoint: motoEndpoint, credentials: LOCAL_CREDENTIALS });
  const fleet = (await seedBenchFleet(seedClient, o.stormFlows + quietCount)).flows;
  seedClient.destroy();
  const stormed = fleet.slice(0, o.stormFlows);
  const idle = fleet.slice(o.stormFlows, o.stormFlows + idleCount);
  const quiet = fleet.slice(o.stormFlows + idleCount);
  const seedDoc = createDocumentClient({ region, endpoint: dynamodbEndpoint });
  const seedMediaConnect = createMediaConnectClient({ region, endpoint: motoEndpoint });
  await pollMediaConnectInventory(
    {
      client: seedMediaConnect,
      store: new StateStore(seedDoc, tableName),
      clock: systemClock,
      limiter: new TokenBucket(1000, 1000),
    },
    { accountId: LOCAL_ACCOUNT, sweepPerCycle: 0 },
  );
  seedMediaConnect.destroy();

  // The change path: the ingest's 2 instances (its SQS maximum concurrency), each event to the next one.
  const changeContainers = [0, 1].map(() => ingestContainer(region, motoEndpoint, dynamodbEndpoint, tableName));
  const emitted: EmittedCall[] = [];
  const operator = new CloudTrailEmulator({ account: LOCAL_ACCOUNT, sink: (call) => void emitted.push(call) }).attach(
    new MediaConnectClient({ region, endpoint: motoEndpoint, credentials: LOCAL_CREDENTIALS }),
  );
  const idleLatencies: number[] = [];
  let idleUnseen = 0;
  log(`change to store: ${idle.length} changes without load, one every ${o.changeEveryMs} ms ...`);
  for (const [i, flow] of idle.entries()) {
    const started = performance.now();
    const ms = await timeOneChange(operator, emitted, changeContainers[i % 2]!, flow, `idle-${i}`, region);
    if (ms === undefined) idleUnseen++;
    else idleLatencies.push(ms);
    await sleep(Math.max(0, o.changeEveryMs - (performance.now() - started)));
  }

  // The storm's load: 5 ingest instances taking alarm batches of 10, round after round, until the changes are timed.
  const load = Array.from({ length: 5 }, () => ingestContainer(region, motoEndpoint, dynamodbEndpoint, tableName));
  let stopped = false;
  let notifications = 0;
  let round = 0;
  const storm = mapWithConcurrency(load, load.length, async (container) => {
    while (!stopped) {
      const bodies = shuffled(planStorm(stormed, 30), ++round).map((a) => snsBody(a, region, Date.now() - 1000));
      for (let i = 0; i < bodies.length && !stopped; i += 10) {
        await ingestMessages(
          container.deps,
          bodies.slice(i, i + 10).map((b) => sqsMessage(b, region)),
        );
        notifications += Math.min(10, bodies.length - i);
      }
    }
  });

  const targets = [
    ...quiet.map((flow) => ({ flow, stormed: false })),
    ...stormed.slice(0, o.stormedChanges).map((flow) => ({ flow, stormed: true })),
  ];
  const interleaved = shuffled(targets, o.seed);
  const latencies = { quiet: [] as number[], stormed: [] as number[] };
  const unseen = { quiet: 0, stormed: 0 };
  log(`change to store: ${interleaved.length} changes, one every ${o.changeEveryMs} ms, under the alarm storm ...`);
  await sleep(2000); // the storm's windows are live before the first change
  const timed = interleaved.map(async ({ flow, stormed: isStormed }, i) => {
    await sleep(i * o.changeEveryMs);
    const ms = await timeOneChange(operator, emitted, changeContainers[i % 2]!, flow, `change-${i}`, region);
    if (ms === undefined) unseen[isStormed ? 'stormed' : 'quiet']++;
    else latencies[isStormed ? 'stormed' : 'quiet'].push(ms);
  });
  await Promise.all(timed);
  stopped = true;
  await storm;
  await Promise.all([...load, ...changeContainers].map((c) => c.settled()));
  [...load, ...changeContainers].forEach((c) => c.destroy());
  operator.destroy();
  seedDoc.destroy();
  return {
    idle: latencyFigures(idleLatencies, idleUnseen),
    quiet: latencyFigures(latencies.quiet, unseen.quiet),
    stormed: latencyFigures(latencies.stormed, unseen.stormed),
    stormNotifications: notifications,
  };
}

/** The wait for one change to show, beyond a coalesced change's trailing re-poll (window + 1 s + its re-poll). */
const CHANGE_WAIT_MS = 30_000;

/**
 * Makes one UpdateFlowOutput on moto through the emulated client, posts its CloudTrail event to the ingest, and reads
 * the stored output until its description is the new one: the ms from the post to that read, or undefined.
 */
async function timeOneChange(
  operator: MediaConnectClient,
  emitted: EmittedCall[],
  container: ReturnType<typeof ingestContainer>,
  flow: SeededBenchFlow,
  description: string,
  region: string,
): Promise<number | undefined> {
  const outputArn = flow.outputArns[0] as string;
  // moto nulls what the request leaves out: the protocol, destination and port are given again.
  await operator.send(
    new UpdateFlowOutputCommand({
      FlowArn: flow.arn,
      OutputArn: outputArn,
      Protocol: 'srt-caller',
      Destination: '198.51.100.20',
      Port: 6000,
      Description: description,
    }),
  );
  const index = emitted.findIndex((c) => JSON.stringify(c.event).includes(description));
  const [call] = emitted.splice(index, 1);
  if (index < 0 || !call) return undefined;
  const posted = performance.now();
  const ingest = ingestMessages(container.deps, [sqsMessage(JSON.stringify(call.event), region)]);
  const key = { pk: resourcePk(flow.arn), sk: childSk('OUTPUT', outputArn) };
  for (;;) {
    const item = await container.store.get<{ description?: string }>(key);
    if (item?.description === description) break;
    if (performance.now() - posted > CHANGE_WAIT_MS) {
      await ingest;
      return undefined;
    }
    await sleep(5);
  }
  const ms = Math.round(performance.now() - posted);
  await ingest;
  return ms;
}

export function formatChurnBench(f: ChurnBenchFigures): string {
  const c = f.churn;
  const lat = (l: LatencyFigures) =>
    `p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms over ${l.count} changes${l.unseen ? `, ${l.unseen} never seen` : ''}`;
  const lines = [
    `Churn (seed ${f.seed}): ${c.flows} flows, ${c.changesMade} changes made, ${c.eventsDropped} events dropped, ${c.cycles} cycles`,
    `  missed ${c.missed}, stale ${c.stale} (tags alone: ${c.staleTags}), false tombstones ${c.falseTombstones}`,
    `  DescribeFlow calls  ${c.describeFlowCalls} (describing every listed flow every cycle: ${c.describeEveryCycle})`,
    ...c.differences.slice(0, 10).map((d) => `    ${d}`),
    `Change to store (CloudTrail event posted → store shows it), then under an alarm storm of ${f.changeToStore.stormNotifications} notifications`,
    `  before the storm         ${lat(f.changeToStore.idle)}`,
    `  flows outside the storm  ${lat(f.changeToStore.quiet)}`,
    `  stormed flows            ${lat(f.changeToStore.stormed)}`,
    '',
    ...f.checks.map((k) => `  ${k.passed ? 'PASS' : 'FAIL'}  ${k.name.padEnd(32)} ${k.actual} (target ${k.target})`),
  ];
  return lines.join('\n');
}
