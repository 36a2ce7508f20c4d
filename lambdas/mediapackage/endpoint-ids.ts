import type { RequestBudget } from '../polling/request-budget';
import type { MediaPackageResourceKind } from './arn';

/**
 * The user Id of each ARN the current cycle (or refresh) listed, keyed by its request budget: AWS ARNs end in a GUID,
 * while DescribeChannel and DescribeOriginEndpoint take the Id. `lookup` reads this memo first and falls back to a
 * listing only when the ARN was not seen under this budget (see medialive/input-arns.ts for the same idea).
 */
const listedIds = new WeakMap<RequestBudget, Map<string, string>>();

const memoKey = (kind: MediaPackageResourceKind, arn: string) => `${kind}\u0000${arn}`;

export function rememberId(budget: RequestBudget, kind: MediaPackageResourceKind, arn: string, id: string): void {
  let ids = listedIds.get(budget);
  if (!ids) listedIds.set(budget, (ids = new Map()));
  ids.set(memoKey(kind, arn), id);
}

export function rememberedId(budget: RequestBudget, kind: MediaPackageResourceKind, arn: string): string | undefined {
  return listedIds.get(budget)?.get(memoKey(kind, arn));
}
