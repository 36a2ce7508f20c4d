import { ListTagsForResourceCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { parseArn } from '../shared/arn';
import { describeError } from '../shared/errors';
import { childTombstoneExpiry, isTombstone, withoutChildTombstones } from '../store/child-tombstones';
import { ItemKey } from '../store/state-store';
import { listPk, listSk, META_SK, resourcePk } from '../store/keys';
import type { RequestBudget } from '../polling/request-budget';
import type { DescribedFlow } from './flow-describe';
import type { FlowChildRecord, FlowRecord } from './flow-model';
import { buildFlowRecords, FLOW_TRUNCATABLE_FIELDS, FlowRecordSet, POLLER_OWNED_FLOW_FIELDS } from './flow-records';
import type { InventoryStore } from './inventory-deps';
import { fitItemSize } from './item-size';

/**
 * The one write path of the inventory, used by the cycle and by `refreshFlow`: compare what DescribeFlow shows with what
 * is stored and write only the difference. An unchanged flow costs no read beyond the listing and no write.
 */

/** What the store knows of a flow before the write: the GSI1 listing projection, or the `#META` item. */
export interface StoredFlowSummary {
  arn: string;
  name?: string;
  status?: string;
  treeHash?: string;
  tombstone?: boolean;
  lastPolledAt?: string;
  tags?: Record<string, string>;
}

export type FlowChange = 'created' | 'updated' | 'unchanged' | 'revived' | 'tombstoned';

export interface FlowWriteResult {
  change: FlowChange;
  /** Inventory items written or deleted. */
  writes: number;
  /** Items stored with free-form arrays cut to fit. */
  truncatedItems: number;
  /** Why the tags could not be read (stored tags were kept). */
  tagsError?: string;
}

export interface FlowSyncContext {
  client: MediaConnectClient;
  store: InventoryStore;
  budget: RequestBudget;
  region: string;
  /** ISO time recorded as the flow's `lastPolledAt` when it is written (the cycle's or the refresh's start). */
  polledAt: string;
  tombstoneRetentionHours: number;
}

export interface SyncOptions {
  /** Re-read the tags even if nothing else changed (the cycle's round-robin tag sweep). */
  refreshTags: boolean;
}

const CHILD_PREFIXES = ['SOURCE#', 'OUTPUT#', 'ENTITLEMENT#'] as const;
/** Child fields never cut to fit: they are small and meaningful only whole. */
const CHILD_UNTRUNCATABLE = new Set(['encryption', 'decryption', 'subscribers']);

interface StoredChild extends ItemKey {
  hash?: string;
  expiresAt?: number;
  tombstone?: boolean;
}

/** `treeHash` values that match no content: the tree is being written, or a write lost a race (see `writeFlow`). */
export const TREE_BEING_WRITTEN = 'being-written';
export const TREE_ABANDONED = 'abandoned';

/** Writes what changed of a described flow. */
export async function syncDescribedFlow(
  ctx: FlowSyncContext,
  described: DescribedFlow,
  stored: StoredFlowSummary | undefined,
  options: SyncOptions,
): Promise<FlowWriteResult> {
  const account = parseArn(described.document.flowArn).account;
  const build = (tags: Record<string, string> | undefined): FlowRecordSet =>
    buildFlowRecords(described.document, {
      account,
      region: ctx.region,
      observedAtMs: described.observedAtMs,
      messages: described.messages,
      ...(tags ? { tags } : {}),
    });

  let records = build(stored?.tags);
  if (stored && !stored.tombstone && !differs(stored, records.flow) && !options.refreshTags) return unchanged();

  // Tags are read only for a new or changed flow (or the sweep's pick): ListTagsForResource spends the same quota as
  // DescribeFlow, and reading it for every flow every cycle would double the cycle's calls.
  const tags = await readTags(ctx, described.document.flowArn);
  if (tags.tags && !sameTags(tags.tags, stored?.tags)) records = build(tags.tags);
  if (stored && !stored.tombstone && !differs(stored, records.flow))
    return { ...unchanged(), ...(tags.error ? { tagsError: tags.error } : {}) };

  const change: FlowChange = !stored ? 'created' : stored.tombstone ? 'revived' : 'updated';
  const result = await writeFlow(ctx, records);
  return { change, ...result, ...(tags.error ? { tagsError: tags.error } : {}) };
}

/**
 * Marks a flow deleted: status DELETED, `tombstone`, `deletedAt`, and a TTL on the flow and its children. The flow keeps
 * its listing keys so it can be listed as deleted until the TTL. An unknown flow is tombstoned only when its name is
 * known (from the listing); an existing tombstone is left alone.
 */
export async function tombstoneFlow(
  ctx: FlowSyncContext,
  flow: { arn: string; name?: string },
  stored: StoredFlowSummary | undefined,
  atMs: number,
): Promise<FlowWriteResult> {
  if (stored?.tombstone) return unchanged();
  const name = stored?.name ?? flow.name;
  if (!stored && name === undefined) return unchanged();
  const expiresAt = Math.floor(atMs / 1000) + Math.round(ctx.tombstoneRetentionHours * 3600);
  const deletedAt = new Date(atMs).toISOString();
  let writes = 0;
  if (stored) {
    for (const child of withoutChildTombstones(await storedChildren(ctx.store, flow.arn))) {
      await ctx.store.updateIfNewer({ pk: child.pk, sk: child.sk }, atMs, { expiresAt });
      writes++;
    }
  }
  const account = parseArn(flow.arn).account;
  await ctx.store.updateIfNewer({ pk: resourcePk(flow.arn), sk: META_SK }, atMs, {
    type: 'mediaconnect:flow',
    arn: flow.arn,
    account,
    region: ctx.region,
    observedAt: deletedAt,
    ...(name !== undefined && !stored
      ? { name, gsi1pk: listPk('mediaconnect:flow', account, ctx.region), gsi1sk: listSk(name, flow.arn) }
      : {}),
    status: 'DELETED',
    tombstone: true,
    deletedAt,
    expiresAt,
  });
  return { change: 'tombstoned', writes: writes + 1, truncatedItems: 0 };
}

/** Reads the `#META` item of one flow as a summary (for a refresh outside the cycle). */
export async function readStoredFlow(store: InventoryStore, flowArn: string): Promise<StoredFlowSummary | undefined> {
  return store.get<StoredFlowSummary>({ pk: resourcePk(flowArn), sk: META_SK });
}

/** Changed when the tree differs, or when someone else (an event) stored another status since our last write. */
function differs(stored: StoredFlowSummary, flow: FlowRecord): boolean {
  return stored.treeHash !== flow.treeHash || stored.status !== flow.status;
}

/**
 * Writes a flow's tree so that concurrent writers of the same flow (the cycle and `refreshFlow`) cannot leave children
 * that disagree with the stored `treeHash` for good:
 * 1. The writer claims the `#META` item first (`claimTree`). The claim is refused when a version as new is committed or
 *    being written, so a writer already older than the store writes nothing at all.
 * 2. It then reads the stored children (strongly consistent) and writes the difference. Every child write is
 *    conditional on version, and a removed child becomes a tombstone with the writer's version, so no child goes back
 *    to an older observation and a slower writer cannot resurrect a removed child.
 * 3. The commit (`#META` fields, `version`, `treeHash`) lands only while the claim is still the writer's own. So no
 *    other writer claimed between our claim and our commit. A writer whose child writes overlap our window claimed
 *    before us, so its own commit fails, and it abandons the tree after its last child write: before our commit, that
 *    clears our claim and our commit fails too; after it, the abandon marks the tree. Skipping a child whose hash is
 *    unchanged is therefore safe: another writer that changed it after our read ends with the tree marked.
 * 4. A marked tree (abandoned, or claimed by a writer that died before committing) has a `treeHash` that matches no
 *    content, so the next poll sees the flow as changed, reads the children and rewrites them from what AWS shows.
 * An unchanged flow still costs no read and no write; a changed one costs one more write (the claim).
 * Not covered: a child write already sent by a process that dies before abandoning, landing after a newer writer's
 * read. The next change of that flow rewrites the difference.
 */
async function writeFlow(ctx: FlowSyncContext, records: FlowRecordSet): Promise<Omit<FlowWriteResult, 'change'>> {
  const key = { pk: records.flow.pk, sk: records.flow.sk };
  const version = records.flow.version;
  const { type, arn, account, region } = records.flow;
  const claim = await ctx.store.claimTree(key, version, { type, arn, account, region, treeHash: TREE_BEING_WRITTEN });
  if (!claim.claimed) return { writes: 0, truncatedItems: 0 };
  let writes = 1;
  let truncatedItems = 0;
  const existing = claim.existed
    ? new Map((await storedChildren(ctx.store, records.flow.arn, true)).map((c) => [c.sk, c]))
    : new Map<string, StoredChild>();

  for (const child of records.children) {
    const before = existing.get(child.sk);
    existing.delete(child.sk);
    if (before && !isTombstone(before) && before.hash === child.hash && before.expiresAt === undefined) continue;
    const fitted = fitItemSize(child, truncatableChildFields(child));
    await ctx.store.putIfNewer(fitted.item);
    writes++;
    if (fitted.truncated) truncatedItems++;
  }
  for (const gone of existing.values()) {
    if (isTombstone(gone)) continue;
    await ctx.store.tombstoneIfNewer({ pk: gone.pk, sk: gone.sk }, version, childTombstoneExpiry(version));
    writes++;
  }

  const fitted = fitItemSize(
    { ...records.flow, lastPolledAt: ctx.polledAt } as FlowRecord & Record<string, unknown>,
    FLOW_TRUNCATABLE_FIELDS,
  );
  if (fitted.truncated) truncatedItems++;
  const fields = Object.fromEntries(
    POLLER_OWNED_FLOW_FIELDS.filter((f) => fitted.item[f] !== undefined).map((f) => [f, fitted.item[f]]),
  );
  // The flow item is updated in place (never replaced) so `polling`, `health` and whatever others set survive.
  const remove = POLLER_OWNED_FLOW_FIELDS.filter((f) => fitted.item[f] === undefined);
  if (!(await ctx.store.commitTree(key, version, fields, remove))) {
    await ctx.store.abandonTree(key, { treeHash: TREE_ABANDONED });
  }
  return { writes: writes + 1, truncatedItems };
}

function truncatableChildFields(child: FlowChildRecord): string[] {
  return Object.entries(child)
    .filter(([field, value]) => !CHILD_UNTRUNCATABLE.has(field) && value !== null && typeof value === 'object')
    .map(([field]) => field);
}

async function storedChildren(store: InventoryStore, flowArn: string, consistent = false): Promise<StoredChild[]> {
  const pages = await Promise.all(
    CHILD_PREFIXES.map((skPrefix) =>
      store.queryAll<StoredChild>({ pk: resourcePk(flowArn), skPrefix, ...(consistent ? { consistent } : {}) }),
    ),
  );
  return pages.flat();
}

async function readTags(
  ctx: FlowSyncContext,
  flowArn: string,
): Promise<{ tags?: Record<string, string>; error?: string }> {
  try {
    const out = await ctx.budget.call('ListTagsForResource', () =>
      ctx.client.send(new ListTagsForResourceCommand({ ResourceArn: flowArn })),
    );
    return { tags: out.Tags ?? {} };
  } catch (error) {
    return { error: describeError(error) };
  }
}

function sameTags(a: Record<string, string>, b: Record<string, string> | undefined): boolean {
  const left = Object.entries(a);
  const right = Object.entries(b ?? {});
  return left.length === right.length && left.every(([k, v]) => b?.[k] === v);
}

const unchanged = (): FlowWriteResult => ({ change: 'unchanged', writes: 0, truncatedItems: 0 });
