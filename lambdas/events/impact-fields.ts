import type { Impact } from '../chain/link-model';
import { describeError } from '../shared/errors';
import type { ApplyContext } from './event-model';

/** The fields an alarm or event item records its downstream impact in (chain/chain-graph.ts `downstreamImpacts`). */
export interface ImpactFields {
  impacts?: Impact[];
  impactsTruncated?: true;
}

/**
 * What `ownerArn` affects downstream, as item fields: `impacts` (nearest first, bounded) and `impactsTruncated`.
 * Empty when the context has no impact reader or nothing is downstream, and when the read fails: the failure is logged
 * (`what` names the item), never thrown, so an alarm or event is applied all the same.
 */
export async function impactFields(context: ApplyContext, ownerArn: string, what: string): Promise<ImpactFields> {
  if (!context.impacts) return {};
  try {
    const { impacts, truncated } = await context.impacts(ownerArn);
    return { ...(impacts.length ? { impacts } : {}), ...(truncated ? { impactsTruncated: true as const } : {}) };
  } catch (error) {
    context.logger?.warn(`${what} stored without impacts: the chain could not be read`, {
      owner: ownerArn,
      error: describeError(error),
    });
    return {};
  }
}
