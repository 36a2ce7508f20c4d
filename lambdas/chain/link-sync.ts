import { tryParseArn } from '../shared/arn';
import { childTombstoneExpiry, isTombstone } from '../store/child-tombstones';
import { contentHash } from '../store/content-hash';
import { linkAnchorSk, linkIndexPk, linkRefSk, linkSk, resourcePk } from '../store/keys';
import type { ItemKey, StateStore } from '../store/state-store';
import {
  LINK_INDEX_ITEM_TYPE,
  LINK_ITEM_TYPE,
  LinkDeclarations,
  LinkEvidence,
  LinkIndexRecord,
  LinkRecord,
  LinkRole,
  LinkType,
} from './link-model';

/**
 * How a resource's link declarations become stored links (link-model.ts), once, for every service. The engine's tree
 * write (polling/tree-sync.ts) calls it inside its claim, only when the resource's tree changed.
 *
 * What a resource declared is kept on its `#META` item as link **entries**, one string each (`entryId`), in the string
 * set `chainLinks`. The set only grows when a writer claims the tree (DynamoDB ADD, in the claim's request) and only
 * shrinks in a committing writer's request (DELETE of what that writer removed), so it always holds at least every
 * entry whose items some writer may have written: a later writer removes what the set has and the declarations no
 * longer do, even after a writer that lost a race or died. `linksHash` records the declarations whose items the last
 * commit wrote in full; while it matches, a tree change that leaves the declarations alone costs no link write.
 *
 * Versions (every write is conditional on it, and removals are tombstones, so an older writer cannot resurrect):
 * - an ARN reference's two link items carry the declarer's version;
 * - a key link's items carry the sum of its reference's and its anchor's index entry versions. The sum grows with
 *   either side, so a writer that saw a later state of the key partition always wins, whichever side it writes.
 *
 * A key link's sort key ends with `#<key>` (`linkItemSk`): two keys can make the same edge (a channel's two
 * destination URLs into one MediaPackage channel) and removing one must leave the other.
 */

/** The store operations link derivation uses (the real `StateStore`, or the in-memory double of the unit tests). */
export type LinkStore = Pick<StateStore, 'queryAll' | 'putIfNewer' | 'tombstoneIfNewer' | 'updateIfVersion'>;

/** The `#META` string set of a resource's link entries (see above). Engine-owned, never set by a kind. */
export const CHAIN_LINKS_FIELD = 'chainLinks';
/** The `#META` hash of the declarations whose items the last committed write wrote in full. */
export const LINKS_HASH_FIELD = 'linksHash';
/**
 * Always added to `chainLinks` with the claim: a DynamoDB ADD needs a non-empty set, and the claim's UPDATED_OLD
 * answer then always carries the previous set.
 */
export const LINK_ENTRIES_MARK = '.';

/** The resource whose declarations are synced: where it is, and the version of the observation they come from. */
export interface LinkedResource {
  readonly arn: string;
  readonly account: string;
  readonly region: string;
  /** The observation's version (epoch ms), the tree's. */
  readonly version: number;
}

/** One thing a resource declares, as kept in `chainLinks`. */
export type LinkEntry =
  | { readonly kind: 'anchor'; readonly key: string }
  | {
      readonly kind: 'ref';
      readonly type: LinkType;
      readonly role: LinkRole;
      readonly target: { readonly arn: string } | { readonly key: string };
      /** Absent on an entry read back from `chainLinks` (removal needs no evidence). */
      readonly evidence?: LinkEvidence;
    };

export interface LinkSyncResult {
  /** Items written or tombstoned (index entries, link items, ambiguity marks). */
  readonly writes: number;
  /** Entry ids whose items were removed: the committing writer deletes them from `chainLinks`. */
  readonly removed: readonly string[];
}

/** The string that identifies an entry in `chainLinks` (evidence left out: it does not change what is linked). */
export function entryId(entry: LinkEntry): string {
  if (entry.kind === 'anchor') return JSON.stringify(['anchor', entry.key]);
  const target = 'arn' in entry.target ? ['arn', entry.target.arn] : ['key', entry.target.key];
  return JSON.stringify(['ref', entry.type, entry.role, ...target]);
}

/** The entry an id names; undefined for the mark and for anything unreadable. */
export function parseEntryId(id: string): LinkEntry | undefined {
  let parts: unknown;
  try {
    parts = JSON.parse(id);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parts) || !parts.every((p) => typeof p === 'string')) return undefined;
  const [kind, a, b, c, d] = parts as string[];
  if (kind === 'anchor' && a) return { kind: 'anchor', key: a };
  if (kind !== 'ref' || !a || (b !== 'upstream' && b !== 'downstream') || !d) return undefined;
  if (c === 'arn') return { kind: 'ref', type: a as LinkType, role: b, target: { arn: d } };
  if (c === 'key') return { kind: 'ref', type: a as LinkType, role: b, target: { key: d } };
  return undefined;
}

/**
 * A resource's declarations as distinct entries by id (the first evidence of duplicates is kept). References to the
 * resource itself are dropped.
 */
export function linkEntries(declarations: LinkDeclarations, selfArn: string): Map<string, LinkEntry> {
  const entries = new Map<string, LinkEntry>();
  for (const key of declarations.anchors) {
    const entry: LinkEntry = { kind: 'anchor', key };
    if (!entries.has(entryId(entry))) entries.set(entryId(entry), entry);
  }
  for (const ref of declarations.references) {
    if ('arn' in ref.target && ref.target.arn === selfArn) continue;
    const entry: LinkEntry = {
      kind: 'ref',
      type: ref.type,
      role: ref.role,
      target: ref.target,
      evidence: ref.evidence,
    };
    if (!entries.has(entryId(entry))) entries.set(entryId(entry), entry);
  }
  return entries;
}

/** The hash of what a resource declares (evidence included); undefined when it declares nothing. */
export function declarationsHash(declarations: LinkDeclarations, selfArn: string): string | undefined {
  const entries = linkEntries(declarations, selfArn);
  if (entries.size === 0) return undefined;
  return contentHash([...entries].map(([id, e]) => [id, e.kind === 'ref' ? e.evidence : undefined]).sort());
}

/** The tree hash with the declarations' hash folded in. */
export const foldLinksHash = (treeHash: string, linksHash: string): string => contentHash({ treeHash, linksHash });

/** A link item's sort key: `linkSk` for a link an ARN made, with `#<key>` appended for one a key made. */
export function linkItemSk(direction: 'UP' | 'DOWN', otherArn: string, linkType: LinkType, viaKey?: string): string {
  const sk = linkSk(direction, otherArn, linkType);
  return viaKey === undefined ? sk : `${sk}#${viaKey}`;
}

/**
 * Brings a resource's links to its declarations: removes the items of `removed` entries (ids from `chainLinks` the
 * declarations no longer have), then, when `rewrite` is set (the declarations changed, or their last write did not
 * complete), writes every current entry's index entry and links at the resource's version.
 */
export async function syncLinks(
  store: LinkStore,
  resource: LinkedResource,
  declarations: LinkDeclarations,
  options: { readonly previous: Iterable<string>; readonly rewrite: boolean },
): Promise<LinkSyncResult> {
  const current = linkEntries(declarations, resource.arn);
  const removed = [...new Set(options.previous)].filter((id) => id !== LINK_ENTRIES_MARK && !current.has(id));
  let writes = 0;
  for (const id of removed) {
    const entry = parseEntryId(id);
    if (entry) writes += await removeEntry(store, resource, entry);
  }
  if (options.rewrite) for (const entry of current.values()) writes += await writeEntry(store, resource, entry);
  return { writes, removed };
}

/** Removes every link entry's items of a tombstoned resource (`previous`: its `chainLinks`), at the tombstone's version. */
export async function dropLinks(
  store: LinkStore,
  resource: LinkedResource,
  previous: Iterable<string>,
): Promise<number> {
  let writes = 0;
  for (const id of new Set(previous)) {
    const entry = parseEntryId(id);
    if (entry) writes += await removeEntry(store, resource, entry);
  }
  return writes;
}

/** The strings of a stored string set (a Set from the document client, or an array). */
export function storedEntryIds(value: unknown): string[] {
  if (value instanceof Set) return [...value].filter((v): v is string => typeof v === 'string');
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

// ---------------------------------------------------------------------------------------------------------------------

interface Place {
  readonly account: string;
  readonly region: string;
}

interface End extends Place {
  readonly arn: string;
}

interface LinkWrite {
  readonly from: End;
  readonly to: End;
  readonly type: LinkType;
  readonly declaredBy: string;
  readonly evidence: LinkEvidence;
  readonly viaKey?: string;
  readonly ambiguous: boolean;
  readonly version: number;
}

async function writeEntry(store: LinkStore, self: LinkedResource, entry: LinkEntry): Promise<number> {
  if (entry.kind === 'anchor') return writeAnchor(store, self, entry.key);
  const evidence = entry.evidence ?? { field: '', value: '' };
  if ('arn' in entry.target) {
    const other = arnEnd(entry.target.arn, self);
    const [from, to] = entry.role === 'upstream' ? [endOf(self), other] : [other, endOf(self)];
    return putLink(store, self, {
      from,
      to,
      type: entry.type,
      declaredBy: self.arn,
      evidence,
      ambiguous: false,
      version: self.version,
    });
  }
  return writeKeyReference(store, self, entry.type, entry.role, entry.target.key, evidence);
}

async function removeEntry(store: LinkStore, self: LinkedResource, entry: LinkEntry): Promise<number> {
  if (entry.kind === 'anchor') return removeAnchor(store, self, entry.key);
  if ('arn' in entry.target) {
    const other = arnEnd(entry.target.arn, self);
    const [from, to] = entry.role === 'upstream' ? [endOf(self), other] : [other, endOf(self)];
    return tombstoneLink(store, self, from.arn, to.arn, entry.type, undefined, self.version);
  }
  return removeKeyReference(store, self, entry.type, entry.role, entry.target.key);
}

async function writeKeyReference(
  store: LinkStore,
  self: LinkedResource,
  type: LinkType,
  role: LinkRole,
  key: string,
  evidence: LinkEvidence,
): Promise<number> {
  const record: LinkIndexRecord = {
    ...indexHeader(self, key, linkRefSk(self.arn, type)),
    entry: 'reference',
    linkType: type,
    role,
    evidence,
  };
  // Refused: a newer observation of this resource holds the entry, and makes (or removed) the links itself.
  if (!(await store.putIfNewer({ ...record }))) return 0;
  let writes = 1;
  const anchors = liveEntries(await readIndex(store, key), 'anchor').filter((a) => a.arn !== self.arn);
  for (const anchor of anchors) {
    const other = indexEnd(anchor);
    const [from, to] = role === 'upstream' ? [endOf(self), other] : [other, endOf(self)];
    writes += await putLink(store, self, {
      from,
      to,
      type,
      declaredBy: self.arn,
      evidence,
      viaKey: key,
      ambiguous: anchors.length > 1,
      version: self.version + anchor.version,
    });
  }
  return writes;
}

async function removeKeyReference(
  store: LinkStore,
  self: LinkedResource,
  type: LinkType,
  role: LinkRole,
  key: string,
): Promise<number> {
  const sk = linkRefSk(self.arn, type);
  if (!(await store.tombstoneIfNewer({ pk: linkIndexPk(key), sk }, self.version, tombstoneExpiry(self)))) return 0;
  let writes = 1;
  for (const anchor of liveEntries(await readIndex(store, key), 'anchor').filter((a) => a.arn !== self.arn)) {
    const [from, to] = role === 'upstream' ? [self.arn, anchor.arn] : [anchor.arn, self.arn];
    writes += await tombstoneLink(store, self, from, to, type, key, self.version + anchor.version);
  }
  return writes;
}

async function writeAnchor(store: LinkStore, self: LinkedResource, key: string): Promise<number> {
  const record: LinkIndexRecord = { ...indexHeader(self, key, linkAnchorSk(self.arn)), entry: 'anchor' };
  if (!(await store.putIfNewer({ ...record }))) return 0;
  let writes = 1;
  const index = await readIndex(store, key);
  const anchors = liveEntries(index, 'anchor');
  const ambiguous = anchors.length > 1;
  for (const ref of liveEntries(index, 'reference')) {
    if (ref.arn === self.arn || !ref.linkType || !ref.role) continue;
    const other = indexEnd(ref);
    const [from, to] = ref.role === 'upstream' ? [other, endOf(self)] : [endOf(self), other];
    writes += await putLink(store, self, {
      from,
      to,
      type: ref.linkType,
      declaredBy: ref.arn,
      evidence: ref.evidence ?? { field: '', value: key },
      viaKey: key,
      ambiguous,
      version: ref.version + self.version,
    });
    // Another anchor's links through this key are now ambiguous too.
    if (ambiguous)
      for (const anchor of anchors.filter((a) => a.arn !== self.arn && a.arn !== ref.arn))
        writes += await markAmbiguous(store, ref, anchor, key, true);
  }
  return writes;
}

async function removeAnchor(store: LinkStore, self: LinkedResource, key: string): Promise<number> {
  if (
    !(await store.tombstoneIfNewer(
      { pk: linkIndexPk(key), sk: linkAnchorSk(self.arn) },
      self.version,
      tombstoneExpiry(self),
    ))
  )
    return 0;
  let writes = 1;
  const index = await readIndex(store, key);
  const anchors = liveEntries(index, 'anchor');
  for (const ref of liveEntries(index, 'reference')) {
    if (ref.arn === self.arn || !ref.linkType) continue;
    const [from, to] = ref.role === 'upstream' ? [ref.arn, self.arn] : [self.arn, ref.arn];
    writes += await tombstoneLink(store, self, from, to, ref.linkType, key, ref.version + self.version);
    // The one anchor left is certain again.
    if (anchors.length === 1 && anchors[0] && anchors[0].arn !== ref.arn)
      writes += await markAmbiguous(store, ref, anchors[0], key, false);
  }
  return writes;
}

/** Sets `ambiguous` on both items of an existing key link, only while they hold the version its two entries make. */
async function markAmbiguous(
  store: LinkStore,
  ref: StoredIndexEntry,
  anchor: StoredIndexEntry,
  key: string,
  ambiguous: boolean,
): Promise<number> {
  if (!ref.linkType) return 0;
  const [from, to] = ref.role === 'upstream' ? [ref.arn, anchor.arn] : [anchor.arn, ref.arn];
  const version = ref.version + anchor.version;
  let writes = 0;
  for (const itemKey of linkKeys(from, to, ref.linkType, key))
    if (await store.updateIfVersion(itemKey, version, { ambiguous })) writes++;
  return writes;
}

/** Writes a link's two items (each conditional on its version). Returns the items that landed. */
async function putLink(store: LinkStore, writer: LinkedResource, link: LinkWrite): Promise<number> {
  const observedAt = new Date(writer.version).toISOString();
  const common = {
    type: LINK_ITEM_TYPE,
    linkType: link.type,
    declaredBy: link.declaredBy,
    evidence: link.evidence,
    observedAt,
    version: link.version,
    ...(link.viaKey !== undefined ? { viaKey: link.viaKey } : {}),
    ...(link.ambiguous ? { ambiguous: true } : {}),
  } as const;
  const down: LinkRecord = {
    ...common,
    pk: resourcePk(link.from.arn),
    sk: linkItemSk('DOWN', link.to.arn, link.type, link.viaKey),
    arn: link.from.arn,
    otherArn: link.to.arn,
    direction: 'downstream',
    account: link.from.account,
    region: link.from.region,
    ...remoteOf(link.from, link.to),
  };
  const up: LinkRecord = {
    ...common,
    pk: resourcePk(link.to.arn),
    sk: linkItemSk('UP', link.from.arn, link.type, link.viaKey),
    arn: link.to.arn,
    otherArn: link.from.arn,
    direction: 'upstream',
    account: link.to.account,
    region: link.to.region,
    ...remoteOf(link.to, link.from),
  };
  let writes = 0;
  for (const item of [down, up]) if (await store.putIfNewer({ ...item })) writes++;
  return writes;
}

async function tombstoneLink(
  store: LinkStore,
  writer: LinkedResource,
  from: string,
  to: string,
  type: LinkType,
  viaKey: string | undefined,
  version: number,
): Promise<number> {
  let writes = 0;
  for (const key of linkKeys(from, to, type, viaKey))
    if (await store.tombstoneIfNewer(key, version, tombstoneExpiry(writer))) writes++;
  return writes;
}

const linkKeys = (from: string, to: string, type: LinkType, viaKey: string | undefined): ItemKey[] => [
  { pk: resourcePk(from), sk: linkItemSk('DOWN', to, type, viaKey) },
  { pk: resourcePk(to), sk: linkItemSk('UP', from, type, viaKey) },
];

/** Link and index tombstones expire like child tombstones, from the writer's observation time. */
const tombstoneExpiry = (writer: LinkedResource): number => childTombstoneExpiry(writer.version);

type StoredIndexEntry = LinkIndexRecord & { tombstone?: boolean };

/** The key's partition, strongly consistent: whichever side is written second sees the first. */
async function readIndex(store: LinkStore, key: string): Promise<StoredIndexEntry[]> {
  return store.queryAll<StoredIndexEntry>({ pk: linkIndexPk(key), consistent: true });
}

function liveEntries(index: readonly StoredIndexEntry[], entry: LinkIndexRecord['entry']): StoredIndexEntry[] {
  return index.filter((i) => !isTombstone(i) && i.entry === entry && typeof i.arn === 'string');
}

function indexHeader(self: LinkedResource, key: string, sk: string) {
  return {
    pk: linkIndexPk(key),
    sk,
    type: LINK_INDEX_ITEM_TYPE,
    key,
    arn: self.arn,
    account: self.account,
    region: self.region,
    observedAt: new Date(self.version).toISOString(),
    version: self.version,
  } as const;
}

const endOf = (r: LinkedResource): End => ({ arn: r.arn, account: r.account, region: r.region });

/** An index entry's resource: where its own poller runs. */
const indexEnd = (entry: StoredIndexEntry): End => ({ arn: entry.arn, account: entry.account, region: entry.region });

/**
 * The other end named by ARN: its account and region from the ARN; an ARN that names none (moto's MediaLive ARNs)
 * is taken as local.
 */
function arnEnd(arn: string, declarer: Place): End {
  const parsed = tryParseArn(arn);
  return {
    arn,
    account: parsed?.account || declarer.account,
    region: parsed?.region || declarer.region,
  };
}

/** The `remote` mark of an item in `self`'s partition, when the other end is in another account or region. */
function remoteOf(self: Place, other: Place): { remote?: { account?: string; region?: string } } {
  if (self.account === other.account && self.region === other.region) return {};
  return {
    remote: {
      ...(self.account !== other.account ? { account: other.account } : {}),
      ...(self.region !== other.region ? { region: other.region } : {}),
    },
  };
}
