import type { IngestStore } from '../../../lambdas/events/ingest-store';
import type { RepollClaimStore } from '../../../lambdas/events/repoll-coalescer';
import type { ItemKey, QueryPageOptions, StoreStats } from '../../../lambdas/store/state-store';

type Item = ItemKey & Record<string, unknown>;

/** The error DynamoDB answers when it cannot take a request at all. */
export class StoreUnavailableError extends Error {
  constructor() {
    super('Service unavailable');
    this.name = 'ServiceUnavailable';
  }
}

/** The error DynamoDB answers for an item or key it rejects (a bug on our side if it ever happens). */
export class StoreValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationException';
  }
}

/**
 * A StateStore double with the real store's semantics for what the real-time path uses: conditional putIfNewer,
 * updateIfNewer, putIfAbsent and deleteIfOlder, set additions, GSI1 queries, and DynamoDB's validation (key sizes, non-finite numbers, 400 KB
 * items), so a test fails where DynamoDB would. `failWhen` injects faults.
 */
export class IngestTestStore implements IngestStore, RepollClaimStore {
  readonly stats: StoreStats = { puts: 0, updates: 0, deletes: 0, staleSkips: 0, queries: 0, gets: 0 };
  readonly items = new Map<string, Item>();
  /** Every call, in order: `get RES#…`, `put EVENTS#…`, … */
  readonly calls: string[] = [];
  /** When it returns true for a call, the call fails with StoreUnavailableError (putAll: for any of its items). */
  failWhen?: (operation: string, key: ItemKey) => boolean;
  /** putAll leaves the items it returns true for unprocessed, as DynamoDB does under pressure. */
  unprocessedWhen?: (key: ItemKey) => boolean;

  seed(...items: Item[]): void {
    items.forEach((item) => this.items.set(keyOf(item), structuredClone(item)));
  }

  item<T = Record<string, unknown>>(pk: string, sk: string): T | undefined {
    return this.items.get(`${pk}\u0000${sk}`) as T | undefined;
  }

  /** Items whose pk starts with the prefix. */
  itemsWithPk(prefix: string): Item[] {
    return [...this.items.values()].filter((i) => i.pk.startsWith(prefix));
  }

  async get<T>(key: ItemKey): Promise<T | undefined> {
    this.enter('get', key);
    this.stats.gets++;
    return structuredClone(this.items.get(keyOf(key))) as T | undefined;
  }

  async put(item: Item): Promise<void> {
    this.enter('put', item);
    validate(item);
    this.items.set(keyOf(item), structuredClone(item));
    this.stats.puts++;
  }

  async putAll(items: readonly Item[]): Promise<Item[]> {
    for (let start = 0; start < items.length; start += 25) {
      const chunk = items.slice(start, start + 25);
      this.calls.push(`putAll ${chunk.length}`);
      if (chunk.some((item) => this.failWhen?.('putAll', item))) throw new StoreUnavailableError();
      chunk.forEach(validate);
      if (new Set(chunk.map(keyOf)).size < chunk.length)
        throw new StoreValidationError('Provided list of item keys contains duplicates');
    }
    const unprocessed = items.filter((item) => this.unprocessedWhen?.(item));
    for (const item of items) {
      if (unprocessed.includes(item)) continue;
      this.items.set(keyOf(item), structuredClone(item));
      this.stats.puts++;
    }
    // DynamoDB answers UnprocessedItems with copies of the items, not the objects sent.
    return structuredClone(unprocessed);
  }

  async putIfAbsent(item: Item): Promise<boolean> {
    this.enter('putIfAbsent', item);
    validate(item);
    if (this.items.has(keyOf(item))) return false;
    this.items.set(keyOf(item), structuredClone(item));
    this.stats.puts++;
    return true;
  }

  async putIfNewer(item: Item & { version: number }): Promise<boolean> {
    this.enter('putIfNewer', item);
    validate(item);
    const stored = this.items.get(keyOf(item));
    if (stored && !((stored.version as number) < item.version)) {
      this.stats.staleSkips++;
      return false;
    }
    this.items.set(keyOf(item), structuredClone(item));
    this.stats.puts++;
    return true;
  }

  async updateIfFieldNewer(
    key: ItemKey,
    field: string,
    value: number,
    fields: Record<string, unknown> = {},
  ): Promise<boolean> {
    this.enter('updateIfFieldNewer', key);
    const stored = this.items.get(keyOf(key));
    const current = stored?.[field];
    // DynamoDB's `attribute_not_exists(#f) OR #f < :v` fails on a stored value of another type.
    if (current !== undefined && !(typeof current === 'number' && current < value)) {
      this.stats.staleSkips++;
      return false;
    }
    const next: Item = { ...(stored ?? key), ...structuredClone(withoutUndefined(fields)), [field]: value };
    validate(next);
    this.items.set(keyOf(key), next);
    this.stats.updates++;
    return true;
  }

  async updateIfNewer(
    key: ItemKey,
    version: number,
    fields: Record<string, unknown>,
    remove: readonly string[] = [],
  ): Promise<boolean> {
    this.enter('updateIfNewer', key);
    const stored = this.items.get(keyOf(key));
    if (stored && !((stored.version as number) < version)) {
      this.stats.staleSkips++;
      return false;
    }
    const next: Item = { ...(stored ?? key), ...structuredClone(withoutUndefined(fields)), version };
    for (const field of remove) delete next[field];
    validate(next);
    this.items.set(keyOf(key), next);
    this.stats.updates++;
    return true;
  }

  async addToSet(key: ItemKey, field: string, values: readonly string[]): Promise<Record<string, unknown>> {
    this.enter('addToSet', key);
    const stored: Item = this.items.get(keyOf(key)) ?? { pk: key.pk, sk: key.sk };
    const set = new Set([...((stored[field] as Set<string> | undefined) ?? []), ...values]);
    const next = { ...stored, [field]: set };
    validate(next);
    this.items.set(keyOf(key), next);
    this.stats.updates++;
    return structuredClone(next);
  }

  async deleteIfOlder(key: ItemKey, version: number, orEqualWhen?: string): Promise<boolean> {
    this.enter('deleteIfOlder', key);
    const stored = this.items.get(keyOf(key));
    if (!stored) return false;
    const storedVersion = stored.version as number;
    const older =
      storedVersion < version ||
      (orEqualWhen !== undefined && storedVersion === version && stored[orEqualWhen] === true);
    if (!older) return false;
    this.items.delete(keyOf(key));
    this.stats.deletes++;
    return true;
  }

  async delete(key: ItemKey): Promise<void> {
    this.enter('delete', key);
    this.items.delete(keyOf(key));
    this.stats.deletes++;
  }

  async queryAll<T>(options: Omit<QueryPageOptions, 'startKey' | 'limit'>): Promise<T[]> {
    this.enter('query', { pk: options.pk, sk: '' });
    this.stats.queries++;
    const [pkName, skName] = options.index ? ['gsi1pk', 'gsi1sk'] : ['pk', 'sk'];
    return structuredClone(
      [...this.items.values()]
        .filter((i) => i[pkName] === options.pk && typeof i[skName] === 'string')
        .filter((i) => options.skPrefix === undefined || (i[skName] as string).startsWith(options.skPrefix))
        .sort((a, b) => ((a[skName] as string) < (b[skName] as string) ? -1 : 1)),
    ) as T[];
  }

  private enter(operation: string, key: ItemKey): void {
    this.calls.push(`${operation} ${key.pk}`);
    if (this.failWhen?.(operation, key)) throw new StoreUnavailableError();
  }
}

function keyOf(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}

function withoutUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** DynamoDB's limits: pk ≤ 2048 bytes, sk ≤ 1024 bytes, both non-empty; item ≤ 400 KB; numbers finite. */
function validate(item: Item): void {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  if (typeof item.pk !== 'string' || item.pk === '' || bytes(item.pk) > 2048)
    throw new StoreValidationError('invalid partition key');
  if (typeof item.sk !== 'string' || item.sk === '' || bytes(item.sk) > 1024)
    throw new StoreValidationError('invalid sort key');
  if (bytes(JSON.stringify(item)) > 400_000)
    throw new StoreValidationError('Item size has exceeded the maximum allowed size');
  const check = (value: unknown, depth: number): void => {
    if (depth > 32) throw new StoreValidationError('nesting too deep');
    if (typeof value === 'number' && !Number.isFinite(value)) throw new StoreValidationError('number is not finite');
    if (Array.isArray(value)) value.forEach((v) => check(v, depth + 1));
    else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => check(v, depth + 1));
  };
  check(item, 0);
}
