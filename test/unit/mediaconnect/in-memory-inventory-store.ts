import { GSI1_PROJECTION } from '../../../lambdas/store/keys';
import type { ItemKey, QueryPageOptions, StoreStats } from '../../../lambdas/store/state-store';
import type { InventoryStore } from '../../../lambdas/mediaconnect/inventory-deps';

type Item = ItemKey & Record<string, unknown>;

/** One write the store accepted, in order. */
export interface WriteRecord {
  op: 'put' | 'update' | 'delete';
  pk: string;
  sk: string;
}

/**
 * A StateStore double with the real store's semantics: version-conditional putIfNewer/updateIfNewer (update keeps the
 * attributes it does not set), begins_with on the sort key, and GSI1 queries that return only the projected attributes.
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

  async get<T>(key: ItemKey): Promise<T | undefined> {
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

/** What a GSI1 Query returns: the keys and the INCLUDE projection, nothing else. */
function project(item: Item): Item {
  const keep = new Set<string>(['pk', 'sk', 'gsi1pk', 'gsi1sk', ...GSI1_PROJECTION]);
  return Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k))) as Item;
}
