import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parseArgs } from 'node:util';
import { mediaPackageChannelKey, networkKey, urlKey } from '../../lambdas/chain/link-keys';
import type { LinkDeclarations } from '../../lambdas/chain/link-model';
import { RequestBudget } from '../../lambdas/polling/request-budget';
import type { InventoryKind, ResourceTree, StoredResourceSummary } from '../../lambdas/polling/resource-kind';
import { ENGINE_OWNED_FIELDS, SyncContext, syncDescribed } from '../../lambdas/polling/tree-sync';
import { systemClock } from '../../lambdas/shared/clock';
import { mapWithConcurrency, TokenBucket } from '../../lambdas/shared/rate-limiter';
import { contentHash } from '../../lambdas/store/content-hash';
import { GSI1, listPk, listSk, META_SK, resourcePk, ResourceType } from '../../lambdas/store/keys';
import { StateStore } from '../../lambdas/store/state-store';
import { ensureStateTable, LOCAL_CREDENTIALS, startDynalite } from '../local/emulators';
import type { SubBenchOptions } from './bench-args';

/**
 * `npm run bench -- --chain [--flows 1000 --channels 200 --endpoints 400]`: link derivation time. Builds a synthetic
 * estate's link declarations as the kinds make them (flows send to push inputs by IP:port; inputs anchor it; channels
 * attach their input by ARN and send to a MediaPackage channel's two ingest URLs; MediaPackage channels anchor those
 * URLs and their Id; origin endpoints reference their channel's Id) and writes it through the engine's tree write
 * (claim, link sync, commit) into dynalite, 8 resources at a time as the inventory cycle does. Then a second pass with
 * the same declarations, which must write nothing. No AWS service is called: this measures the store side only.
 */

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const CONCURRENCY = 8;

export interface ChainBenchFigures {
  readonly estate: { flows: number; inputs: number; channels: number; packagers: number; endpoints: number };
  readonly resources: number;
  readonly links: number;
  readonly firstPass: PassFigures;
  readonly steadyPass: PassFigures;
  /** The same first pass with the kinds' links switched off: what link derivation adds. */
  readonly withoutLinks: PassFigures;
}

export interface PassFigures {
  readonly ms: number;
  readonly perResourceMs: number;
  /** DynamoDB requests sent (every Query, Get, Put, Update, conditional refusals included). */
  readonly requests: number;
  /** Items written, links and link index entries included. */
  readonly writes: number;
}

interface Synthetic {
  readonly arn: string;
  readonly type: ResourceType;
  readonly declarations: LinkDeclarations;
}

/** The estate's resources and what each declares. */
export function syntheticEstate(flows: number, channels: number, endpoints: number, prefix = ''): Synthetic[] {
  const arn = (service: string, kind: string, id: string | number) =>
    `arn:aws:${service}:${REGION}:${ACCOUNT}:${kind}:${prefix}${id}`;
  const net = (i: number) => networkKey(`10.${(i >> 8) & 255}.${i & 255}.1`, 5000) as string;
  const ingest = (j: number, n: number) =>
    urlKey(`https://${prefix}mp${j}.mediapackage.${REGION}.amazonaws.com/in/v2/${j}/${n}/channel`) as string;
  const out: Synthetic[] = [];
  for (let i = 0; i < flows; i++)
    out.push({
      arn: arn('mediaconnect', 'flow', `flow-${i}`),
      type: 'mediaconnect:flow',
      declarations: {
        anchors: [],
        references: [
          {
            type: 'flow-output',
            role: 'upstream',
            target: { key: net(i) },
            evidence: { field: 'outputs[].destination', value: net(i) },
          },
        ],
      },
    });
  for (let j = 0; j < channels; j++) {
    const input = arn('medialive', 'input', `input-${j}`);
    out.push({ arn: input, type: 'medialive:input', declarations: { anchors: [net(j)], references: [] } });
    out.push({
      arn: arn('medialive', 'channel', `channel-${j}`),
      type: 'medialive:channel',
      declarations: {
        anchors: [],
        references: [
          {
            type: 'input-attachment',
            role: 'downstream',
            target: { arn: input },
            evidence: { field: 'inputAttachments[].inputArn', value: input },
          },
          ...[1, 2].map((n) => ({
            type: 'package-ingest' as const,
            role: 'upstream' as const,
            target: { key: ingest(j, n) },
            evidence: { field: 'destinations[].urls', value: ingest(j, n) },
          })),
        ],
      },
    });
    out.push({
      arn: arn('mediapackage', 'channels', `mp-${j}`),
      type: 'mediapackage:channel',
      declarations: {
        anchors: [ingest(j, 1), ingest(j, 2), mediaPackageChannelKey(ACCOUNT, REGION, `${prefix}mp-${j}`)],
        references: [],
      },
    });
  }
  for (let k = 0; k < endpoints; k++) {
    const channelId = `${prefix}mp-${channels ? k % channels : k}`;
    out.push({
      arn: arn('mediapackage', 'origin_endpoints', `ep-${k}`),
      type: 'mediapackage:origin-endpoint',
      declarations: {
        anchors: [],
        references: [
          {
            type: 'origin-endpoint',
            role: 'downstream',
            target: { key: mediaPackageChannelKey(ACCOUNT, REGION, channelId) },
            evidence: { field: 'channelId', value: channelId },
          },
        ],
      },
    });
  }
  return out;
}

/** A kind per type that builds a one-item tree carrying its declarations, and declares them (or none). */
function syntheticKind(type: ResourceType, withLinks: boolean): InventoryKind<unknown> {
  return {
    service: type.split(':')[0] as InventoryKind['service'],
    type,
    poller: `bench-${type}`,
    childPrefixes: [],
    ownedFields: ENGINE_OWNED_FIELDS,
    truncatableFields: [],
    async *listPages() {},
    lookup: () => Promise.reject(new Error('not used')),
    describe: () => Promise.reject(new Error('not used')),
    ...(withLinks ? { links: (tree: ResourceTree) => tree.meta.declarations as LinkDeclarations } : {}),
  };
}

function treeOf(resource: Synthetic, version: number): ResourceTree {
  const name = resource.arn.split(':').pop() as string;
  const hash = contentHash({ name });
  return {
    meta: {
      pk: resourcePk(resource.arn),
      sk: META_SK,
      type: resource.type,
      account: ACCOUNT,
      region: REGION,
      observedAt: new Date(version).toISOString(),
      version,
      gsi1pk: listPk(resource.type, ACCOUNT, REGION),
      gsi1sk: listSk(name, resource.arn),
      arn: resource.arn,
      name,
      declarations: resource.declarations,
      hash,
      treeHash: hash,
    },
    children: [],
  };
}

/** Runs the link derivation bench against an in-process dynalite. */
export async function runChainBench(
  options: SubBenchOptions,
): Promise<{ passed: boolean; figures: ChainBenchFigures }> {
  const { values } = parseArgs({
    args: [...options.argv],
    strict: false,
    options: { channels: { type: 'string' }, endpoints: { type: 'string' } },
  });
  const count = (value: unknown, fallback: number) => (typeof value === 'string' ? Number(value) : fallback);
  const flows = options.flows ?? 1_000;
  const channels = count(values.channels, 200);
  const endpoints = count(values.endpoints, 400);
  if (![flows, channels, endpoints].every((n) => Number.isInteger(n) && n >= 0 && n <= 10_000))
    throw new Error('--flows, --channels and --endpoints must be whole numbers from 0 to 10000');

  const dynalite = await startDynalite();
  try {
    const tableName = 'chain-bench';
    await ensureStateTable(dynalite.endpoint, tableName);
    const doc = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: dynalite.endpoint, region: REGION, credentials: LOCAL_CREDENTIALS }),
      { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } },
    );
    let requests = 0;
    doc.middlewareStack.add((next) => (args) => (requests++, next(args)), {
      step: 'initialize',
      name: 'countRequests',
    });
    const store = new StateStore(doc, tableName);
    const ctx: SyncContext<unknown> = {
      client: {},
      budget: new RequestBudget(new TokenBucket(1_000, 1_000, systemClock)),
      clock: systemClock,
      account: ACCOUNT,
      region: REGION,
      store,
      polledAt: new Date().toISOString(),
      tombstoneRetentionHours: 1,
    };
    const kinds = (withLinks: boolean) =>
      new Map(
        (
          [
            'mediaconnect:flow',
            'medialive:input',
            'medialive:channel',
            'mediapackage:channel',
            'mediapackage:origin-endpoint',
          ] as const
        ).map((type) => [type, syntheticKind(type, withLinks)]),
      );

    const pass = async (
      estate: readonly Synthetic[],
      byType: Map<ResourceType, InventoryKind<unknown>>,
      version: number,
      stored: ReadonlyMap<string, StoredResourceSummary>,
    ): Promise<PassFigures> => {
      const before = requests;
      const started = performance.now();
      const results = await mapWithConcurrency(estate, CONCURRENCY, (resource) =>
        syncDescribed(
          ctx,
          byType.get(resource.type) as InventoryKind<unknown>,
          { tree: treeOf(resource, version) },
          stored.get(resource.arn),
          { refresh: false },
        ),
      );
      const ms = performance.now() - started;
      const warnings = results.filter((r) => r.warning !== undefined);
      if (warnings.length) throw new Error(`link sync failed: ${warnings[0]?.warning}`);
      return {
        ms: Math.round(ms),
        perResourceMs: Math.round((ms / Math.max(1, estate.length)) * CONCURRENCY * 100) / 100,
        requests: requests - before,
        writes: results.reduce((sum, r) => sum + r.writes, 0),
      };
    };
    /** What the cycle reads before its writes: one GSI1 listing per type. */
    const listStored = async (): Promise<Map<string, StoredResourceSummary>> => {
      const stored = new Map<string, StoredResourceSummary>();
      for (const type of kinds(true).keys())
        for (const item of await store.queryAll<StoredResourceSummary>({
          index: GSI1,
          pk: listPk(type, ACCOUNT, REGION),
        }))
          stored.set(item.arn, item);
      return stored;
    };

    const estate = syntheticEstate(flows, channels, endpoints);
    const firstPass = await pass(estate, kinds(true), Date.now(), new Map());
    const stored = await listStored();
    const steadyPass = await pass(estate, kinds(true), Date.now() + 1, stored);
    const withoutLinks = await pass(
      syntheticEstate(flows, channels, endpoints, 'bare-'),
      kinds(false),
      Date.now(),
      new Map(),
    );
    const linkItems = await countLinks(store, estate);
    const figures: ChainBenchFigures = {
      estate: { flows, inputs: channels, channels, packagers: channels, endpoints },
      resources: estate.length,
      links: linkItems,
      firstPass,
      steadyPass,
      withoutLinks,
    };
    const passed = steadyPass.writes === 0 && linkItems > 0;
    if (options.json) process.stdout.write(`${JSON.stringify({ passed, figures }, null, 2)}\n`);
    else process.stdout.write(`${formatChainReport(figures, passed)}\n`);
    doc.destroy();
    return { passed, figures };
  } finally {
    await dynalite.stop();
  }
}

/** Live link items (both ends) of the estate, one Query per resource partition. */
async function countLinks(store: StateStore, estate: readonly Synthetic[]): Promise<number> {
  let links = 0;
  await mapWithConcurrency(estate, CONCURRENCY, async (resource) => {
    const items = await store.queryAll<{ tombstone?: boolean }>({ pk: resourcePk(resource.arn), skPrefix: 'LINK#' });
    links += items.filter((i) => i.tombstone !== true).length;
  });
  return links;
}

export function formatChainReport(f: ChainBenchFigures, passed: boolean): string {
  const row = (label: string, p: PassFigures) =>
    `${label.padEnd(34)}${String(p.ms).padStart(8)} ms${String(p.perResourceMs).padStart(9)} ms${String(p.requests).padStart(10)}${String(p.writes).padStart(9)}`;
  return [
    `Link derivation: ${f.estate.flows} flows, ${f.estate.channels} channels with ${f.estate.inputs} inputs, ` +
      `${f.estate.packagers} MediaPackage channels, ${f.estate.endpoints} endpoints (${f.resources} resources, ` +
      `${f.links} link items), ${CONCURRENCY} writers, dynalite`,
    `${'pass'.padEnd(34)}${'total'.padStart(11)}${'per res.'.padStart(12)}${'requests'.padStart(10)}${'writes'.padStart(9)}`,
    row('first pass (trees + links)', f.firstPass),
    row('first pass, links off', f.withoutLinks),
    row('steady-state second pass', f.steadyPass),
    `link derivation adds ${f.firstPass.ms - f.withoutLinks.ms} ms and ${f.firstPass.requests - f.withoutLinks.requests} requests; ` +
      `steady-state writes ${f.steadyPass.writes} (target 0): ${passed ? 'PASS' : 'FAIL'}`,
    '(per res.: wall time per resource per writer, i.e. total × writers ÷ resources)',
  ].join('\n');
}
