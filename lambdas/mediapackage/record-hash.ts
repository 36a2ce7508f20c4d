import type { ObservationContext } from '../polling/record-building';
import { ENGINE_OWNED_FIELDS } from '../polling/tree-sync';
import { listPk, listSk, META_SK, resourcePk, type ResourceType } from '../store/keys';

export {
  bool,
  builtMeta,
  compact,
  compactOrUndefined,
  nonEmpty,
  num,
  str,
  tagsOf,
  withHashes,
  type ObservationContext,
} from '../polling/record-building';

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
