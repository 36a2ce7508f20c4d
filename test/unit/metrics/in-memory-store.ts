import type { ItemKey, QueryPageOptions, StoreStats } from '../../../lambdas/store/state-store';
import type { MetricsStore } from '../../../lambdas/metrics/metrics-poller';

type Item = ItemKey & Record<string, unknown>;

/**
 * A StateStore double with the real store's semantics: conditional putIfNewer, GSI1 queries sorted by gsi1sk,
 * begins_with on the sort key, and pages of `pageSize` items so callers must follow the last key.
 */
export class InMemoryStore implements MetricsStore {
  readonly stats: StoreStats = { puts: 0, updates: 0, deletes: 0, staleSkips: 0, queries: 0, gets: 0 };
  readonly items = new Map<string, Item>();

  constructor(private readonly pageSize = 2) {}

  seed(...items: Item[]): void {
    items.forEach((item) => this.items.set(this.key(item), structuredClone(item)));
  }

  item<T = Record<string, unknown>>(pk: string, sk: string): T | undefined {
    return this.items.get(`${pk}\u0000${sk}`) as T | undefined;
  }

  async putIfNewer(item: Item & { version: number }): Promise<boolean> {
    const stored = this.items.get(this.key(item));
    if (stored && !((stored.version as number) < item.version)) {
      this.stats.staleSkips++;
      return false;
    }
    this.items.set(this.key(item), structuredClone(item));
    this.stats.puts++;
    return true;
  }

  async delete(key: ItemKey): Promise<void> {
    this.items.delete(this.key(key));
    this.stats.deletes++;
  }

  async queryAll<T>(options: Omit<QueryPageOptions, 'startKey' | 'limit'>): Promise<T[]> {
    const [pkName, skName] = options.index ? ['gsi1pk', 'gsi1sk'] : ['pk', 'sk'];
    const matching = [...this.items.values()]
      .filter((i) => i[pkName] === options.pk && typeof i[skName] === 'string')
      .filter((i) => options.skPrefix === undefined || (i[skName] as string).startsWith(options.skPrefix))
      .sort((a, b) => ((a[skName] as string) < (b[skName] as string) ? -1 : 1));
    // One Query per page, as DynamoDB would answer with LastEvaluatedKey.
    this.stats.queries += Math.max(1, Math.ceil(matching.length / this.pageSize));
    return structuredClone(matching) as T[];
  }

  private key(item: ItemKey): string {
    return `${item.pk}\u0000${item.sk}`;
  }
}
