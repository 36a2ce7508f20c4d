import type { ObservationContext } from '../polling/record-building';
import type { BuiltMeta } from '../polling/resource-kind';
import { ENGINE_OWNED_FIELDS } from '../polling/tree-sync';
import { listPk, listSk, META_SK, resourcePk, type ResourceType } from '../store/keys';

/**
 * Record helpers of MediaPackage v2 (the shared ones are in polling/record-building.ts). Every v2 resource is
 * one `#META` item with no children, so its `treeHash` is its own hash's tree.
 */

export {
  bool,
  compact,
  iso,
  nonEmpty,
  num,
  str,
  tagsOf,
  withHashes as sealed,
  type ObservationContext,
} from '../polling/record-building';

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
