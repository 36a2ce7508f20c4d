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
import { systemClock, type Clock } from '../shared/clock';
import { changeStamp, GSI2 } from './change-index';
import { GSI1, StoredItem } from './keys';
import { withListingKeys } from './listing-keys';

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
  /** Query GSI1 (listings) or GSI2 (the change index) instead of the table. */
  index?: typeof GSI1 | typeof GSI2;
  skPrefix?: string;
  /** Inclusive lower bound on the sort key (for `since` queries). */
  skFrom?: string;
  /** Inclusive upper bound on the sort key, with `skFrom`: `BETWEEN skFrom AND skTo` (one Query over a key range). */
  skTo?: string;
  limit?: number;
  startKey?: Record<string, unknown>;
  ascending?: boolean;
  /** A strongly consistent read (the table only; GSIs are eventually consistent). */
  consistent?: boolean;
  /**
   * A FilterExpression applied after the key condition (it cannot name key attributes). With `limit`, a page may hold
   * fewer items than the limit; `lastKey` continues. Placeholders must not start with `#pk`, `#sk`, `:pk`, `:prefix`, `:from` or `:to`.
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
/** No committed version as new, and no writer with a version as new in the middle of writing the tree. */
const CLAIM_CONDITION =
  '(attribute_not_exists(#version) OR #version < :version) AND (attribute_not_exists(#writing) OR #writing < :version)';
/** Still our claim (nobody newer claimed, nobody abandoned), and no newer version committed meanwhile (an event). */
const COMMIT_CONDITION = '#writing = :version AND (attribute_not_exists(#version) OR #version < :version)';

/** The attribute on a tree's root item that names the version of the writer writing the tree (see `claimTree`). */
export const WRITING_ATTRIBUTE = 'writingVersion';

/** What `claimTree` answers. */
export interface TreeClaim {
  /** False when the stored tree is as new or newer, or a writer as new or newer is writing it: write nothing. */
  claimed: boolean;
  /** The root item existed before the claim (false for a tree never written). */
  existed: boolean;
  /** The claimed attributes (`fields`, and the sets added to) as they were before the claim; empty when refused. */
  previous: Record<string, unknown>;
}

/**
 * The state table. Every write of observed state is conditional on its version, so a slow writer never
 * replaces newer state with older state; such a write is counted as a stale skip, not an error.
 *
 * Every write of an item the change feed carries (change-index.ts) is stamped here, in the same request, with its
 * write time from `clock`: a refused conditional write stamps nothing, and no caller can forget the stamp.
 * `claimTree` and `abandonTree` are not stamped (they change no state a client shows; `commitTree` is).
 */
export class StateStore {
  readonly stats: StoreStats = { puts: 0, updates: 0, deletes: 0, staleSkips: 0, queries: 0, gets: 0 };

  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    /** The write time of change-index stamps. */
    readonly clock: Clock = systemClock,
  ) {}

  /** The item with its change-index stamp, when the feed carries it. */
  private stamped<T extends ItemKey>(item: T): T {
    const stamp = changeStamp(item, this.clock.now());
    return stamp ? { ...item, ...stamp } : item;
  }

  /** `fields` with the change-index stamp of a write of `key`, when the feed carries it. */
  private stampedFields(key: ItemKey, fields: Record<string, unknown>): Record<string, unknown> {
    const stamp = changeStamp(key, this.clock.now());
    return stamp ? { ...fields, ...stamp } : fields;
  }

  /** Puts the whole item when it is newer than what is stored. Returns false when the stored item is as new or newer. */
  async putIfNewer(item: StoredItem & Record<string, unknown>): Promise<boolean> {
    const landed = await this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: this.stamped(item),
        ConditionExpression: NEWER_CONDITION,
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': item.version },
      }),
    );
    if (landed) this.stats.puts++;
    return landed;
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
    const { names, values, sets } = setClause(this.stampedFields(key, fields), { '#version': 'version' });
    values[':version'] = version;
    const removes = remove.map((field, j) => {
      names[`#r${j}`] = field;
      return `#r${j}`;
    });
    const landed = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET ${['#version = :version', ...sets].join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: NEWER_CONDITION,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    if (landed) this.stats.updates++;
    return landed;
  }

  /**
   * Adds strings to a string-set attribute (creating the item when absent) and returns the whole item as it is after
   * the update, read in the same request (strongly consistent). Adding to a set commutes, so concurrent writers never
   * lose each other's values: the alarm placement record (alarm-applier.ts) relies on it.
   */
  async addToSet(key: ItemKey, field: string, values: readonly string[]): Promise<Record<string, unknown>> {
    const stamp = setClause(this.stampedFields(key, {}), { '#set': field });
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `ADD #set :values${stamp.sets.length ? ` SET ${stamp.sets.join(', ')}` : ''}`,
        ExpressionAttributeNames: stamp.names,
        ExpressionAttributeValues: { ':values': new Set(values), ...stamp.values },
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
    const landed = await this.conditionalWrite(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: key.pk, sk: key.sk },
        ConditionExpression: `attribute_exists(pk) AND (${condition})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
      false,
    );
    if (landed) this.stats.deletes++;
    return landed;
  }

  /** Puts an item only if no item with its key exists. Returns false if one does (idempotence, coalescing). */
  async putIfAbsent(item: ItemKey & Record<string, unknown>): Promise<boolean> {
    const landed = await this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: this.stamped(item),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
      false,
    );
    if (landed) this.stats.puts++;
    return landed;
  }

  /** Unconditional put, for items with no observed version (settings, audit and history records). */
  async put(item: ItemKey & Record<string, unknown>): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.stamped(item) }));
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
      let pending = items.slice(start, start + 25).map((item) => this.stamped(item));
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

  /**
   * Sets attributes of an item only while it holds exactly `version` and is no tombstone: an annotation of the state
   * that version wrote (a chain link's `ambiguous` mark), which a newer write replaces anyway. Returns false otherwise.
   */
  async updateIfVersion(key: ItemKey, version: number, fields: Record<string, unknown>): Promise<boolean> {
    const { names, values, sets } = setClause(this.stampedFields(key, fields), {
      '#version': 'version',
      '#tombstone': 'tombstone',
    });
    values[':version'] = version;
    const landed = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: '#version = :version AND attribute_not_exists(#tombstone)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
      false,
    );
    if (landed) this.stats.updates++;
    return landed;
  }

  /**
   * Sets `field` to the epoch-ms `value` when it is absent or smaller, with `fields` beside it (each write of one
   * field is monotonic, and writers of different fields of one item never undo each other: the change path's call
   * records, store/change-path.ts). Creates the item when absent. Returns false when the stored value is as new.
   */
  async updateIfFieldNewer(
    key: ItemKey,
    field: string,
    value: number,
    fields: Record<string, unknown> = {},
  ): Promise<boolean> {
    const { names, values, sets } = setClause(this.stampedFields(key, fields), { '#field': field });
    values[':value'] = value;
    const landed = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET ${['#field = :value', ...sets].join(', ')}`,
        ConditionExpression: 'attribute_not_exists(#field) OR #field < :value',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    if (landed) this.stats.updates++;
    return landed;
  }

  /**
   * Replaces a removed child with a tombstone (`tombstone: true`, `version`, `expiresAt`, no content) when `version`
   * is newer than what is stored, so a slower writer holding an older observation cannot put the child back: its
   * `putIfNewer` is refused by the tombstone's version. Returns false when the stored item is as new or newer.
   */
  async tombstoneIfNewer(key: ItemKey, version: number, expiresAt: number): Promise<boolean> {
    const item = this.stamped({
      pk: key.pk,
      sk: key.sk,
      version,
      observedAt: new Date(version).toISOString(),
      tombstone: true,
      expiresAt,
    });
    const landed = await this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: NEWER_CONDITION,
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':version': version },
      }),
    );
    if (landed) this.stats.deletes++;
    return landed;
  }

  /**
   * Starts writing a tree (a root item and its children) observed at `version`: records the writer's version in
   * `writingVersion` on the root and sets `fields` (e.g. a `treeHash` that matches no content, so a writer that never
   * commits leaves a tree the next poll rewrites). Refused when the root holds a version as new, or a writer as new is
   * writing. Returns whether the root item existed before (then its children must be read before writing).
   * `addToSets` adds strings to string-set attributes in the same request (the chain's declared link entries: adding
   * commutes, so every claimer's entries are in the set before any of its writes, see chain/link-sync.ts).
   */
  async claimTree(
    key: ItemKey,
    version: number,
    fields: Record<string, unknown>,
    addToSets: Record<string, readonly string[]> = {},
  ): Promise<TreeClaim> {
    const { names, values, sets } = setClause(fields, { '#version': 'version', '#writing': WRITING_ATTRIBUTE });
    values[':version'] = version;
    const adds = setOperands(addToSets, 'a', names, values);
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${['#writing = :version', ...sets].join(', ')}${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
          ConditionExpression: CLAIM_CONDITION,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      this.stats.updates++;
      // UPDATED_OLD holds the old values of the attributes set here: any of them means the item was there.
      const previous = out.Attributes ?? {};
      return { claimed: true, existed: Object.keys(previous).length > 0, previous };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      this.stats.staleSkips++;
      return { claimed: false, existed: true, previous: {} };
    }
  }

  /**
   * Ends a tree write started by `claimTree`: sets `fields` and `version` on the root and clears the claim, only when
   * the claim is still ours and no newer version was committed meanwhile. Returns false otherwise; the caller then
   * calls `abandonTree`, because its child writes may have landed after another writer read the children.
   * `deleteFromSets` removes strings from string-set attributes in the same request (link entries the writer removed).
   */
  async commitTree(
    key: ItemKey,
    version: number,
    fields: Record<string, unknown>,
    remove: readonly string[] = [],
    deleteFromSets: Record<string, readonly string[]> = {},
  ): Promise<boolean> {
    const { names, values, sets } = setClause(this.stampedFields(key, fields), {
      '#version': 'version',
      '#writing': WRITING_ATTRIBUTE,
    });
    values[':version'] = version;
    const removes = ['#writing', ...remove.map((field, j) => ((names[`#r${j}`] = field), `#r${j}`))];
    const deletes = setOperands(deleteFromSets, 'd', names, values);
    const landed = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `SET ${['#version = :version', ...sets].join(', ')} REMOVE ${removes.join(', ')}${deletes.length ? ` DELETE ${deletes.join(', ')}` : ''}`,
        ConditionExpression: COMMIT_CONDITION,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    if (landed) this.stats.updates++;
    return landed;
  }

  /**
   * Marks a tree whose write lost a race: sets `fields` (a `treeHash` that matches no content, so the next poll
   * rewrites the tree from AWS) and clears any claim, so a writer still in the middle of the tree cannot commit either.
   * A root that no longer exists is left alone.
   */
  async abandonTree(key: ItemKey, fields: Record<string, unknown>): Promise<void> {
    const { names, values, sets } = setClause(fields, { '#writing': WRITING_ATTRIBUTE });
    const landed = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: `${sets.length ? `SET ${sets.join(', ')} ` : ''}REMOVE #writing`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ...(sets.length ? { ExpressionAttributeValues: values } : {}),
      }),
    );
    if (landed) this.stats.updates++;
  }

  /**
   * Puts a lease item unless another owner holds an unexpired lease on the key (`expiresAtMs` >= now). Returns false when
   * the lease is held. See `lease.ts`.
   */
  async putLease(item: ItemKey & { owner: string; expiresAtMs: number } & Record<string, unknown>, nowMs: number) {
    const landed = await this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk) OR #expires < :now',
        ExpressionAttributeNames: { '#expires': 'expiresAtMs' },
        ExpressionAttributeValues: { ':now': nowMs },
      }),
      false,
    );
    if (landed) this.stats.puts++;
    return landed;
  }

  /**
   * Counts a poll that found the lease held (`skippedPolls`, `lastSkippedAt` on the lease item). Resolves to the lease
   * item as it now is, or undefined when the lease item is gone (released in the meantime).
   */
  async countLeaseSkip(key: ItemKey, atIso: string): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'ADD #skipped :one SET #at = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#skipped': 'skippedPolls', '#at': 'lastSkippedAt' },
          ExpressionAttributeValues: { ':one': 1, ':at': atIso },
          ReturnValues: 'ALL_NEW',
        }),
      );
      this.stats.updates++;
      return out.Attributes;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Deletes a lease item only while `owner` holds it. Returns false when another owner took it over (or it is gone). */
  async deleteLease(key: ItemKey, owner: string): Promise<boolean> {
    const landed = await this.conditionalWrite(
      new DeleteCommand({
        TableName: this.tableName,
        Key: key,
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':owner': owner },
      }),
      false,
    );
    if (landed) this.stats.deletes++;
    return landed;
  }

  async delete(key: ItemKey): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
    this.stats.deletes++;
  }

  /**
   * Sends a conditional write and resolves to whether it landed: a refused condition resolves to false (and counts as
   * a stale skip when `refusalIsStale`, i.e. the condition compares versions); any other error is thrown.
   */
  private async conditionalWrite(
    command: PutCommand | UpdateCommand | DeleteCommand,
    refusalIsStale = true,
  ): Promise<boolean> {
    try {
      if (command instanceof PutCommand) await this.doc.send(command);
      else if (command instanceof UpdateCommand) await this.doc.send(command);
      else await this.doc.send(command);
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (refusalIsStale) this.stats.staleSkips++;
      return false;
    }
  }

  /** Reads one item; `consistent` makes it a strongly consistent read. */
  async get<T>(key: ItemKey, consistent = false): Promise<T | undefined> {
    this.stats.gets++;
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ...(consistent ? { ConsistentRead: true } : {}) }),
    );
    return out.Item as T | undefined;
  }

  /** One page of a Query on the table or on GSI1. */
  async queryPage<T>(options: QueryPageOptions): Promise<Page<T>> {
    const pkName = options.index ? `${options.index}pk` : 'pk';
    const skName = options.index ? `${options.index}sk` : 'sk';
    const names: Record<string, string> = { '#pk': pkName };
    const values: Record<string, unknown> = { ':pk': options.pk };
    let condition = '#pk = :pk';
    if (options.skPrefix !== undefined) {
      names['#sk'] = skName;
      values[':prefix'] = options.skPrefix;
      condition += ' AND begins_with(#sk, :prefix)';
    } else if (options.skFrom !== undefined && options.skTo !== undefined) {
      names['#sk'] = skName;
      values[':from'] = options.skFrom;
      values[':to'] = options.skTo;
      condition += ' AND #sk BETWEEN :from AND :to';
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
      ...(options.consistent && !options.index ? { ConsistentRead: true } : {}),
      ...(options.limit ? { Limit: options.limit } : {}),
      ...(options.startKey ? { ExclusiveStartKey: options.startKey } : {}),
    };
    this.stats.queries++;
    const out = await this.doc.send(new QueryCommand(input));
    const items = (out.Items ?? []) as T[];
    return {
      items: options.index === GSI1 ? items.map(withListingKeys) : items,
      ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
    };
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

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException'
  );
}

/** `#fN = :fN` assignments for the defined fields other than the keys and `version`, after the given names. */
function setClause(
  fields: Record<string, unknown>,
  baseNames: Record<string, string>,
): { names: Record<string, string>; values: Record<string, unknown>; sets: string[] } {
  const names: Record<string, string> = { ...baseNames };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  let i = 0;
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined || field === 'pk' || field === 'sk' || field === 'version' || field === WRITING_ATTRIBUTE)
      continue;
    names[`#f${i}`] = field;
    values[`:f${i}`] = value;
    sets.push(`#f${i} = :f${i}`);
    i++;
  }
  return { names, values, sets };
}

/** `#<prefix>N :<prefix>N` operands of an ADD or DELETE clause on string sets; empty lists are left out. */
function setOperands(
  bySet: Record<string, readonly string[]>,
  prefix: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
): string[] {
  return Object.entries(bySet)
    .filter(([, strings]) => strings.length > 0)
    .map(([field, strings], j) => {
      names[`#${prefix}${j}`] = field;
      values[`:${prefix}${j}`] = new Set(strings);
      return `#${prefix}${j} :${prefix}${j}`;
    });
}
