import { GSI1_PROJECTION } from '../../lambdas/store/keys';
import { withListingKeys } from '../../lambdas/store/listing-keys';
import {
  WRITING_ATTRIBUTE,
  type ItemKey,
  type QueryPageOptions,
  type StoreStats,
  type TreeClaim,
} from '../../lambdas/store/state-store';
import type { InventoryStore } from '../../lambdas/polling/inventory-store';

type Item = ItemKey & Record<string, unknown>;

/** One write the store accepted, in order. */
export interface WriteRecord {
  op: 'put' | 'update' | 'delete' | 'tombstone' | 'claim' | 'commit' | 'abandon';
  pk: string;
  sk: string;
}

/**
 * A StateStore double with the real store's semantics: version-conditional putIfNewer/updateIfNewer (update keeps the
 * attributes it does not set), the tree claim/commit/abandon conditions, child tombstones, begins_with on the sort key,
 * and GSI1 queries that return only the projected attributes. A fake for the benches (the sweep bench runs the real
 * inventory cycle over it) and for the unit tests; it lives under bin/bench so that bin never imports test code. Not
 * for production: nothing in lambdas/ or lib/ imports it.
 */
export class InMemoryInventoryStore implements InventoryStore {
  readonly stats: StoreStats = { puts: 0, updates: 0, deletes: 0, staleSkips: 0, queries: 0, gets: 0 };
  readonly items = new Map<string, Item>();
  readonly writes: WriteRecord[] = [];
  /** Makes the next matching write throw (e.g. a DynamoDB outage for one flow). */
  failWritesFor?: (key: ItemKey) => boolean;

  seed(...items: Item[]): void {
    items.forEach((item) => this.items.set(this.key(item), structuredClone(item)));
  }

  item<T = Record<string, unknown>>(pk: string, sk: string): T | undefined {
    return this.items.get(`${pk}\u0000${sk}`) as T | undefined;
  }

  partition(pk: string): Item[] {
    return [...this.items.values()].filter((i) => i.pk === pk).sort((a, b) => (a.sk < b.sk ? -1 : 1));
  }

  resetCounters(): void {
    Object.assign(this.stats, { puts: 0, updates: 0, deletes: 0, staleSkips: 0, queries: 0, gets: 0 });
    this.writes.length = 0;
  }

  async get<T>(key: ItemKey, _consistent = false): Promise<T | undefined> {
    this.stats.gets++;
    const item = this.items.get(this.key(key));
    return item ? (structuredClone(item) as T) : undefined;
  }

  async putIfNewer(item: Item & { version: number }): Promise<boolean> {
    this.checkFailure(item);
    const stored = this.items.get(this.key(item));
    if (stored && !((stored.version as number) < item.version)) {
      this.stats.staleSkips++;
      return false;
    }
    this.items.set(this.key(item), structuredClone(item));
    this.stats.puts++;
    this.writes.push({ op: 'put', pk: item.pk, sk: item.sk });
    return true;
  }

  async updateIfNewer(
    key: ItemKey,
    version: number,
    fields: Record<string, unknown>,
    remove: readonly string[] = [],
  ): Promise<boolean> {
    this.checkFailure(key);
    const stored = this.items.get(this.key(key));
    if (stored && !((stored.version as number) < version)) {
      this.stats.staleSkips++;
      return false;
    }
    const next: Item = { ...(stored ?? {}), ...structuredClone(fields), pk: key.pk, sk: key.sk, version };
    for (const field of remove) delete next[field];
    for (const [field, value] of Object.entries(next)) if (value === undefined) delete next[field];
    this.items.set(this.key(key), next);
    this.stats.updates++;
    this.writes.push({ op: 'update', pk: key.pk, sk: key.sk });
    return true;
  }

  async updateIfVersion(key: ItemKey, version: number, fields: Record<string, unknown>): Promise<boolean> {
    this.checkFailure(key);
    const stored = this.items.get(this.key(key));
    if (!stored || stored.version !== version || stored.tombstone !== undefined) return false;
    this.items.set(this.key(key), { ...stored, ...structuredClone(fields) });
    this.stats.updates++;
    this.writes.push({ op: 'update', pk: key.pk, sk: key.sk });
    return true;
  }

  async tombstoneIfNewer(key: ItemKey, version: number, expiresAt: number): Promise<boolean> {
    this.checkFailure(key);
    const stored = this.items.get(this.key(key));
    if (stored && !((stored.version as number) < version)) {
      this.stats.staleSkips++;
      return false;
    }
    const observedAt = new Date(version).toISOString();
    this.items.set(this.key(key), { pk: key.pk, sk: key.sk, version, observedAt, tombstone: true, expiresAt });
    this.stats.deletes++;
    this.writes.push({ op: 'tombstone', pk: key.pk, sk: key.sk });
    return true;
  }

  async claimTree(
    key: ItemKey,
    version: number,
    fields: Record<string, unknown>,
    addToSets: Record<string, readonly string[]> = {},
  ): Promise<TreeClaim> {
    this.checkFailure(key);
    const stored = this.items.get(this.key(key));
    const writing = stored?.[WRITING_ATTRIBUTE] as number | undefined;
    const committed = stored?.version as number | undefined;
    if ((committed !== undefined && committed >= version) || (writing !== undefined && writing >= version)) {
      this.stats.staleSkips++;
      return { claimed: false, existed: true, previous: {} };
    }
    const touched = [...Object.keys(fields), WRITING_ATTRIBUTE, ...Object.keys(addToSets)];
    const previous = Object.fromEntries(
      touched.filter((f) => stored?.[f] !== undefined).map((f) => [f, structuredClone(stored?.[f])]),
    );
    const next: Item = { ...stored, ...structuredClone(fields), ...key, [WRITING_ATTRIBUTE]: version };
    for (const [field, strings] of Object.entries(addToSets)) {
      if (strings.length === 0) continue;
      // A string set, kept as a sorted array (jest compares arrays; the document client answers a Set).
      next[field] = [...new Set([...((next[field] as string[] | undefined) ?? []), ...strings])].sort();
    }
    this.items.set(this.key(key), next);
    this.stats.updates++;
    this.writes.push({ op: 'claim', pk: key.pk, sk: key.sk });
    return { claimed: true, existed: stored !== undefined, previous };
  }

  async commitTree(
    key: ItemKey,
    version: number,
    fields: Record<string, unknown>,
    remove: readonly string[] = [],
    deleteFromSets: Record<string, readonly string[]> = {},
  ): Promise<boolean> {
    this.checkFailure(key);
    const stored = this.items.get(this.key(key));
    const committed = stored?.version as number | undefined;
    if (!stored || stored[WRITING_ATTRIBUTE] !== version || (committed !== undefined && committed >= version)) {
      this.stats.staleSkips++;
      return false;
    }
    const next: Item = { ...stored, ...structuredClone(fields), ...key, version };
    for (const field of [...remove, WRITING_ATTRIBUTE]) delete next[field];
    for (const [field, strings] of Object.entries(deleteFromSets)) {
      const left = ((next[field] as string[] | undefined) ?? []).filter((s) => !strings.includes(s));
      // DynamoDB removes a string set that becomes empty.
      if (left.length) next[field] = left;
      else delete next[field];
    }
    this.items.set(this.key(key), next);
    this.stats.updates++;
    this.writes.push({ op: 'commit', pk: key.pk, sk: key.sk });
    return true;
  }

  async abandonTree(key: ItemKey, fields: Record<string, unknown>): Promise<void> {
    this.checkFailure(key);
    const stored = this.items.get(this.key(key));
    if (!stored) {
      this.stats.staleSkips++;
      return;
    }
    const next: Item = { ...stored, ...structuredClone(fields), ...key };
    delete next[WRITING_ATTRIBUTE];
    this.items.set(this.key(key), next);
    this.stats.updates++;
    this.writes.push({ op: 'abandon', pk: key.pk, sk: key.sk });
  }

  async delete(key: ItemKey): Promise<void> {
    this.checkFailure(key);
    this.items.delete(this.key(key));
    this.stats.deletes++;
    this.writes.push({ op: 'delete', pk: key.pk, sk: key.sk });
  }

  async putLease(item: Item & { owner: string; expiresAtMs: number }, nowMs: number): Promise<boolean> {
    const stored = this.items.get(this.key(item));
    if (stored && !((stored.expiresAtMs as number) < nowMs)) return false;
    this.items.set(this.key(item), structuredClone(item));
    this.stats.puts++;
    this.writes.push({ op: 'put', pk: item.pk, sk: item.sk });
    return true;
  }

  async countLeaseSkip(key: ItemKey, atIso: string): Promise<Record<string, unknown> | undefined> {
    const stored = this.items.get(this.key(key));
    if (!stored) return undefined;
    const next = {
      ...stored,
      skippedPolls: ((stored.skippedPolls as number | undefined) ?? 0) + 1,
      lastSkippedAt: atIso,
    };
    this.items.set(this.key(key), next);
    this.stats.updates++;
    this.writes.push({ op: 'update', pk: key.pk, sk: key.sk });
    return structuredClone(next);
  }

  async deleteLease(key: ItemKey, owner: string): Promise<boolean> {
    if (this.items.get(this.key(key))?.owner !== owner) return false;
    await this.delete(key);
    return true;
  }

  async queryAll<T>(options: Omit<QueryPageOptions, 'startKey' | 'limit'>): Promise<T[]> {
    this.stats.queries++;
    const [pkName, skName] = options.index ? ['gsi1pk', 'gsi1sk'] : ['pk', 'sk'];
    const matching = [...this.items.values()]
      .filter((i) => i[pkName] === options.pk && typeof i[skName] === 'string')
      .filter((i) => options.skPrefix === undefined || (i[skName] as string).startsWith(options.skPrefix))
      .sort((a, b) => ((a[skName] as string) < (b[skName] as string) ? -1 : 1));
    const projected = options.index ? matching.map((i) => project(i)) : matching;
    return structuredClone(projected) as T[];
  }

  private checkFailure(key: ItemKey): void {
    if (this.failWritesFor?.(key))
      throw Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
  }

  private key(item: ItemKey): string {
    return `${item.pk}\u0000${item.sk}`;
  }
}

/** What a GSI1 Query returns through the StateStore: the keys and the INCLUDE projection, with the keys' fields restored. */
function project(item: Item): Item {
  const keep = new Set<string>(['pk', 'sk', 'gsi1pk', 'gsi1sk', ...GSI1_PROJECTION]);
  return withListingKeys(Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k))) as Item);
}
