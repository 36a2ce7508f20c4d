import type { ObservationContext } from '../polling/record-building';
import { ENGINE_OWNED_FIELDS } from '../polling/tree-sync';
import { listPk, listSk, META_SK, resourcePk, type ResourceType } from '../store/keys';

export {
  builtMeta,
  builtRecord,
  compact,
  nonEmpty,
  num,
  recordHash,
  str,
  tagsOf,
  treeHash,
  withHash,
  type ObservationContext,
} from '../polling/record-building';

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
