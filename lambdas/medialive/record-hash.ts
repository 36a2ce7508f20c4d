import { redactSecretText, withoutSecrets } from '../shared/secret-filter';
import type { BuiltMeta, BuiltRecord } from '../polling/resource-kind';
import { ENGINE_OWNED_FIELDS } from '../polling/tree-sync';
import { contentHash } from '../store/content-hash';
import { listPk, listSk, META_SK, resourcePk, type ResourceType, type StoredItem } from '../store/keys';

/** Fields that are not content: they change with every observation and never count as a change. */
const NON_CONTENT_FIELDS = new Set(['observedAt', 'version', 'lastPolledAt', 'hash', 'treeHash', 'truncated']);

/** The content hash of a record: everything except observation time, version and bookkeeping. */
export function recordHash(record: object): string {
  return contentHash(Object.fromEntries(Object.entries(record).filter(([key]) => !NON_CONTENT_FIELDS.has(key))));
}

/** The hash over a resource's own hash and its children's hashes, order-independent. */
export function treeHash(metaHash: string, children: readonly { hash: string }[]): string {
  return contentHash({ meta: metaHash, children: children.map((c) => c.hash).sort() });
}

/** The record without undefined fields and with its `hash` set. */
export function withHash<T extends { hash: string }>(record: T): T {
  const compacted = compact(record);
  compacted.hash = recordHash(compacted);
  return compacted;
}

/** The object without its undefined fields. */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** A stored string, through the secret filter (free text can carry a secret); undefined for empty or non-strings. */
export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? redactSecretText(value) : undefined;

export const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** A non-empty list, or undefined. */
export const nonEmpty = <T>(list: readonly T[] | undefined): T[] | undefined =>
  list && list.length ? [...list] : undefined;

/** Tags as a plain map without secret-looking keys (a `password` tag), or undefined when none are left. */
export function tagsOf(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  const kept = tags ? withoutSecrets(tags) : {};
  return Object.keys(kept).length ? kept : undefined;
}

/** A typed record as the engine's `BuiltMeta` (the model's interfaces have no index signature). */
export const builtMeta = (record: StoredItem & { arn: string; name: string; hash: string; treeHash: string }) =>
  record as BuiltMeta;

/** A typed child record as the engine's `BuiltRecord`. */
export const builtRecord = (record: StoredItem & { hash: string }) => record as BuiltRecord;

/** Where and when a MediaLive record was observed: the poller's account and region (never the ARN's: moto has none). */
export interface ObservationContext {
  readonly account: string;
  readonly region: string;
  /** Epoch ms of the call that read it: the record's `version`. */
  readonly observedAtMs: number;
}

/**
 * The keys and identity every MediaLive `#META` record starts with: its partition, its GSI1 listing entry, the
 * observation, and `arn`, `id` (CloudWatch's dimension value; the ARN's last part when AWS gives no Id) and `name`.
 */
export function metaHeader<Type extends ResourceType>(
  type: Type,
  resource: { readonly Arn: string; readonly Id?: string | undefined; readonly Name?: string | undefined },
  context: ObservationContext,
) {
  return {
    pk: resourcePk(resource.Arn),
    sk: META_SK,
    type,
    account: context.account,
    region: context.region,
    observedAt: new Date(context.observedAtMs).toISOString(),
    version: context.observedAtMs,
    gsi1pk: listPk(type, context.account, context.region),
    gsi1sk: listSk(resource.Name ?? '', resource.Arn),
    arn: resource.Arn,
    id: resource.Id ?? resource.Arn.split(':').pop() ?? '',
    name: resource.Name ?? '',
  };
}

/** The `#META` fields the poller owns on every MediaLive resource, besides each kind's own: the engine's, `id` and tags. */
export const OWNED_COMMON_FIELDS = [...ENGINE_OWNED_FIELDS, 'id', 'tags'] as const;
