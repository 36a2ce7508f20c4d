import type { BuiltMeta } from '../polling/resource-kind';
import { ENGINE_OWNED_FIELDS } from '../polling/tree-sync';
import { redactSecretText, withoutSecrets } from '../shared/secret-filter';
import { contentHash } from '../store/content-hash';
import { listPk, listSk, META_SK, resourcePk, type ResourceType } from '../store/keys';

/**
 * Record helpers of MediaPackage v2 (a service folder keeps its own: it imports no other service). Every v2 resource is
 * one `#META` item with no children, so its `treeHash` is its own hash's tree.
 */

/** Fields that are not content: they change with every observation and never count as a change. */
const NON_CONTENT_FIELDS = new Set(['observedAt', 'version', 'lastPolledAt', 'hash', 'treeHash', 'truncated']);

/** The object without its undefined fields. */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** The record without undefined fields, with its content `hash` and its `treeHash` (no children) set. */
export function sealed<T extends { hash: string; treeHash: string }>(record: T): T {
  const out = compact(record);
  out.hash = contentHash(Object.fromEntries(Object.entries(out).filter(([key]) => !NON_CONTENT_FIELDS.has(key))));
  out.treeHash = contentHash({ meta: out.hash, children: [] });
  return out;
}

/** A stored string, through the secret filter (free text can carry a secret); undefined for empty or non-strings. */
export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? redactSecretText(value) : undefined;

export const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

/** An ISO time from the SDK's Date (or a string an emulator sent). */
export function iso(value: unknown): string | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date && Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}

/** A non-empty list, or undefined. */
export const nonEmpty = <T>(list: readonly T[] | undefined): T[] | undefined =>
  list && list.length ? [...list] : undefined;

/** Tags as a plain map without secret-looking keys, or undefined when none are left. */
export function tagsOf(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  const kept = tags ? withoutSecrets(tags) : {};
  return Object.keys(kept).length ? kept : undefined;
}

/** Where and when a record was observed: the poller's account and region. */
export interface ObservationContext {
  readonly account: string;
  readonly region: string;
  /** Epoch ms of the call that read it: the record's `version`. */
  readonly observedAtMs: number;
}

/** The keys and identity every v2 `#META` record starts with: partition, GSI1 listing entry, observation, arn, name. */
export function metaHeader<Type extends ResourceType>(
  type: Type,
  arn: string,
  name: string,
  context: ObservationContext,
) {
  return {
    pk: resourcePk(arn),
    sk: META_SK,
    type,
    account: context.account,
    region: context.region,
    observedAt: new Date(context.observedAtMs).toISOString(),
    version: context.observedAtMs,
    gsi1pk: listPk(type, context.account, context.region),
    gsi1sk: listSk(name, arn),
    arn,
    name,
  };
}

/** The `#META` fields the poller owns on every v2 resource, besides each kind's own. */
export const OWNED_COMMON_FIELDS = [
  ...ENGINE_OWNED_FIELDS,
  'channelGroupName',
  'description',
  'createdAt',
  'modifiedAt',
  'tags',
] as const;

/** A typed record as the engine's `BuiltMeta` (the model's interfaces have no index signature). */
export const builtMeta = (record: { arn: string; name: string; hash: string; treeHash: string }) =>
  record as unknown as BuiltMeta;
