import { redactSecretText, withoutSecrets } from '../shared/secret-filter';
import { contentHash } from '../store/content-hash';
import type { StoredItem } from '../store/keys';
import type { BuiltMeta, BuiltRecord } from './resource-kind';

/**
 * How every service builds the records it hands the engine, written once: content hashes, compaction, and the small
 * value readers that pass free text through the secret filter. A service's own record module adds what is its own (its
 * `#META` header, its owned fields).
 */

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

/** A resource with no children: without undefined fields, with its `hash` and its `treeHash` set. */
export function withHashes<T extends { hash: string; treeHash: string }>(record: T): T {
  const compacted = withHash(record);
  compacted.treeHash = treeHash(compacted.hash, []);
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

/** An ISO time from the SDK's Date (or a string an emulator sent). */
export function iso(value: unknown): string | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return date && Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}

/** A non-empty list, or undefined. */
export const nonEmpty = <T>(list: readonly T[] | undefined): T[] | undefined =>
  list && list.length ? [...list] : undefined;

/** Tags as a plain map without secret-looking keys (a `password` tag), or undefined when none are left. */
export function tagsOf(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  const kept = tags ? withoutSecrets(tags) : {};
  return Object.keys(kept).length ? kept : undefined;
}

/** A typed record as the engine's `BuiltMeta` (the models' interfaces have no index signature). */
export const builtMeta = (record: StoredItem & { arn: string; name: string; hash: string; treeHash: string }) =>
  record as unknown as BuiltMeta;

/** A typed child record as the engine's `BuiltRecord`. */
export const builtRecord = (record: StoredItem & { hash: string }) => record as unknown as BuiltRecord;

/** Where and when a record was observed: the poller's account and region (never the ARN's: moto's often has none). */
export interface ObservationContext {
  readonly account: string;
  readonly region: string;
  /** Epoch ms of the call that read it: the record's `version`. */
  readonly observedAtMs: number;
}
