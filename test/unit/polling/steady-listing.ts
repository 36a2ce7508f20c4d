import { listedChanged } from '../../../lambdas/polling/inventory-cycle';
import {
  GONE,
  type InventoryKind,
  type KindContext,
  type ListedResource,
  type StoredResourceSummary,
} from '../../../lambdas/polling/resource-kind';

/**
 * A kind's listing against the `#META` records its describes build from the same resources, as the cycle compares
 * them: what the GSI1 listing projection holds of each record is what a steady listing is compared with.
 */
export interface SteadyListing {
  /** The listing's entries. */
  listed: ListedResource[];
  /** The listed summary fields compared, in all. */
  comparedFields: number;
  /** ARNs the cycle would put first although nothing changed. */
  changed: string[];
}

export async function steadyListing<Client, Listed>(
  kind: InventoryKind<Client, Listed>,
  ctx: KindContext<Client>,
): Promise<SteadyListing> {
  const listed: ListedResource<Listed>[] = [];
  for await (const page of kind.listPages(ctx)) listed.push(...page.items);
  const changed: string[] = [];
  let comparedFields = 0;
  for (const entry of listed) {
    const described = await kind.describe(ctx, entry, undefined, { refresh: false });
    if (described === GONE) throw new Error(`${entry.arn} described as gone`);
    const meta = described.tree.meta as unknown as Record<string, unknown>;
    const stored: StoredResourceSummary = {
      arn: entry.arn,
      ...pick(meta, 'name'),
      ...pick(meta, 'status'),
      ...pick(meta, 'sourceType'),
      ...pick(meta, 'availabilityZone'),
    };
    comparedFields += Object.values(entry.summary ?? {}).filter((v) => v !== undefined).length;
    if (listedChanged(entry, stored)) changed.push(entry.arn);
  }
  return { listed, comparedFields, changed };
}

const pick = (meta: Record<string, unknown>, field: string): Record<string, string> =>
  typeof meta[field] === 'string' ? { [field]: meta[field] } : {};
