import { parseArgs } from 'node:util';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createApiHandler } from '../../lambdas/api/api-handler';
import { createApiDeps } from '../../lambdas/api/api-wiring';
import type { FlowDocument } from '../../lambdas/mediaconnect/flow-describe';
import { buildFlowRecords } from '../../lambdas/mediaconnect/flow-records';
import { metricsOfScope, resolveMetricSet } from '../../lambdas/metrics/metric-catalog';
import type { MetricScope } from '../../lambdas/store/keys';
import { encodeSeriesByMetric, latestPoints, SeriesByMetric } from '../../lambdas/metrics/metric-series';
import { systemClock } from '../../lambdas/shared/clock';
import { mapWithConcurrency } from '../../lambdas/shared/rate-limiter';
import {
  alarmSk,
  alarmsListPk,
  eventSk,
  eventsPk,
  metricsSchedulePk,
  metricsSk,
  POLLERS_LIST_PK,
  pollerPk,
  resourcePk,
  STATUS_SK,
} from '../../lambdas/store/keys';
import { StateStore } from '../../lambdas/store/state-store';
import { ProxyHandler, startApiServer } from '../local/api-server';
import { ensureStateTable, LOCAL_CREDENTIALS } from '../local/emulators';
import type { LoadFigures, LoadRequest } from './api-load';
import { benchChains } from './api-chains';
import { CHAIN_ROUTE, pickRoute, RouteMix, RouteTargets } from './api-routes';
import { startDynaliteProcess } from './dynalite-child';
import { cpuSince, readCpu } from './process-cpu';
import { spawnTsxScript } from './tsx-child';

/**
 * The API benchmark: N flows stored in dynalite (written directly, in the shapes the pollers write: 2 sources, 3 outputs,
 * 2 entitlements and 6 metrics items with an hour of history each), the real API handler served on loopback by the
 * local HTTP adapter, and two load runs on a mix of list and get routes (api-routes.ts). Each flow starts a signal chain
 * (api-chains.ts: flow → input → channel → MediaPackage channel → 2 endpoints; 200 channels, 400 endpoints at 1,000
 * flows) that `GET /chains/{arn}` reads:
 * - a steady rate (default 200 requests/s) from loadtest in its own process: one request every 1/rate s, open loop.
 *   This run carries the target: p99 latency, requests per second, DynamoDB calls per request (counted by an SDK
 *   middleware on the API's DynamoDB client) and CPU per request in each process.
 * - saturation: autocannon, closed loop, 16 connections, no rate limit: the most the local API serves here.
 *
 * autocannon is not used for the steady run because its `overallRate` is not a steady rate: each connection sends its
 * share of a second back to back at the start of the second, then idles (mcollina/autocannon#174), so the latency it
 * reports is that of 16 concurrent requests in a burst.
 */
export interface ApiBenchOptions {
  /** @default 1000 */
  readonly flows?: number;
  readonly json?: boolean;
  /** `--rate N` (requests/s, default 200) and `--duration S` (seconds, default 12). */
  readonly argv?: readonly string[];
  readonly log?: (line: string) => void;
}

export interface ApiBenchFigures {
  flows: number;
  itemsSeeded: number;
  seedSeconds: number;
  targetRate: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  /** End to end, as the load generator saw it (1 ms resolution). */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /**
   * Inside the server: the handler per request, each DynamoDB call, and the API's own work per request (mean handler
   * time less the mean DynamoDB wait per request). Calls are not attributed to requests: an AsyncLocalStorage for that
   * cost the API process ~0.6 ms of CPU per request, a quarter of its work, and skewed what it measured.
   */
  serverMs: { handler: Percentiles; dynamoCall: Percentiles; apiOwnMean: number };
  /** Requests that failed: a status of 400 or more, or a network error. */
  failed: number;
  failedByStatus: Record<string, number>;
  dynamoCallsPerRequest: number;
  /** The same without `GET /chains/{arn}`, whose reads are counted apart (`chain`). */
  dynamoCallsPerOtherRequest: number;
  /** `GET /chains/{arn}` under the steady load: latency as the load generator saw it, and its reads (from its answers). */
  chain: {
    requests: number;
    latencyMs: { p50: number; p99: number; max: number };
    handlerMs: Percentiles;
    readsPerRequest: number;
    nodesPerRequest: number;
    readsPerNode: number;
    maxReadsPerNode: number;
  };
  dynamoCallsByOperation: Record<string, number>;
  /** Share of each route in the mix. */
  mix: Record<string, number>;
  summaryLatencyMs: { p50: number; max: number };
  /** CPU time per request: the load generator, this process (HTTP adapter, handler, SDK) and dynalite. */
  cpuMsPerRequest: { load: number; api: number; dynalite?: number };
  /** Closed loop at full speed (autocannon): what the local API serves at most on this machine. */
  capacity: { requestsPerSecond: number; p50: number; p99: number; failed: number };
}

export interface Percentiles {
  p50: number;
  p99: number;
}

export interface ApiBenchResult {
  passed: boolean;
  checks: { name: string; target: string; actual: string; passed: boolean }[];
  figures: ApiBenchFigures;
}

const TABLE = 'api-bench';
const REGION = 'eu-central-1';
const ACCOUNT = '111122223333';
const P99_TARGET_MS = 25;
const HISTORY_MINUTES = 60;
const CAPACITY_SECONDS = 5;
const CAPACITY_CONNECTIONS = 16;

// autocannon ships no types; the part of its API used here.
interface AutocannonResult {
  latency: Record<'p50' | 'p90' | 'p99' | 'max', number>;
  requests: { average: number; total: number; sent: number };
  non2xx: number;
  errors: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

export async function runApiBench(options: ApiBenchOptions = {}): Promise<ApiBenchResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { values } = parseArgs({
    args: [...(options.argv ?? [])],
    options: { rate: { type: 'string' }, duration: { type: 'string' } },
    strict: false,
  });
  const flows = options.flows ?? 1000;
  const rate = Number(values.rate ?? 200);
  const duration = Number(values.duration ?? 12);
  process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING ??= '1';

  const dynalite = await startDynaliteProcess();
  const server = { close: async () => undefined } as { close(): Promise<void> };
  try {
    await ensureStateTable(dynalite.endpoint, TABLE, REGION);
    const calls: Record<string, number> = {};
    const dynamoCallMs: number[] = [];
    const dynamo = new DynamoDBClient({
      endpoint: dynalite.endpoint,
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 3,
    });
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        calls[String(context.commandName)] = (calls[String(context.commandName)] ?? 0) + 1;
        const started = process.hrtime.bigint();
        try {
          return await next(args);
        } finally {
          dynamoCallMs.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
      },
      { step: 'initialize', name: 'countDynamoCalls' },
    );
    const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
    const store = new StateStore(doc, TABLE);

    log(`Seeding ${flows} flows into dynalite ...`);
    const seedStart = Date.now();
    const seeded = await seedFlows(doc, flows);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    log(`Seeded ${seeded.items} items in ${seedSeconds.toFixed(1)} s`);

    // Reads never reach AWS; the clients exist because the handler's actions need them.
    const unreachable = {
      region: REGION,
      endpoint: 'http://127.0.0.1:9',
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    };
    const deps = createApiDeps({
      store,
      mediaConnect: new MediaConnectClient(unreachable),
      cloudWatch: new CloudWatchClient(unreachable),
      clock: systemClock,
      account: ACCOUNT,
      region: REGION,
      tokenSecret: 'api-bench-token-secret',
      metrics: { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: HISTORY_MINUTES },
    });
    const quiet = {
      warn: () => undefined,
      error: (message: string, extra: Record<string, unknown>) => log(`${message} ${JSON.stringify(extra)}`),
    };
    const apiHandler = createApiHandler(deps, { log: quiet, roleHeaderEnabled: true });
    const samples: number[] = [];
    const chainSamples: { ms: number; reads: number; nodes: number }[] = [];
    // Times each request inside the server (the middleware above times each DynamoDB call). A chain's answer says how
    // many reads it took, so its DynamoDB calls are known without attributing calls to requests.
    const timedHandler: ProxyHandler = async (event, context) => {
      const started = process.hrtime.bigint();
      let chain: { reads: number; nodes: number } | undefined;
      try {
        const result = await apiHandler(event, context);
        if (event.path.startsWith('/chains/') && result.statusCode === 200) {
          const graph = JSON.parse(result.body) as { reads: number; nodes: unknown[] };
          chain = { reads: graph.reads, nodes: graph.nodes.length };
        }
        return result;
      } finally {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        samples.push(ms);
        if (chain) chainSamples.push({ ms, ...chain });
      }
    };
    const running = await startApiServer({ handler: timedHandler, role: 'read-only' });
    server.close = running.close;

    const summaryLatencyMs = await timeSummary(running.url, 20);
    log(`Warming up for 2 s at ${rate} requests/s ...`);
    const targets = { arns: seeded.arns, chainArns: seeded.chainArns };
    await runPacedLoad({ url: running.url, rate, seconds: 2, ...targets });
    await settle(samples);
    samples.length = 0;
    chainSamples.length = 0;
    dynamoCallMs.length = 0;
    const before = { ...calls };
    const cpuBefore = readCpu({ dynalite: dynalite.pid });
    log(`Loading for ${duration} s at a steady ${rate} requests/s (loadtest, open loop, in its own process) ...`);
    const paced = await runPacedLoad({ url: running.url, rate, seconds: duration, ...targets });
    // Requests in flight when the load stops still finish in the server: calls per request are counted inside the
    // server, over every request it served.
    await settle(samples);
    const cpu = cpuSince(cpuBefore, readCpu({ dynalite: dynalite.pid }));
    const served = samples.length;
    const serverSamples = [...samples];
    const callSamples = [...dynamoCallMs];
    const chains = [...chainSamples];
    const during: Record<string, number> = Object.fromEntries(
      Object.entries(calls)
        .map(([op, n]): [string, number] => [op, n - (before[op] ?? 0)])
        .filter(([, n]) => n > 0),
    );
    const dynamoCalls = Object.values(during).reduce((a, b) => a + b, 0);

    log(`Saturating for ${CAPACITY_SECONDS} s (autocannon, ${CAPACITY_CONNECTIONS} connections, no rate limit) ...`);
    const capacity = await runCapacity(running.url, { flows: seeded.arns, chains: seeded.chainArns });
    await settle(samples);

    const figures: ApiBenchFigures = {
      flows,
      itemsSeeded: seeded.items,
      seedSeconds: round(seedSeconds),
      targetRate: rate,
      durationSeconds: duration,
      requests: paced.requests,
      requestsPerSecond: round(paced.requests / Math.max(paced.elapsedSeconds, 0.001)),
      latencyMs: paced.latencyMs,
      failed: paced.errors,
      failedByStatus: paced.errorCodes,
      serverMs: {
        handler: percentiles(serverSamples),
        dynamoCall: percentiles(callSamples),
        apiOwnMean: round((sum(serverSamples) - sum(callSamples)) / Math.max(1, served), 2),
      },
      dynamoCallsPerRequest: round(dynamoCalls / Math.max(1, served), 3),
      dynamoCallsPerOtherRequest: round(
        (dynamoCalls - sum(chains.map((c) => c.reads))) / Math.max(1, served - chains.length),
        3,
      ),
      chain: {
        requests: chains.length,
        latencyMs: paced.routeLatencyMs[CHAIN_ROUTE] ?? { p50: 0, p99: 0, max: 0 },
        handlerMs: percentiles(chains.map((c) => c.ms)),
        readsPerRequest: round(sum(chains.map((c) => c.reads)) / Math.max(1, chains.length), 2),
        nodesPerRequest: round(sum(chains.map((c) => c.nodes)) / Math.max(1, chains.length), 2),
        readsPerNode: round(sum(chains.map((c) => c.reads)) / Math.max(1, sum(chains.map((c) => c.nodes))), 3),
        maxReadsPerNode: round(Math.max(0, ...chains.map((c) => c.reads / Math.max(1, c.nodes))), 3),
      },
      dynamoCallsByOperation: during,
      mix: Object.fromEntries(
        Object.entries(paced.mix).map(([route, n]) => [route, round(n / Math.max(1, paced.requests), 3)]),
      ),
      summaryLatencyMs,
      cpuMsPerRequest: {
        load: round(paced.cpuMsPerRequest, 2),
        api: round(cpu.benchMs / Math.max(1, served), 2),
        ...(cpu.dynaliteMs !== undefined ? { dynalite: round(cpu.dynaliteMs / Math.max(1, served), 2) } : {}),
      },
      capacity,
    };
    const checks = [
      check(
        `p99 latency at ${rate} req/s`,
        `< ${P99_TARGET_MS} ms`,
        `${figures.latencyMs.p99} ms`,
        figures.latencyMs.p99 < P99_TARGET_MS,
      ),
      check(
        'sustained rate',
        `>= ${round(rate * 0.95)} req/s`,
        `${figures.requestsPerSecond} req/s`,
        figures.requestsPerSecond >= rate * 0.95,
      ),
      check(
        'failed requests (steady and saturation runs)',
        '0',
        `${figures.failed + figures.capacity.failed}${figures.failed ? ` ${JSON.stringify(figures.failedByStatus)}` : ''}`,
        figures.failed + figures.capacity.failed === 0,
      ),
      check(
        'DynamoDB calls per request (routes other than GET /chains)',
        '<= 1',
        `${figures.dynamoCallsPerOtherRequest}`,
        figures.dynamoCallsPerOtherRequest <= 1,
      ),
      check(
        'GET /chains/{arn}: DynamoDB Queries per node, every request',
        '<= 2',
        `${figures.chain.maxReadsPerNode} at most (${figures.chain.requests} requests)`,
        figures.chain.requests > 0 && figures.chain.maxReadsPerNode <= 2,
      ),
    ];
    const passed = checks.every((c) => c.passed);
    if (options.json) process.stdout.write(`${JSON.stringify({ passed, checks, figures }, null, 2)}\n`);
    else process.stdout.write(`${formatReport(figures, checks)}\n`);
    return { passed, checks, figures };
  } finally {
    await server.close();
    await dynalite.stop();
  }
}

/** Runs api-load.ts in a child process (under tsx) and returns its figures. */
function runPacedLoad(request: LoadRequest): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const child = spawnTsxScript('api-load.ts');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line) return reject(new Error(`the load generator exited with ${code}: ${stderr}`));
      try {
        resolve(JSON.parse(line) as LoadFigures);
      } catch (error) {
        reject(error as Error);
      }
    });
    child.stdin.end(JSON.stringify(request));
  });
}

/** autocannon, closed loop with no rate limit: the most the local API serves on this machine, and at what latency. */
async function runCapacity(url: string, targets: RouteTargets): Promise<ApiBenchFigures['capacity']> {
  const mix: RouteMix = {};
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as Autocannon;
  const result = await autocannon({
    url,
    connections: CAPACITY_CONNECTIONS,
    duration: CAPACITY_SECONDS,
    requests: [
      {
        method: 'GET',
        setupRequest: (request: Record<string, unknown>) => ({ ...request, path: pickRoute(targets, mix) }),
      },
    ],
  });
  return {
    requestsPerSecond: round((result['2xx'] + result.non2xx) / CAPACITY_SECONDS),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
  };
}

/** Writes the flows' items with BatchWriteItem (25 per call), as the inventory and metrics pollers would have. */
async function seedFlows(
  doc: DynamoDBDocumentClient,
  count: number,
): Promise<{ items: number; arns: string[]; chainArns: string[] }> {
  const now = Date.now();
  const metricSet = resolveMetricSet('health');
  const items: Record<string, unknown>[] = [];
  const arns: string[] = [];
  for (let i = 0; i < count; i++) {
    const document = benchFlowDocument(i);
    arns.push(document.flowArn);
    const { flow, children } = buildFlowRecords(document, {
      account: ACCOUNT,
      region: REGION,
      observedAtMs: now,
      messages: [],
      tags: { team: 'bench', channel: `channel-${(i % 50) + 1}` },
    });
    items.push(
      {
        ...flow,
        lastPolledAt: new Date(now).toISOString(),
        ...(i % 7 === 0 ? { polling: { enabled: true, intervalSeconds: 60 } } : {}),
      },
      ...children,
    );
    const scoped: [MetricScope, string][] = [
      ['FLOW', document.flowArn],
      ...children.filter((c) => c.type === 'mediaconnect:source').map((c): [MetricScope, string] => ['SOURCE', c.arn]),
      ...children.filter((c) => c.type === 'mediaconnect:output').map((c): [MetricScope, string] => ['OUTPUT', c.arn]),
    ];
    for (const [scope, arn] of scoped)
      items.push(
        metricsItem(
          document.flowArn,
          scope,
          arn,
          metricsOfScope(metricSet, scope).map((m) => m.name),
          now,
        ),
      );
    if (i % 20 === 0) items.push(...alarmAndEvent(document.flowArn, document.name, i, now));
  }
  const chains = benchChains(arns, { account: ACCOUNT, region: REGION, now });
  items.push(...chains.items);
  items.push({
    pk: pollerPk('mediaconnect-inventory', ACCOUNT, REGION),
    sk: STATUS_SK,
    type: 'poller',
    poller: 'mediaconnect-inventory',
    account: ACCOUNT,
    region: REGION,
    gsi1pk: POLLERS_LIST_PK,
    gsi1sk: `mediaconnect-inventory#${ACCOUNT}#${REGION}`,
    lastPolledAt: new Date(now - 60_000).toISOString(),
    lastCycle: {
      poller: 'mediaconnect-inventory',
      startedAt: new Date(now - 60_000).toISOString(),
      finishedAt: new Date(now - 55_000).toISOString(),
      durationMs: 5000,
      errors: [],
    },
    failedResources: {},
  });
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await mapWithConcurrency(batches, 8, async (batch) => {
    let pending: { PutRequest: { Item: Record<string, unknown> } }[] = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }));
      pending = (out.UnprocessedItems?.[TABLE] ?? []) as typeof pending;
    }
  });
  return { items: items.length, arns, chainArns: chains.chainArns };
}

/** A DescribeFlow document of the bench shape: 2 sources (MERGE failover), 3 outputs, 2 entitlements. */
function benchFlowDocument(index: number): FlowDocument {
  const name = `bench-${String(index).padStart(5, '0')}`;
  const id = `1-${index.toString(16).padStart(16, '0')}-${index.toString(16).padStart(12, '0')}`;
  const flowArn = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:${id}:${name}`;
  const child = (type: string, childName: string) =>
    `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:${type}:${id}:${childName}`;
  const octet = (index % 250) + 1;
  return {
    flowArn,
    name,
    status: index % 10 === 0 ? 'STANDBY' : index % 97 === 0 ? 'ERROR' : 'ACTIVE',
    availabilityZone: `${REGION}${'abc'[index % 3]}`,
    egressIp: `198.51.100.${octet}`,
    sourceFailoverConfig: { state: 'ENABLED', failoverMode: 'MERGE', recoveryWindow: 200 },
    sources: ['primary', 'backup'].map((source, i) => ({
      name: source,
      sourceArn: child('source', source),
      ingestIp: `203.0.113.${octet}`,
      ingestPort: 5000 + i,
      whitelistCidr: '203.0.113.0/24',
      transport: { protocol: 'srt-listener', minLatency: 200, maxBitrate: 80_000_000 },
    })),
    outputs: [
      {
        name: 'affiliate-srt',
        outputArn: child('output', 'affiliate-srt'),
        destination: `10.1.0.${octet}`,
        port: 6000,
        transport: { protocol: 'srt-caller', minLatency: 200 },
      },
      {
        name: 'affiliate-rist',
        outputArn: child('output', 'affiliate-rist'),
        destination: `10.2.0.${octet}`,
        port: 6002,
        transport: { protocol: 'rist', smoothingLatency: 100 },
      },
      {
        name: 'archive-zixi',
        outputArn: child('output', 'archive-zixi'),
        destination: `10.3.0.${octet}`,
        port: 2088,
        transport: { protocol: 'zixi-push', remoteId: `archive-${index}` },
      },
    ],
    entitlements: [
      {
        name: 'partner-a',
        entitlementArn: child('entitlement', 'partner-a'),
        subscribers: ['444455556666'],
        entitlementStatus: 'ENABLED',
        dataTransferSubscriberFeePercent: 0,
      },
      {
        name: 'partner-b',
        entitlementArn: child('entitlement', 'partner-b'),
        subscribers: ['777788889999'],
        entitlementStatus: 'ENABLED',
        dataTransferSubscriberFeePercent: 15,
      },
    ],
  } as FlowDocument;
}

/** A metrics item with an hour of one-minute points per metric, as the metrics poller stores it. */
function metricsItem(
  flowArn: string,
  scope: MetricScope,
  resourceArn: string,
  names: readonly string[],
  now: number,
): Record<string, unknown> {
  const end = Math.floor(now / 60_000) * 60;
  const t = Array.from({ length: HISTORY_MINUTES }, (_, i) => end - (HISTORY_MINUTES - 1 - i) * 60);
  const series: SeriesByMetric = Object.fromEntries(
    names.map((name, n) => [
      name,
      { t, v: t.map((_, i) => (/bit ?rate/i.test(name) ? 4_500_000 + ((i * 7919 + n) % 1000) * 100 : (i + n) % 3)) },
    ]),
  );
  return {
    pk: resourcePk(flowArn),
    sk: metricsSk(scope, resourceArn),
    type: 'mediaconnect:metrics',
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(now).toISOString(),
    version: now,
    scope,
    flowArn,
    resourceArn,
    series: encodeSeriesByMetric(series),
    latest: latestPoints(series),
    ...(scope === 'FLOW'
      ? {
          gsi1pk: metricsSchedulePk('mediaconnect:flow', ACCOUNT, REGION),
          gsi1sk: flowArn,
          lastPolledAt: new Date(now).toISOString(),
        }
      : {}),
  };
}

function alarmAndEvent(flowArn: string, name: string, index: number, now: number): Record<string, unknown>[] {
  const alarmName = `${name}-SourceBitRate-low`;
  const state = index % 40 === 0 ? 'ALARM' : 'OK';
  const since = new Date(now - 600_000).toISOString();
  return [
    {
      pk: resourcePk(flowArn),
      sk: alarmSk(alarmName),
      type: 'alarm',
      name: alarmName,
      state,
      reason: 'Threshold Crossed: 1 datapoint [800000.0] was less than the threshold (1000000.0).',
      since,
      resourceArn: flowArn,
      account: ACCOUNT,
      region: REGION,
      gsi1pk: alarmsListPk(ACCOUNT, REGION),
      gsi1sk: `${state}#${alarmName}`,
    },
    {
      pk: eventsPk(flowArn),
      sk: eventSk(since, `evt-${index}`),
      type: 'event',
      kind: 'alarm',
      summary: `${alarmName} ${state}`,
      resourceArn: flowArn,
      expiresAt: Math.floor(now / 1000) + 14 * 86_400,
    },
  ];
}

async function timeSummary(url: string, times: number): Promise<{ p50: number; max: number }> {
  const durations: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(`${url}/summary`);
    await response.text();
    if (!response.ok) throw new Error(`GET /summary answered ${response.status}`);
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  durations.sort((a, b) => a - b);
  return { p50: round(durations[Math.floor(durations.length / 2)] ?? 0), max: round(durations.at(-1) ?? 0) };
}

function formatReport(figures: ApiBenchFigures, checks: ApiBenchResult['checks']): string {
  const cpu = figures.cpuMsPerRequest;
  const lines = [
    `API bench: ${figures.flows} flows (${figures.itemsSeeded} items), a steady ${figures.targetRate} req/s for ${figures.durationSeconds} s`,
    `  requests         ${figures.requests} (${figures.requestsPerSecond} req/s), ${figures.failed} failed`,
    `  latency          p50 ${figures.latencyMs.p50} ms   p90 ${figures.latencyMs.p90} ms   p99 ${figures.latencyMs.p99} ms   max ${figures.latencyMs.max} ms`,
    `  in the server    handler p50 ${figures.serverMs.handler.p50} ms p99 ${figures.serverMs.handler.p99} ms; DynamoDB call (dynalite) p50 ${figures.serverMs.dynamoCall.p50} ms p99 ${figures.serverMs.dynamoCall.p99} ms; API's own work ${figures.serverMs.apiOwnMean} ms per request (mean)`,
    `  CPU per request  API process ${cpu.api} ms (HTTP adapter, handler, SDK), dynalite ${cpu.dynalite ?? '?'} ms, load generator ${cpu.load} ms`,
    `  DynamoDB calls   ${figures.dynamoCallsPerRequest} per request  ${JSON.stringify(figures.dynamoCallsByOperation)}; ${figures.dynamoCallsPerOtherRequest} per request without GET /chains`,
    `  GET /chains      ${figures.chain.requests} requests: p50 ${figures.chain.latencyMs.p50} ms p99 ${figures.chain.latencyMs.p99} ms max ${figures.chain.latencyMs.max} ms (handler p50 ${figures.chain.handlerMs.p50} ms p99 ${figures.chain.handlerMs.p99} ms); ${figures.chain.readsPerRequest} Queries and ${figures.chain.nodesPerRequest} nodes per request (${figures.chain.readsPerNode} per node)`,
    `  mix              ${Object.entries(figures.mix)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([route, share]) => `${route} ${Math.round(share * 100)}%`)
      .join(', ')}`,
    `  saturation       ${figures.capacity.requestsPerSecond} req/s at most (closed loop, ${CAPACITY_CONNECTIONS} connections), p50 ${figures.capacity.p50} ms p99 ${figures.capacity.p99} ms`,
    `  GET /summary     p50 ${figures.summaryLatencyMs.p50} ms, max ${figures.summaryLatencyMs.max} ms (${figures.flows} flows; not in the mix)`,
    '',
    ...checks.map((c) => `  ${c.passed ? 'PASS' : 'FAIL'}  ${c.name}: ${c.actual} (target ${c.target})`),
  ];
  return lines.join('\n');
}

function check(name: string, target: string, actual: string, passed: boolean) {
  return { name, target, actual, passed };
}

/** Waits until the server has answered every request in flight (no new sample for 300 ms). */
async function settle(samples: readonly unknown[]): Promise<void> {
  let seen = -1;
  while (seen !== samples.length) {
    seen = samples.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0, 2);
  return { p50: at(0.5), p99: at(0.99) };
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** The API bench's estate (flows in the pollers' shapes, with metrics, alarms, events and chains), for other benches. */
export const API_BENCH_ESTATE = { table: TABLE, region: REGION, account: ACCOUNT } as const;
export { seedFlows as seedApiBenchFlows };
