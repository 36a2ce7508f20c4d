import type { LinkDeclarations } from '../chain/link-model';
import type { Clock } from '../shared/clock';
import type { ResourceType, ServiceName, StoredItem } from '../store/keys';
import type { InventoryStore } from './inventory-store';
import type { RequestBudget } from './request-budget';

/**
 * The contract between the polling engine (this folder, written once) and a service (`lambdas/<service>/`, which
 * declares only what is its own). A service registers one `InventoryKind` per top-level resource type it lists
 * (a MediaConnect flow; a MediaLive channel, input, input device) and one `MetricKind` per resource type that has
 * CloudWatch metrics. The engine does the rest: listing with throttle backoff, the describe plan and pass cursor, diff
 * writes by content hash under the tree claim, tombstones only after a complete listing, poller status, GetMetricData
 * packing across services, series history and the cost model.
 *
 * A service never imports another service, and the engine never names a service.
 */

/** One record to store, as a service builds it. The engine adds `lastPolledAt` and writes it conditionally on `version`. */
export interface BuiltRecord extends StoredItem {
  /** Content hash over the record's content fields (`contentHash` in store/content-hash.ts). */
  hash: string;
  [field: string]: unknown;
}

/** The `#META` record of a resource: also its GSI1 listing entry (`gsi1pk` = listPk(type, …), `gsi1sk` = listSk). */
export interface BuiltMeta extends BuiltRecord {
  arn: string;
  name: string;
  /** The lifecycle state AWS reports (flow Status, channel State, input State, device ConnectionState). */
  status?: string;
  /** Hash over the meta's hash and every child's hash: an unchanged resource costs no read of its children and no write. */
  treeHash: string;
}

/** What one described resource becomes: its `#META` record and its child records in the same partition. */
export interface ResourceTree {
  readonly meta: BuiltMeta;
  /** Children, each with sk `<PREFIX>#…` where the prefix is one of the kind's `childPrefixes`. */
  readonly children: readonly BuiltRecord[];
}

/** A listed resource: what the engine needs to plan, and the listing entry the service describes from. */
export interface ListedResource<Listed = unknown> {
  readonly arn: string;
  readonly name?: string;
  /** The listed lifecycle state: a change from the stored one puts the resource first in the describe plan. */
  readonly status?: string;
  /**
   * The other summary fields the listing returns, under their stored `#META` names: a change from the stored value
   * puts the resource first in the describe plan, like a status change. Only fields the GSI1 listing projects can be
   * compared (`name`, `sourceType`, `availabilityZone`, …): the cycle reads the stored side from it, not the items.
   */
  readonly summary?: Readonly<Partial<Record<ListedSummaryField, string>>>;
  readonly listed: Listed;
}

/** The GSI1-projected `#META` fields a listing's summary may be compared on. */
export type ListedSummaryField = 'name' | 'status' | 'sourceType' | 'availabilityZone';

/** One page of a listing. */
export interface ListedPage<Listed = unknown> {
  readonly items: readonly ListedResource<Listed>[];
  readonly nextToken?: string;
}

/** What a stored resource looks like to the engine (the GSI1 listing projection, or the `#META` item). */
export interface StoredResourceSummary {
  arn: string;
  name?: string;
  status?: string;
  sourceType?: string;
  availabilityZone?: string;
  treeHash?: string;
  tombstone?: boolean;
  lastPolledAt?: string;
  tags?: Record<string, string>;
}

/** Everything a kind's calls get: the service's client and request budget for one account and region. */
export interface KindContext<Client> {
  readonly client: Client;
  /** Every request of the service goes through it: it paces the service's quota and retries throttles. */
  readonly budget: RequestBudget;
  readonly clock: Clock;
  readonly account: string;
  readonly region: string;
}

/** The resource no longer exists at AWS (NotFound on describe): the engine tombstones it. */
export const GONE = Symbol('gone');
export type Gone = typeof GONE;

/** A described resource, with whatever extra reads the kind made (e.g. tags) and their non-fatal errors. */
export interface DescribedResource {
  readonly tree: ResourceTree;
  /** A non-fatal problem with part of the description (tags unreadable, …); the rest is written. */
  readonly warning?: string;
}

/**
 * One top-level resource type of a service, as the inventory engine polls it.
 * @typeParam Client the service's SDK client
 * @typeParam Listed the listing entry type (`ListedFlow`, `ChannelSummary`, …)
 */
export interface InventoryKind<Client = unknown, Listed = unknown> {
  readonly service: ServiceName;
  readonly type: ResourceType;
  /** The poller status name of this kind's cycles, e.g. `mediaconnect-inventory`, `medialive-channels`. */
  readonly poller: string;
  /** The sk prefixes of the children the tree writer owns (`SOURCE#`, `OUTPUT#`, …). Others in the partition are left alone. */
  readonly childPrefixes: readonly string[];
  /** The `#META` fields the poller owns: updated in place, so fields others set (`polling`, `health`) survive. */
  readonly ownedFields: readonly string[];
  /** `#META` fields cut first when the item is too large. */
  readonly truncatableFields: readonly string[];
  /** Child fields never cut to fit (small and meaningful only whole). @default none */
  readonly untruncatableChildFields?: readonly string[];
  /** The AWS operation of the listing (`ListFlows`, `ListChannels`), named in the cycle's errors. @default `List <type>` */
  readonly listOperation?: string;
  /**
   * Names an earlier outcome of this kind's cycles used for the listed count, the failed resources and the warning
   * count (MediaConnect's `flowsListed`, `failedFlows`, `tagErrors`). The cycle's outcome carries them beside the
   * generic `resourcesListed`, `failedResources` and `warnings`, so stored statuses read as before. @default none
   */
  readonly outcomeNames?: { readonly listed: string; readonly failed: string; readonly warnings: string };

  /**
   * The listing, one page at a time, through the SDK paginator (largest page size). The engine restarts it at
   * `startingToken` after a throttled page, and counts the listing incomplete when a page still fails.
   */
  listPages(ctx: KindContext<Client>, startingToken?: string): AsyncIterable<ListedPage<Listed>>;

  /**
   * The listing entry of one resource named by ARN, for a refresh outside the cycle (the real-time re-poll, an API
   * action): e.g. `{ arn, listed: { FlowArn: arn } }` when `describe` makes the read, or DescribeInput's answer when
   * the kind builds its records from the listing. GONE when AWS says the resource no longer exists.
   */
  lookup(ctx: KindContext<Client>, arn: string): Promise<ListedResource<Listed> | Gone>;

  /**
   * Describes one listed resource and builds its records. Returns GONE when AWS says it no longer exists. `stored` is
   * what the store holds, so a kind can reuse stored extras (MediaConnect keeps stored tags unless `refresh` is set).
   * Any other error is recorded against this resource; the cycle goes on.
   */
  describe(
    ctx: KindContext<Client>,
    listed: ListedResource<Listed>,
    stored: StoredResourceSummary | undefined,
    options: { readonly refresh: boolean },
  ): Promise<DescribedResource | Gone>;

  /**
   * Reads that are needed only when the tree changed, or when the round-robin sweep picked the resource (MediaConnect
   * reads tags this way, because ListTagsForResource spends the same quota as DescribeFlow). Returns the tree rebuilt
   * with what it read. @default none
   */
  enrich?(ctx: KindContext<Client>, described: DescribedResource): Promise<DescribedResource>;

  /**
   * Work after a resource's tree was synced (written or found unchanged), e.g. MediaLive reconciling a RUNNING
   * channel's alerts with ListAlerts. Its failure is recorded as a warning, never fails the resource. @default none
   */
  afterSync?(
    ctx: KindContext<Client> & { readonly store: InventoryStore },
    tree: ResourceTree,
  ): Promise<AfterSyncResult>;

  /**
   * The signal-chain links of one described resource: the keys it answers to and the references it makes
   * (chain/link-model.ts). Pure: built from the tree alone, with the poller's account and region for keys and the
   * remote mark. The engine folds their hash into `treeHash`, writes the link index and the links when they change,
   * and removes them when the resource is tombstoned. @default no links
   */
  links?(tree: ResourceTree, where: { readonly account: string; readonly region: string }): LinkDeclarations;
}

export interface AfterSyncResult {
  /** Items written or deleted. */
  readonly writes: number;
  /** Why the step was skipped or degraded (e.g. `ListAlerts forbidden`), recorded in the cycle outcome. */
  readonly degraded?: string;
}

/** One service's polling: its kinds, in listing order, and how to build its client. */
export interface ServiceInventory<Client = unknown> {
  readonly service: ServiceName;
  /** The kinds polled by this service's inventory function, in order (inputs before channels, …). */
  readonly kinds: readonly InventoryKind<Client>[];
  /** The lease and function name of the service's inventory poller, e.g. `medialive-inventory`. */
  readonly poller: string;
  /** The kind that owns an ARN's resource type (`flow`, `channel`, `input`, `inputDevice`), for refreshes. */
  kindOf(arn: string): InventoryKind<Client> | undefined;
}
