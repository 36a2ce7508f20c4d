import { parseArgs } from 'node:util';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createApiHandler } from '../../lambdas/api/api-handler';
import { createApiDeps } from '../../lambdas/api/api-wiring';
import { resolveMetricSet } from '../../lambdas/metrics/metric-catalog';
import { childSk, eventSk, eventsPk, META_SK, resourcePk } from '../../lambdas/store/keys';
import { StateStore } from '../../lambdas/store/state-store';
import { ensureStateTable, LOCAL_CREDENTIALS, startDynalite } from '../local/emulators';
import type { SubBenchOptions } from './bench-args';

/**
 * `npm run bench -- --feed [--flows N] [--polls P]`: what one open dashboard costs. Seeds N flows (a flow, two sources,
 * an output each) and 50 events into dynalite through the real StateStore (so every item is stamped in the change
 * index), then drives the real API handler: P idle `GET /changes` polls (nothing changed), P busy ones (10 flows and
 * one event changed between polls), and one `GET /events/recent`. Every DynamoDB call asks for its ConsumedCapacity
 * (TOTAL); dynalite computes it as DynamoDB does for reads (4 KB units, eventually consistent at half). It prints the
 * read units per poll, and the cost per hour of one dashboard polling every 2 s.
 */

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const TABLE = 'feed-bench';
const DEFAULT_FLOWS = 1_000;
const DEFAULT_POLLS = 30;
const POLL_SECONDS = 2;
const CHANGED_FLOWS_PER_POLL = 10;

/** Public prices, us-east-1 (2025): API Gateway REST, Lambda on arm64, DynamoDB on-demand. */
export const PRICES = {
  apiGatewayRestPerMillion: 3.5,
  lambdaRequestsPerMillion: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  dynamoReadUnitsPerMillion: 0.125,
  dynamoWriteUnitsPerMillion: 0.625,
} as const;
/** The API function's memory: the shared Function construct's default (lib/monitor-function.ts), which lib/api.ts keeps. */
export const API_MEMORY_MB = 512;

export interface FeedCostInput {
  readonly pollsPerHour: number;
  readonly readUnitsPerPoll: number;
  readonly lambdaMsPerPoll: number;
}

/** USD per hour of one client polling at `pollsPerHour`, by part. Lambda is billed per ms (rounded up). */
export function feedCostPerHour(input: FeedCostInput): {
  apiGateway: number;
  lambda: number;
  dynamodb: number;
  total: number;
} {
  const million = input.pollsPerHour / 1_000_000;
  const apiGateway = million * PRICES.apiGatewayRestPerMillion;
  const gbSeconds = (API_MEMORY_MB / 1024) * (Math.ceil(input.lambdaMsPerPoll) / 1000);
  const lambda =
    million * PRICES.lambdaRequestsPerMillion + input.pollsPerHour * gbSeconds * PRICES.lambdaArmPerGbSecond;
  const dynamodb = million * input.readUnitsPerPoll * PRICES.dynamoReadUnitsPerMillion;
  return { apiGateway, lambda, dynamodb, total: apiGateway + lambda + dynamodb };
}

interface PollFigures {
  readUnitsPerPoll: number;
  msPerPoll: { median: number; p95: number };
  changesPerPoll: number;
}

const flowArn = (i: number) => `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-bench${i}:Flow${i}`;
const childArn = (i: number, kind: string, j: number) =>
  `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:${kind}:1-bench${i}-${j}:${kind}${j}`;

function flowItems(i: number, version: number, status: string): Record<string, unknown>[] {
  const arn = flowArn(i);
  const common = { account: ACCOUNT, region: REGION, observedAt: new Date(version).toISOString(), version };
  const child = (kind: 'SOURCE' | 'OUTPUT', name: string, j: number) => ({
    pk: resourcePk(arn),
    sk: childSk(kind, childArn(i, name, j)),
    type: `mediaconnect:${name}`,
    name: `${name}${j}`,
    ...common,
  });
  return [
    {
      pk: resourcePk(arn),
      sk: META_SK,
      type: 'mediaconnect:flow',
      arn,
      name: `Flow${i}`,
      status,
      gsi1pk: `LIST#mediaconnect:flow#${ACCOUNT}#${REGION}`,
      gsi1sk: `Flow${i}#${arn}`,
      ...common,
    },
    child('SOURCE', 'source', 1),
    child('SOURCE', 'source', 2),
    child('OUTPUT', 'output', 1),
  ];
}

function eventItem(i: number, atMs: number): Record<string, unknown> {
  const arn = flowArn(i);
  return {
    pk: eventsPk(arn),
    sk: eventSk(new Date(atMs).toISOString(), `bench-${i}-${atMs}`),
    type: 'event',
    kind: 'mediaconnect:flow-status',
    source: 'aws.mediaconnect',
    detailType: 'MediaConnect Flow Status Change',
    via: 'eventbridge',
    messageId: `m-${i}-${atMs}`,
    resourceArn: arn,
    resourceKind: 'flow',
    account: ACCOUNT,
    region: REGION,
    summary: `Flow${i} changed to ACTIVE`,
    detail: { 'flow-arn': arn, previousStatus: 'STARTING', currentStatus: 'ACTIVE' },
    receivedAt: new Date(atMs).toISOString(),
  };
}

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

/** The DynamoDB item size rule (attribute names plus values), close enough for unit rounding: UTF-8 JSON length. */
const approximateItemBytes = (item: Record<string, unknown>): number => Buffer.byteLength(JSON.stringify(item));

export async function runFeedBench(options: SubBenchOptions): Promise<{ passed: boolean }> {
  const { values } = parseArgs({
    args: [...options.argv],
    strict: false,
    options: { polls: { type: 'string' } },
  });
  const polls = Number(values.polls ?? DEFAULT_POLLS);
  const flows = options.flows ?? DEFAULT_FLOWS;
  if (!Number.isInteger(polls) || polls < 1 || polls > 1_000) throw new Error('--polls must be 1-1000');
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const dynalite = await startDynalite();
  try {
    await ensureStateTable(dynalite.endpoint, TABLE);
    let readUnits = 0;
    const dynamo = new DynamoDBClient({
      endpoint: dynalite.endpoint,
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 3,
    });
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Record<string, unknown>;
        input.ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        const consumed = (
          result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }
        ).ConsumedCapacity;
        let units = 0;
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) units += c.CapacityUnits ?? 0;
        // DynamoDB charges a Query at least 0.5 read units (eventually consistent) even when it finds nothing; dynalite 0.
        readUnits += context.commandName === 'QueryCommand' ? Math.max(0.5, units) : units;
        return result;
      },
      { step: 'initialize', name: 'consumedCapacity' },
    );
    const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
    const t0 = Date.parse('2026-12-02T10:00:00.000Z');
    let apiNow = t0;

    log(`Seeding ${flows} flows (4 items each) and 50 events ...`);
    const seeder = new StateStore(doc, TABLE, { now: () => t0 - 3_600_000 });
    const seedItems = Array.from({ length: flows }, (_, i) => flowItems(i, t0 - 3_600_000, 'ACTIVE')).flat();
    const events = Array.from({ length: 50 }, (_, i) => eventItem(i % flows, t0 - 3_600_000 + i));
    await seeder.putAll([...seedItems, ...events].map((item) => item as { pk: string; sk: string }));

    const deps = createApiDeps({
      store: new StateStore(doc, TABLE),
      mediaConnect: new MediaConnectClient({ region: REGION, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }),
      cloudWatch: new CloudWatchClient({ region: REGION, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }),
      clock: { now: () => apiNow },
      account: ACCOUNT,
      region: REGION,
      tokenSecret: 'feed-bench-token-secret',
      metrics: { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 },
    });
    const handler = createApiHandler(deps, {
      log: { warn: () => undefined, error: (m: string) => log(m) },
      roleHeaderEnabled: true,
    });
    const get = async (path: string, query: Record<string, string> = {}) => {
      const event = {
        httpMethod: 'GET',
        path,
        headers: { 'x-mediamon-role': 'read-only' },
        multiValueHeaders: {},
        queryStringParameters: query,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        stageVariables: null,
        body: null,
        isBase64Encoded: false,
        resource: '/{proxy+}',
        requestContext: { stage: 'bench', requestId: 'feed', identity: { userArn: null, caller: null } },
      } as unknown as APIGatewayProxyEvent;
      const result = await handler(event, { awsRequestId: 'feed' } as Context);
      if (result.statusCode !== 200) throw new Error(`${path} answered ${result.statusCode}: ${result.body}`);
      return JSON.parse(result.body) as Record<string, unknown>;
    };

    let cursor = String((await get('/changes')).cursor);
    const pollRound = async (busy: boolean, round: number): Promise<PollFigures> => {
      const units: number[] = [];
      const ms: number[] = [];
      const changes: number[] = [];
      for (let p = 0; p < polls; p++) {
        apiNow += POLL_SECONDS * 1000;
        if (busy) {
          const writer = new StateStore(doc, TABLE, { now: () => apiNow - 500 });
          const version = apiNow - 600;
          const changed = Array.from(
            { length: CHANGED_FLOWS_PER_POLL },
            (_, k) => (round * polls * CHANGED_FLOWS_PER_POLL + p * CHANGED_FLOWS_PER_POLL + k) % flows,
          );
          await Promise.all(
            changed.map((i) =>
              writer.putIfNewer(
                flowItems(i, version, p % 2 ? 'ERROR' : 'ACTIVE')[0] as Parameters<StateStore['putIfNewer']>[0],
              ),
            ),
          );
          await writer.putAll([eventItem(changed[0] as number, version) as { pk: string; sk: string }]);
        }
        readUnits = 0;
        const started = process.hrtime.bigint();
        const answer = await get('/changes', { since: cursor });
        ms.push(Number(process.hrtime.bigint() - started) / 1e6);
        units.push(readUnits);
        changes.push((answer.changes as unknown[]).length);
        cursor = String(answer.cursor);
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      return {
        readUnitsPerPoll: mean(units),
        msPerPoll: { median: quantile(ms, 0.5), p95: quantile(ms, 0.95) },
        changesPerPoll: mean(changes),
      };
    };

    // Past the overlap of the seeding, so the idle polls see nothing.
    apiNow += 60_000;
    cursor = String((await get('/changes')).cursor);
    const idle = await pollRound(false, 0);
    const busy = await pollRound(true, 1);

    readUnits = 0;
    const recent = await get('/events/recent', { limit: '10' });
    const recentUnits = readUnits;
    const recentItems = recent.items as Record<string, unknown>[];
    // The same read if GSI2 projected the events' fields (INCLUDE): one Query over the ten items, no GetItem.
    const includeUnits = Math.ceil(recentItems.reduce((sum, item) => sum + approximateItemBytes(item), 0) / 4096) * 0.5;

    const pollsPerHour = 3600 / POLL_SECONDS;
    const idleCost = feedCostPerHour({
      pollsPerHour,
      readUnitsPerPoll: idle.readUnitsPerPoll,
      lambdaMsPerPoll: idle.msPerPoll.median,
    });
    const busyCost = feedCostPerHour({
      pollsPerHour,
      readUnitsPerPoll: busy.readUnitsPerPoll,
      lambdaMsPerPoll: busy.msPerPoll.median,
    });
    // A stamped write of an item already in the index moves its key: a delete and a put on GSI2, 1 WRU each (the
    // projection is keys and type, far below 1 KB). A new item: one put.
    const stampWriteUsdPerMillionChanges = 2 * PRICES.dynamoWriteUnitsPerMillion;
    const figures = {
      flows,
      polls,
      pollSeconds: POLL_SECONDS,
      idle,
      busy: { ...busy, changedFlowsPerPoll: CHANGED_FLOWS_PER_POLL, eventsPerPoll: 1 },
      recentEvents: { limit: 10, readUnits: recentUnits, readUnitsIfIncludeProjection: includeUnits },
      usdPerHour: { idle: idleCost, busy: busyCost },
      stampWrites: { gsiWriteUnitsPerChangedItem: 2, usdPerMillionChangedItems: stampWriteUsdPerMillionChanges },
    };
    if (options.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    else {
      const usd = (n: number) => `$${n.toFixed(4)}`;
      process.stdout.write(
        [
          `Change feed, ${flows} flows, one dashboard polling GET /changes every ${POLL_SECONDS} s (${polls} polls each):`,
          `  idle: ${idle.readUnitsPerPoll.toFixed(2)} read units/poll, handler ${idle.msPerPoll.median.toFixed(1)} ms median (p95 ${idle.msPerPoll.p95.toFixed(1)})`,
          `  busy: ${busy.readUnitsPerPoll.toFixed(2)} read units/poll, ${busy.changesPerPoll.toFixed(1)} changes/poll (${CHANGED_FLOWS_PER_POLL} flows + 1 event changed per poll), handler ${busy.msPerPoll.median.toFixed(1)} ms median`,
          `  GET /events/recent?limit=10: ${recentUnits} read units (keys-only index + GetItem), ${includeUnits} if GSI2 projected the events`,
          `  cost per hour, idle: ${usd(idleCost.total)} (API Gateway ${usd(idleCost.apiGateway)}, Lambda ${usd(idleCost.lambda)}, DynamoDB ${usd(idleCost.dynamodb)})`,
          `  cost per hour, busy: ${usd(busyCost.total)} (API Gateway ${usd(busyCost.apiGateway)}, Lambda ${usd(busyCost.lambda)}, DynamoDB ${usd(busyCost.dynamodb)})`,
          `  stamps: 2 GSI2 write units per changed item, $${stampWriteUsdPerMillionChanges.toFixed(2)} per million changed items`,
          '',
        ].join('\n'),
      );
    }
    return { passed: true };
  } finally {
    await dynalite.stop();
  }
}
