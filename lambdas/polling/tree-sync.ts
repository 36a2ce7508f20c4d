import type { LinkDeclarations } from '../chain/link-model';
import {
  CHAIN_LINKS_FIELD,
  declarationsHash,
  dropLinks,
  entryId,
  foldLinksHash,
  LINK_ENTRIES_MARK,
  linkEntries,
  LINKS_HASH_FIELD,
  storedEntryIds,
  syncLinks,
} from '../chain/link-sync';
import { describeError } from '../shared/errors';
import { childTombstoneExpiry, isTombstone, withoutChildTombstones } from '../store/child-tombstones';
import { listPk, listSk, META_SK, resourcePk } from '../store/keys';
import type { ItemKey } from '../store/state-store';
import type { InventoryStore } from './inventory-store';
import { fitItemSize } from './item-size';
import type {
  BuiltMeta,
  BuiltRecord,
  DescribedResource,
  InventoryKind,
  KindContext,
  ResourceTree,
  StoredResourceSummary,
} from './resource-kind';

/**
 * The one write path of the inventory, used by the cycle and by the refresher of every service: compare what a kind
 * described with what is stored and write only the difference. An unchanged resource costs no read beyond the listing
 * and no write.
 */

export type ResourceChange = 'created' | 'updated' | 'unchanged' | 'revived' | 'tombstoned';

export interface TreeWriteResult {
  change: ResourceChange;
  /** Inventory items written or deleted. */
  writes: number;
  /** Items stored with free-form arrays cut to fit. */
  truncatedItems: number;
  /** A non-fatal problem with part of the description (e.g. the tags could not be read; the stored ones were kept). */
  warning?: string;
}

/** What a write needs beyond the kind's context: the store, the poll time, and how long tombstones stay listed. */
export interface SyncContext<Client = unknown> extends KindContext<Client> {
  readonly store: InventoryStore;
  /** ISO time recorded as the resource's `lastPolledAt` when it is written (the cycle's or the refresh's start). */
  readonly polledAt: string;
  readonly tombstoneRetentionHours: number;
}

export interface SyncOptions {
  /** Make the kind's extra reads (`enrich`) even if nothing else changed: the cycle's round-robin sweep picked it. */
  readonly refresh: boolean;
}

interface StoredChild extends ItemKey {
  hash?: string;
  expiresAt?: number;
  tombstone?: boolean;
}

/**
 * The `#META` fields the engine itself writes (listing keys, hashes, poll time, truncation and tombstone marks). Every
 * kind's `ownedFields` includes them, so a revived resource loses its tombstone marks and a smaller one its `truncated`.
 */
export const ENGINE_OWNED_FIELDS = [
  'type',
  'arn',
  'name',
  'status',
  'account',
  'region',
  'observedAt',
  'gsi1pk',
  'gsi1sk',
  'hash',
  'treeHash',
  'lastPolledAt',
  'truncated',
  'tombstone',
  'deletedAt',
  'expiresAt',
] as const;

/** `treeHash` values that match no content: the tree is being written, or a write lost a race (see `writeTree`). */
export const TREE_BEING_WRITTEN = 'being-written';
export const TREE_ABANDONED = 'abandoned';

/** Writes what changed of a described resource. */
export async function syncDescribed<Client>(
  ctx: SyncContext<Client>,
  kind: InventoryKind<Client>,
  described: DescribedResource,
  stored: StoredResourceSummary | undefined,
  options: SyncOptions,
): Promise<TreeWriteResult> {
  const live = stored && !stored.tombstone ? stored : undefined;
  if (live && !differs(live, linkedTree(ctx, kind, described.tree).tree.meta) && !options.refresh)
    return withWarning(unchanged(), described.warning);

  // A kind's extra reads (MediaConnect's tags) are made only for a new or changed resource, or the sweep's pick: they
  // spend the same quota as the describe, and making them for every resource every cycle would double its calls.
  const enriched = kind.enrich ? await kind.enrich(ctx, described) : described;
  const linked = linkedTree(ctx, kind, enriched.tree);
  if (live && !differs(live, linked.tree.meta)) return withWarning(unchanged(), enriched.warning);

  const change: ResourceChange = !stored ? 'created' : stored.tombstone ? 'revived' : 'updated';
  const result = await writeTree(ctx, kind, linked.tree, linked.links);
  return withWarning({ change, ...result }, enriched.warning);
}

/** A kind's link declarations for one tree, and their hash (undefined when it declares nothing). */
interface TreeLinks {
  readonly declarations: LinkDeclarations;
  readonly hash?: string;
}

/**
 * The tree as the engine compares and stores it: with the hash of the kind's link declarations folded into `treeHash`,
 * so a change of what it declares rewrites the resource. A resource that declares nothing keeps the kind's tree hash.
 */
function linkedTree<Client>(
  ctx: SyncContext<Client>,
  kind: InventoryKind<Client>,
  tree: ResourceTree,
): { tree: ResourceTree; links?: TreeLinks } {
  if (!kind.links) return { tree };
  const declarations = kind.links(tree, { account: ctx.account, region: ctx.region });
  const hash = declarationsHash(declarations, tree.meta.arn);
  if (hash === undefined) return { tree, links: { declarations } };
  return {
    tree: { ...tree, meta: { ...tree.meta, treeHash: foldLinksHash(tree.meta.treeHash, hash) } },
    links: { declarations, hash },
  };
}

/**
 * Marks a resource deleted: status DELETED, `tombstone`, `deletedAt`, and a TTL on its `#META` item and its children.
 * It keeps its listing keys so it can be listed as deleted until the TTL. An unknown resource is tombstoned only when
 * its name is known (from the listing); an existing tombstone is left alone.
 */
export async function tombstoneResource<Client>(
  ctx: SyncContext<Client>,
  kind: InventoryKind<Client>,
  resource: { arn: string; name?: string },
  stored: StoredResourceSummary | undefined,
  atMs: number,
): Promise<TreeWriteResult> {
  if (stored?.tombstone) return unchanged();
  const name = stored?.name ?? resource.name;
  if (!stored && name === undefined) return unchanged();
  const expiresAt = Math.floor(atMs / 1000) + Math.round(ctx.tombstoneRetentionHours * 3600);
  const deletedAt = new Date(atMs).toISOString();
  let writes = 0;
  if (stored) {
    for (const child of withoutChildTombstones(await storedChildren(ctx.store, kind, resource.arn))) {
      await ctx.store.updateIfNewer({ pk: child.pk, sk: child.sk }, atMs, { expiresAt });
      writes++;
    }
  }
  let warning: string | undefined;
  let dropped = false;
  if (stored && kind.links) {
    // The links it declared go with it; a failure is a warning, and the entries stay for the next writer to remove.
    try {
      const meta = await ctx.store.get<Record<string, unknown>>({ pk: resourcePk(resource.arn), sk: META_SK }, true);
      const where = { arn: resource.arn, account: ctx.account, region: ctx.region, version: atMs };
      writes += await dropLinks(ctx.store, where, storedEntryIds(meta?.[CHAIN_LINKS_FIELD]));
      dropped = true;
    } catch (error) {
      warning = `links: ${describeError(error)}`;
    }
  }
  await ctx.store.updateIfNewer(
    { pk: resourcePk(resource.arn), sk: META_SK },
    atMs,
    {
      type: kind.type,
      arn: resource.arn,
      account: ctx.account,
      region: ctx.region,
      observedAt: deletedAt,
      ...(name !== undefined && !stored
        ? { name, gsi1pk: listPk(kind.type, ctx.account, ctx.region), gsi1sk: listSk(name, resource.arn) }
        : {}),
      status: 'DELETED',
      tombstone: true,
      deletedAt,
      expiresAt,
    },
    dropped ? [CHAIN_LINKS_FIELD, LINKS_HASH_FIELD] : [],
  );
  return withWarning({ change: 'tombstoned', writes: writes + 1, truncatedItems: 0 }, warning);
}

/** Reads the `#META` item of one resource as a summary (for a refresh outside the cycle). */
export async function readStoredResource(
  store: InventoryStore,
  arn: string,
): Promise<StoredResourceSummary | undefined> {
  return store.get<StoredResourceSummary>({ pk: resourcePk(arn), sk: META_SK });
}

/** Changed when the tree differs, or when someone else (an event) stored another status since our last write. */
function differs(stored: StoredResourceSummary, meta: BuiltMeta): boolean {
  return stored.treeHash !== meta.treeHash || stored.status !== meta.status;
}

/**
 * Writes a resource's tree so that concurrent writers of the same resource (the cycle and a refresh) cannot leave
 * children that disagree with the stored `treeHash` for good:
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
 *    content, so the next poll sees the resource as changed, reads the children and rewrites them from what AWS shows.
 * An unchanged resource still costs no read and no write; a changed one costs one more write (the claim).
 * Not covered: a child write already sent by a process that dies before abandoning, landing after a newer writer's
 * read. The next change of that resource rewrites the difference.
 */
async function writeTree<Client>(
  ctx: SyncContext<Client>,
  kind: InventoryKind<Client>,
  tree: ResourceTree,
  links?: TreeLinks,
): Promise<Omit<TreeWriteResult, 'change'>> {
  const key = { pk: tree.meta.pk, sk: tree.meta.sk };
  const version = tree.meta.version;
  const { type, arn, account, region } = tree.meta;
  const entries = links ? [...linkEntries(links.declarations, arn).values()].map(entryId) : [];
  // With links, the claim also adds the declared entries to `chainLinks` and answers the previous set and hash.
  const claim = await ctx.store.claimTree(
    key,
    version,
    { type, arn, account, region, treeHash: TREE_BEING_WRITTEN, ...(links ? { linksHash: TREE_BEING_WRITTEN } : {}) },
    links ? { [CHAIN_LINKS_FIELD]: [LINK_ENTRIES_MARK, ...entries] } : {},
  );
  if (!claim.claimed) return { writes: 0, truncatedItems: 0 };
  let writes = 1;
  let truncatedItems = 0;
  const existing = claim.existed
    ? new Map((await storedChildren(ctx.store, kind, arn, true)).map((c) => [c.sk, c]))
    : new Map<string, StoredChild>();

  const untruncatable = new Set(kind.untruncatableChildFields ?? []);
  for (const child of tree.children) {
    const before = existing.get(child.sk);
    existing.delete(child.sk);
    if (before && !isTombstone(before) && before.hash === child.hash && before.expiresAt === undefined) continue;
    const fitted = fitItemSize(child, truncatableChildFields(child, untruncatable));
    await ctx.store.putIfNewer(fitted.item);
    writes++;
    if (fitted.truncated) truncatedItems++;
  }
  for (const gone of existing.values()) {
    if (isTombstone(gone)) continue;
    await ctx.store.tombstoneIfNewer({ pk: gone.pk, sk: gone.sk }, version, childTombstoneExpiry(version));
    writes++;
  }

  const chain = links ? await writeLinks(ctx, tree, links, claim.previous) : undefined;
  if (chain) writes += chain.writes;

  const fitted = fitItemSize({ ...tree.meta, lastPolledAt: ctx.polledAt }, kind.truncatableFields);
  if (fitted.truncated) truncatedItems++;
  const item = fitted.item as Record<string, unknown>;
  const fields = Object.fromEntries(kind.ownedFields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));
  // The `#META` item is updated in place (never replaced) so `polling`, `health` and whatever others set survive.
  const remove = kind.ownedFields.filter((f) => item[f] === undefined);
  if (chain?.linksHash !== undefined) fields[LINKS_HASH_FIELD] = chain.linksHash;
  else if (chain) remove.push(LINKS_HASH_FIELD);
  // Links not written in full: the tree matches no content, so the next poll rewrites it and its links.
  if (chain?.warning !== undefined) fields.treeHash = TREE_ABANDONED;
  const removedEntries: Record<string, readonly string[]> = chain?.removed.length
    ? { [CHAIN_LINKS_FIELD]: chain.removed }
    : {};
  if (!(await ctx.store.commitTree(key, version, fields, remove, removedEntries))) {
    await ctx.store.abandonTree(key, { treeHash: TREE_ABANDONED });
  }
  return { writes: writes + 1, truncatedItems, ...(chain?.warning !== undefined ? { warning: chain.warning } : {}) };
}

/**
 * Syncs a claimed tree's links (chain/link-sync.ts): removes what the previous `chainLinks` has and the declarations
 * no longer do, and writes every declaration when they changed since the last complete write. A failure is a warning:
 * the commit then keeps every entry in `chainLinks` and no `linksHash`.
 */
async function writeLinks<Client>(
  ctx: SyncContext<Client>,
  tree: ResourceTree,
  links: TreeLinks,
  previous: Record<string, unknown>,
): Promise<{ writes: number; removed: readonly string[]; linksHash?: string; warning?: string }> {
  const resource = { arn: tree.meta.arn, account: ctx.account, region: ctx.region, version: tree.meta.version };
  try {
    const result = await syncLinks(ctx.store, resource, links.declarations, {
      previous: storedEntryIds(previous[CHAIN_LINKS_FIELD]),
      rewrite: previous[LINKS_HASH_FIELD] !== links.hash,
    });
    return { writes: result.writes, removed: result.removed, ...(links.hash ? { linksHash: links.hash } : {}) };
  } catch (error) {
    return { writes: 0, removed: [], warning: `links: ${describeError(error)}` };
  }
}

/** A child's object-valued fields, except those the kind keeps whole, may be cut to fit. */
function truncatableChildFields(child: BuiltRecord, untruncatable: ReadonlySet<string>): string[] {
  return Object.entries(child)
    .filter(([field, value]) => !untruncatable.has(field) && value !== null && typeof value === 'object')
    .map(([field]) => field);
}

async function storedChildren(
  store: InventoryStore,
  kind: Pick<InventoryKind, 'childPrefixes'>,
  arn: string,
  consistent = false,
): Promise<StoredChild[]> {
  const pages = await Promise.all(
    kind.childPrefixes.map((skPrefix) =>
      store.queryAll<StoredChild>({ pk: resourcePk(arn), skPrefix, ...(consistent ? { consistent } : {}) }),
    ),
  );
  return pages.flat();
}

const unchanged = (): TreeWriteResult => ({ change: 'unchanged', writes: 0, truncatedItems: 0 });

const withWarning = (result: TreeWriteResult, warning: string | undefined): TreeWriteResult =>
  warning === undefined ? result : { ...result, warning };
