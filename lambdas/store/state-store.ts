import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { GSI1, StoredItem } from './keys';

export interface ItemKey {
  pk: string;
  sk: string;
}

/** Counters of what the store did, for poll outcomes and the benchmark. */
export interface StoreStats {
  puts: number;
  updates: number;
  deletes: number;
  /** Writes refused because the stored item was already as new or newer. */
  staleSkips: number;
  queries: number;
  gets: number;
}

export interface QueryPageOptions {
  pk: string;
  /** Query GSI1 instead of the table. */
  index?: typeof GSI1;
  skPrefix?: string;
  /** Inclusive lower bound on the sort key (for `since` queries). */
  skFrom?: string;
  limit?: number;
  startKey?: Record<string, unknown>;
  ascending?: boolean;
  /**
   * A FilterExpression applied after the key condition (it cannot name key attributes). With `limit`, a page may hold
   * fewer items than the limit; `lastKey` continues. Placeholders must not start with `#pk`, `#sk`, `:pk`, `:prefix` or `:from`.
   */
  filter?: QueryFilter;
}

export interface QueryFilter {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  lastKey?: Record<string, unknown>;
}

const NEWER_CONDITION = 'attribute_not_exists(pk) OR #version < :version';

/**
 * The state table. Every write of observed state is conditional on its version, so a slow writer never
 * replaces newer state with older state; such a write is counted as a stale skip, not an error.
 */
export class StateStore {
  readonly stats: StoreStats = { puts: 0, updates: 0, deletes: 0, staleSkips: 0, queries: 0, gets: 0 };

  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** Puts the whole item when it is newer than what is stored. Returns false when the stored item is as new or newer. */
  async putIfNewer(item: StoredItem & Record<string, unknown>): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: NEWER_CONDITION,
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': item.version },
        }),
      );
      this.stats.puts++;
      return true;
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as Error).name === 'ConditionalCheckFailedException'
      ) {
        this.stats.staleSkips++;
        return false;
      }
      throw error;
    }
  }

  /**
   * Sets the given attributes (and `version`) when `version` is newer, leaving every other attribute as it is,
   * e.g. the polling settings an operator stored on a flow. `remove` names attributes to delete.
   */
  async updateIfNewer(
    key: ItemKey,
    version: number,
    fields: Record<string, unknown>,
    remove: readonly string[] = [],
  ): Promise<boolean> {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':version': version };
    const sets = ['#version = :version'];
    let i = 0;
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined || field === 'pk' || field === 'sk' || field === 'version') continue;
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
      sets.push(`#f${i} = :f${i}`);
      i++;
    }
    const removes = remove.map((field, j) => {
      names[`#r${j}`] = field;
      return `#r${j}`;
    });
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: NEWER_CONDITION,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      this.stats.updates++;
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        this.stats.staleSkips++;
        return false;
      }
      throw error;
    }
  }

  /**
   * Adds strings to a string-set attribute (creating the item when absent) and returns the whole item as it is after
   * the update, read in the same request (strongly consistent). Adding to a set commutes, so concurrent writers never
   * lose each other's values: the alarm placement record (alarm-applier.ts) relies on it.
   */
  async addToSet(key: ItemKey, field: string, values: readonly string[]): Promise<Record<string, unknown>> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'ADD #set :values',
        ExpressionAttributeNames: { '#set': field },
        ExpressionAttributeValues: { ':values': new Set(values) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    this.stats.updates++;
    return out.Attributes ?? {};
  }

  /**
   * Deletes the item when its version is older than `version`, or equal to it with the boolean attribute
   * `orEqualWhen` true (an unresolved alarm placement giving way to a resolved one of the same change). Returns false
   * when nothing was deleted (no item, or a current one).
   */
  async deleteIfOlder(key: ItemKey, version: number, orEqualWhen?: string): Promise<boolean> {
    const names: Record<string, string> = { '#version': 'version' };
    const values: Record<string, unknown> = { ':version': version };
    let condition = '#version < :version';
    if (orEqualWhen) {
      names['#when'] = orEqualWhen;
      values[':true'] = true;
      condition = `${condition} OR (#version = :version AND #when = :true)`;
    }
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: key.pk, sk: key.sk },
          ConditionExpression: `attribute_exists(pk) AND (${condition})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      this.stats.deletes++;
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Puts an item only if no item with its key exists. Returns false if one does (idempotence, coalescing). */
  async putIfAbsent(item: ItemKey & Record<string, unknown>): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      this.stats.puts++;
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Unconditional put, for items with no observed version (settings, audit and history records). */
  async put(item: ItemKey & Record<string, unknown>): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
    this.stats.puts++;
  }

  /**
   * Unconditional puts of many items (history records), 25 per BatchWriteItem, retrying unprocessed items with backoff.
   * Resolves to the items that could not be written after the retries (empty when all landed); throws when a call fails.
   */
  async putAll(
    items: readonly (ItemKey & Record<string, unknown>)[],
    maxAttempts = 6,
  ): Promise<(ItemKey & Record<string, unknown>)[]> {
    const failed: (ItemKey & Record<string, unknown>)[] = [];
    for (let start = 0; start < items.length; start += 25) {
      let pending = items.slice(start, start + 25);
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > 1)
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt * Math.random())));
        const out = await this.doc.send(
          new BatchWriteCommand({
            RequestItems: { [this.tableName]: pending.map((Item) => ({ PutRequest: { Item } })) },
          }),
        );
        const unprocessed = (out.UnprocessedItems?.[this.tableName] ?? []).flatMap((r) =>
          r.PutRequest?.Item ? [r.PutRequest.Item as ItemKey & Record<string, unknown>] : [],
        );
        this.stats.puts += pending.length - unprocessed.length;
        pending = unprocessed;
        if (attempt >= maxAttempts) break;
      }
      failed.push(...pending);
    }
    return failed;
  }

  async delete(key: ItemKey): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
    this.stats.deletes++;
  }

  async get<T>(key: ItemKey): Promise<T | undefined> {
    this.stats.gets++;
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key }));
    return out.Item as T | undefined;
  }

  /** One page of a Query on the table or on GSI1. */
  async queryPage<T>(options: QueryPageOptions): Promise<Page<T>> {
    const pkName = options.index ? 'gsi1pk' : 'pk';
    const skName = options.index ? 'gsi1sk' : 'sk';
    const names: Record<string, string> = { '#pk': pkName };
    const values: Record<string, unknown> = { ':pk': options.pk };
    let condition = '#pk = :pk';
    if (options.skPrefix !== undefined) {
      names['#sk'] = skName;
      values[':prefix'] = options.skPrefix;
      condition += ' AND begins_with(#sk, :prefix)';
    } else if (options.skFrom !== undefined) {
      names['#sk'] = skName;
      values[':from'] = options.skFrom;
      condition += ' AND #sk >= :from';
    }
    Object.assign(names, options.filter?.names);
    Object.assign(values, options.filter?.values);
    const input: QueryCommandInput = {
      TableName: this.tableName,
      KeyConditionExpression: condition,
      ...(options.filter ? { FilterExpression: options.filter.expression } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: options.ascending ?? true,
      ...(options.index ? { IndexName: options.index } : {}),
      ...(options.limit ? { Limit: options.limit } : {}),
      ...(options.startKey ? { ExclusiveStartKey: options.startKey } : {}),
    };
    this.stats.queries++;
    const out = await this.doc.send(new QueryCommand(input));
    return { items: (out.Items ?? []) as T[], ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}) };
  }

  /** Every item of a Query, following LastEvaluatedKey. */
  async queryAll<T>(options: Omit<QueryPageOptions, 'startKey' | 'limit'>): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page: Page<T> = await this.queryPage<T>({ ...options, ...(startKey ? { startKey } : {}) });
      items.push(...page.items);
      startKey = page.lastKey;
    } while (startKey);
    return items;
  }
}
