import { tryParseArn } from '../shared/arn';
import { isTombstone } from '../store/child-tombstones';
import { LINK_SK_PREFIX, META_SK, resourcePk, type ResourceType, type ServiceName } from '../store/keys';
import type { StateStore } from '../store/state-store';
import type {
  ChainEdge,
  ChainGraph,
  ChainNode,
  ChainNodeAlarm,
  Impact,
  LinkEvidence,
  LinkRecord,
  LinkType,
} from './link-model';

/**
 * Reading the signal chain (link-model.ts) from the links the pollers store: a breadth-first walk from one resource,
 * hop by hop, every node of a hop read in parallel, never a scan.
 *
 * Each node costs one Query (more pages only past 1 MB): its partition `RES#<arn>` for sort keys between `#META` and
 * `LINK#\uffff`. Sort keys compare as UTF-8 bytes, so that range holds exactly, of what any writer stores in a resource
 * partition (keys.ts, events/ingest-store.ts, the service models):
 * - `#META` (status, name, type, `health`);
 * - `ALARM#…` (alarms, active or recently cleared) and `ALERT#…` (MediaLive alerts);
 * - `HEALTH#…` (live health of a flow, its sources and outputs, from events);
 * - `LINK#DOWN#…` and `LINK#UP#…` (the edges);
 * - and small child rows that are read and dropped: `ATTACHMENT#`, `DESTINATION#` (a MediaLive channel's few),
 *   `ENTITLEMENT#` (at most 50 per flow, well under 1 KB each).
 * It leaves out the large items: `METRICS#` (hours of series), `OUTPUT#`, `SOURCE#`, `PIPELINE#`. One Query for a few
 * KB costs less and answers sooner than the two Queries (links, then `#META` to `ALERT#`) it replaces.
 */

/** What the chain reader needs of the store. */
export type ChainStore = Pick<StateStore, 'queryPage'>;

/** Which way the walk goes from the root: up to the contribution, down to the origin, or both. */
export type ChainDirection = 'upstream' | 'downstream' | 'both';
export const CHAIN_DIRECTIONS: readonly ChainDirection[] = ['upstream', 'downstream', 'both'];

/** The walk's bounds: hops from the root, and nodes in all (the root included). */
export const CHAIN_LIMITS = { defaultDepth: 6, maxDepth: 10, defaultNodes: 100, maxNodes: 500 } as const;

/** How many downstream resources an alarm records as its impact (`impacts`), and how deep it looks. */
export const IMPACT_LIMITS = { maxImpacts: 50, maxDepth: CHAIN_LIMITS.defaultDepth } as const;

export interface ChainReadOptions {
  /** @default 'both' */
  readonly direction?: ChainDirection;
  /** Hops from the root, 0–10. @default 6 */
  readonly maxDepth?: number;
  /** Nodes in the graph, the root included, 1–500. @default 100 */
  readonly maxNodes?: number;
  /** Now, in epoch ms: `HEALTH#` items whose TTL has passed (DynamoDB deletes them late) are ignored. @default none */
  readonly nowMs?: number;
}

/** The last sort key of a node's read range: every `LINK#…` key sorts before it (ARNs are ASCII). */
const NODE_RANGE_END = `${LINK_SK_PREFIX}\uffff`;
const DOWN_PREFIX = `${LINK_SK_PREFIX}DOWN#`;
const UP_PREFIX = `${LINK_SK_PREFIX}UP#`;

type PartitionItem = { sk: string } & Record<string, unknown>;
type Location = { account?: string; region?: string };

/** A node to read: where the walk reached it, and which way the walk goes on from it. */
interface Visit {
  readonly arn: string;
  readonly depth: number;
  readonly walk: ChainDirection;
  /** The link the walk came through (absent for the root). */
  readonly via?: LinkRecord;
}

/** What one node's partition says: its live `#META`, active alarms and alerts, health, and links by direction. */
interface NodePartition {
  readonly meta?: PartitionItem;
  readonly alarms: ChainNodeAlarm[];
  readonly health?: string;
  readonly down: LinkRecord[];
  readonly up: LinkRecord[];
}

interface MutableEdge {
  from: string;
  to: string;
  types: LinkType[];
  evidence: LinkEvidence[];
  ambiguous: boolean;
  remote: boolean;
}

/**
 * The chain around `arn`: the resources upstream and/or downstream of it, as far as the bounds allow. A node reached
 * going downstream is walked on downstream only (and upstream likewise), so the graph is what feeds the root and what
 * the root feeds, not everything connected to it. `truncated` says a bound cut the walk; `reads` counts Query pages.
 */
export async function readChain(store: ChainStore, arn: string, options: ChainReadOptions = {}): Promise<ChainGraph> {
  const maxDepth = clamp(options.maxDepth ?? CHAIN_LIMITS.defaultDepth, 0, CHAIN_LIMITS.maxDepth);
  const maxNodes = clamp(options.maxNodes ?? CHAIN_LIMITS.defaultNodes, 1, CHAIN_LIMITS.maxNodes);
  const nodes: ChainNode[] = [];
  const edges = new Map<string, MutableEdge>();
  const seen = new Set<string>([arn]);
  let reads = 0;
  let truncated = false;
  let rootLocation: Location = {};
  let frontier: Visit[] = [{ arn, depth: 0, walk: options.direction ?? 'both' }];

  while (frontier.length > 0) {
    const partitions = await Promise.all(frontier.map((visit) => readNode(store, visit.arn)));
    const next: Visit[] = [];
    frontier.forEach((visit, i) => {
      const { items, pages } = partitions[i] as { items: PartitionItem[]; pages: number };
      reads += pages;
      const partition = parsePartition(items, options.nowMs);
      if (visit.depth === 0) rootLocation = locationOf(visit.arn, partition.meta);
      nodes.push(nodeOf(visit, partition, rootLocation));
      for (const [direction, links] of [
        ['downstream', partition.down],
        ['upstream', partition.up],
      ] as const) {
        if (visit.walk !== 'both' && visit.walk !== direction) continue;
        const depth = visit.depth + (direction === 'downstream' ? 1 : -1);
        for (const link of links) {
          if (!seen.has(link.otherArn)) {
            if (Math.abs(depth) > maxDepth || seen.size >= maxNodes) {
              truncated = true;
              continue;
            }
            seen.add(link.otherArn);
            next.push({ arn: link.otherArn, depth, walk: direction, via: link });
          }
          const [from, to] = direction === 'downstream' ? [visit.arn, link.otherArn] : [link.otherArn, visit.arn];
          mergeEdge(edges, from, to, link);
        }
      }
    });
    frontier = next;
  }

  return {
    root: arn,
    nodes,
    edges: [...edges.values()].map((e): ChainEdge => ({
      from: e.from,
      to: e.to,
      types: e.types,
      evidence: e.evidence,
      ...(e.ambiguous ? { ambiguous: true } : {}),
      ...(e.remote ? { remote: true } : {}),
    })),
    truncated,
    reads,
  };
}

/** Whether a chain read found anything stored about its root: a live `#META` or a link. */
export function rootIsKnown(graph: ChainGraph): boolean {
  const root = graph.nodes.find((n) => n.arn === graph.root);
  return root?.monitored === true || graph.edges.length > 0 || graph.truncated;
}

/** The downstream resources an alarm or event on `arn` affects, nearest first, with whether the bounds cut the list. */
export interface ImpactList {
  readonly impacts: Impact[];
  readonly truncated: boolean;
  /** DynamoDB Query pages the read took. */
  readonly reads: number;
}

/** Reads what a resource affects downstream: `downstreamImpacts` over the state table, or a double in tests. */
export type ImpactReader = (arn: string) => Promise<ImpactList>;

export interface ImpactBounds {
  /** @default 50 */
  readonly maxImpacts?: number;
  /** @default 6 */
  readonly maxDepth?: number;
}

/** The resources downstream of `arn` (not `arn` itself): a downstream-only chain read of at most `maxImpacts` + 1 nodes. */
export async function downstreamImpacts(
  store: ChainStore,
  arn: string,
  bounds: ImpactBounds = {},
): Promise<ImpactList> {
  const maxImpacts = clamp(bounds.maxImpacts ?? IMPACT_LIMITS.maxImpacts, 1, CHAIN_LIMITS.maxNodes - 1);
  const graph = await readChain(store, arn, {
    direction: 'downstream',
    maxDepth: bounds.maxDepth ?? IMPACT_LIMITS.maxDepth,
    maxNodes: maxImpacts + 1,
  });
  const impacts = graph.nodes
    .filter((node) => node.depth > 0)
    .sort((a, b) => a.depth - b.depth)
    .map((node): Impact => ({
      arn: node.arn,
      ...(node.type ? { type: node.type } : {}),
      ...(node.name ? { name: node.name } : {}),
      depth: node.depth,
    }));
  return { impacts, truncated: graph.truncated, reads: graph.reads };
}

/** One node's partition, from `#META` to its last link: one Query, following LastEvaluatedKey past 1 MB. */
async function readNode(store: ChainStore, arn: string): Promise<{ items: PartitionItem[]; pages: number }> {
  const items: PartitionItem[] = [];
  let pages = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.queryPage<PartitionItem>({
      pk: resourcePk(arn),
      skFrom: META_SK,
      skTo: NODE_RANGE_END,
      ...(startKey ? { startKey } : {}),
    });
    pages++;
    items.push(...page.items);
    startKey = page.lastKey;
  } while (startKey);
  return { items, pages };
}

function parsePartition(items: readonly PartitionItem[], nowMs: number | undefined): NodePartition {
  const live = items.filter((item) => !isTombstone(item));
  const meta = live.find((item) => item.sk === META_SK);
  const alarms: ChainNodeAlarm[] = [];
  const healthItems: PartitionItem[] = [];
  const down: LinkRecord[] = [];
  const up: LinkRecord[] = [];
  for (const item of live) {
    if (item.sk.startsWith('ALARM#') && item.state === 'ALARM') {
      alarms.push({
        name: str(item.name) ?? item.sk.slice('ALARM#'.length),
        state: 'ALARM',
        ...(str(item.since) ? { since: str(item.since) } : {}),
      });
    } else if (item.sk.startsWith('ALERT#') && item.state === 'SET') {
      alarms.push({
        name: str(item.alertType) ?? str(item.alarmId) ?? item.sk.slice('ALERT#'.length),
        state: 'SET',
        ...(str(item.setAt) ? { since: str(item.setAt) } : {}),
      });
    } else if (item.sk.startsWith('HEALTH#')) {
      healthItems.push(item);
    } else if (item.sk.startsWith(LINK_SK_PREFIX) && typeof item.otherArn === 'string' && item.otherArn) {
      if (item.sk.startsWith(DOWN_PREFIX)) down.push(item as unknown as LinkRecord);
      else if (item.sk.startsWith(UP_PREFIX)) up.push(item as unknown as LinkRecord);
    }
  }
  const health = healthOf(meta, healthItems, nowMs);
  return { ...(meta ? { meta } : {}), alarms, ...(health ? { health } : {}), down, up };
}

/**
 * The node's health: the `#META` `health` summary when the resource has one (`health.state`, or a plain string);
 * else, from the live `HEALTH#` items the events path writes, UNHEALTHY when any says `unhealthy: true`, HEALTHY when
 * some say `unhealthy: false` and none says true.
 */
function healthOf(
  meta: PartitionItem | undefined,
  healthItems: readonly PartitionItem[],
  nowMs: number | undefined,
): string | undefined {
  const summary = meta?.health;
  if (typeof summary === 'string' && summary) return summary;
  if (summary && typeof summary === 'object' && typeof (summary as { state?: unknown }).state === 'string')
    return (summary as { state: string }).state;
  const nowSeconds = nowMs === undefined ? undefined : nowMs / 1000;
  const flags = healthItems
    .filter((item) => nowSeconds === undefined || typeof item.expiresAt !== 'number' || item.expiresAt > nowSeconds)
    .map((item) => (item.health as { unhealthy?: unknown } | undefined)?.unhealthy)
    .filter((flag): flag is boolean => typeof flag === 'boolean');
  if (flags.includes(true)) return 'UNHEALTHY';
  return flags.length > 0 ? 'HEALTHY' : undefined;
}

function nodeOf(visit: Visit, partition: NodePartition, root: Location): ChainNode {
  const { meta } = partition;
  const type = meta ? (str(meta.type) as ResourceType | undefined) : undefined;
  const service = type?.split(':')[0] as ServiceName | undefined;
  const remote = visit.depth === 0 ? undefined : remoteOf(locationOf(visit.arn, meta), root, visit.via);
  return {
    arn: visit.arn,
    ...(type ? { type } : {}),
    ...(service ? { service } : {}),
    ...(meta && str(meta.name) ? { name: str(meta.name) } : {}),
    ...(meta && str(meta.status) ? { status: str(meta.status) } : {}),
    ...(partition.health ? { health: partition.health } : {}),
    alarms: partition.alarms,
    monitored: meta !== undefined,
    ...(remote ? { remote } : {}),
    depth: visit.depth,
  };
}

/** Where a resource is: its stored account and Region, else what its ARN says (moto's ARNs may say neither). */
function locationOf(arn: string, meta: PartitionItem | undefined): Location {
  const parsed = tryParseArn(arn);
  const account = str(meta?.account) ?? (parsed?.account || undefined);
  const region = str(meta?.region) ?? (parsed?.region || undefined);
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

/**
 * How a node's place differs from the root's: the account and/or Region where both are known and differ. When the
 * node's place is unknown (not stored, an ARN without them), the link it was reached through says (link-sync marks it).
 */
function remoteOf(node: Location, root: Location, via: LinkRecord | undefined): Location | undefined {
  const differs = (key: keyof Location) =>
    node[key] !== undefined && root[key] !== undefined && node[key] !== root[key] ? { [key]: node[key] } : {};
  const remote: Location = { ...differs('account'), ...differs('region') };
  if (Object.keys(remote).length > 0) return remote;
  const comparable = (node.account && root.account) || (node.region && root.region);
  return !comparable && via?.remote ? { ...via.remote } : undefined;
}

/** Adds a link to the edge of its (from, to): one edge per pair, with every link type and evidence between them. */
function mergeEdge(edges: Map<string, MutableEdge>, from: string, to: string, link: LinkRecord): void {
  const key = `${from}\u0000${to}`;
  const edge = edges.get(key) ?? { from, to, types: [], evidence: [], ambiguous: false, remote: false };
  if (!edge.types.includes(link.linkType)) edge.types.push(link.linkType);
  const evidence = link.evidence;
  if (
    evidence &&
    !edge.evidence.some((e) => e.field === evidence.field && e.value === evidence.value) &&
    typeof evidence.field === 'string'
  )
    edge.evidence.push({ field: evidence.field, value: String(evidence.value) });
  if (link.ambiguous === true) edge.ambiguous = true;
  if (link.remote) edge.remote = true;
  edges.set(key, edge);
}

const clamp = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, Number.isFinite(value) ? Math.trunc(value) : min));

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
