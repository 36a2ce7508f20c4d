import type { BuiltMeta } from '../polling/resource-kind';
import { ENGINE_OWNED_FIELDS } from '../polling/tree-sync';
import { contentHash } from '../store/content-hash';
import { listPk, listSk, META_SK, resourcePk, type ResourceType, type StoredItem } from '../store/keys';
import { redactSecretText, withoutSecrets } from '../shared/secret-filter';

/** Fields that are not content: they change with every observation and never count as a change. */
const NON_CONTENT_FIELDS = new Set(['observedAt', 'version', 'lastPolledAt', 'hash', 'treeHash', 'truncated']);

/** The record without undefined fields, with `hash` over its content and `treeHash` over that (no children). */
export function withHashes<T extends { hash: string; treeHash: string }>(record: T): T {
  const compacted = compact(record);
  compacted.hash = contentHash(
    Object.fromEntries(Object.entries(compacted).filter(([key]) => !NON_CONTENT_FIELDS.has(key))),
  );
  compacted.treeHash = contentHash({ meta: compacted.hash, children: [] });
  return compacted;
}

/** The object without its undefined fields. */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** The object without undefined fields, or undefined when nothing is left. */
export function compactOrUndefined<T extends object>(record: T): T | undefined {
  const out = compact(record);
  return Object.keys(out).length ? out : undefined;
}

/** A stored string, through the secret filter (free text can carry a secret); undefined for empty or non-strings. */
export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? redactSecretText(value) : undefined;

export const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

/** A non-empty list, or undefined. */
export const nonEmpty = <T>(list: readonly T[] | undefined): T[] | undefined =>
  list && list.length ? [...list] : undefined;

/** Tags as a plain map without secret-looking keys, or undefined when none are left. */
export function tagsOf(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  const kept = tags ? withoutSecrets(tags) : {};
  return Object.keys(kept).length ? kept : undefined;
}

/** A typed record as the engine's `BuiltMeta` (the model's interfaces have no index signature). */
export const builtMeta = (record: StoredItem & { arn: string; name: string; hash: string; treeHash: string }) =>
  record as unknown as BuiltMeta;

/** Where and when a record was observed: the poller's account and region (never the ARN's: moto's has none). */
export interface ObservationContext {
  readonly account: string;
  readonly region: string;
  /** Epoch ms of the call that read it: the record's `version`. */
  readonly observedAtMs: number;
}

/** The keys and identity every MediaPackage `#META` record starts with; `name` is the Id (v1 has no names). */
export function metaHeader<Type extends ResourceType>(
  type: Type,
  resource: { readonly Arn: string; readonly Id: string },
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
    gsi1sk: listSk(resource.Id, resource.Arn),
    arn: resource.Arn,
    id: resource.Id,
    name: resource.Id,
  };
}

/** The `#META` fields the poller owns on every MediaPackage resource, besides each kind's own. */
export const OWNED_COMMON_FIELDS = [...ENGINE_OWNED_FIELDS, 'id', 'description', 'createdAt', 'tags'] as const;
