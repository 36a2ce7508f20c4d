import { tryParseArn } from '../../shared/arn';
import { ValidationError } from '../../shared/errors';
import type { ApiDeps } from '../api-deps';
import { ActionContext, requireLiveFlow } from '../mediaconnect/flow-actions';

export interface RepollResult {
  resourceArn: string;
  /** True when another re-poll of this resource within the coalescing window already covers this request. */
  coalesced: boolean;
  /** True when this request ran the re-poll. */
  polled: boolean;
}

/**
 * Forces a re-poll of one resource (inventory and metrics), coalesced with the re-polls that events trigger: at most
 * one per resource per window (`claimRepoll`). Only MediaConnect flows are polled today.
 */
export async function forceRepoll(
  deps: Pick<ApiDeps, 'store' | 'claimRepoll' | 'repollFlow' | 'audit'>,
  resourceArn: string,
  context: ActionContext,
): Promise<RepollResult> {
  const arn = tryParseArn(resourceArn);
  if (!arn || arn.service !== 'mediaconnect' || arn.resourceType !== 'flow') {
    throw new ValidationError(
      'resourceArn must be a MediaConnect flow ARN (the only resource type polled so far)',
      'resourceArn',
    );
  }
  await requireLiveFlow(deps.store, resourceArn);
  const claimed = await deps.claimRepoll(resourceArn);
  if (!claimed) {
    await deps.audit.record({
      resourceArn,
      action: 'resource.repoll',
      ...context,
      outcome: 'succeeded',
      detail: { coalesced: true },
    });
    return { resourceArn, coalesced: true, polled: false };
  }
  await deps.audit.audited({ resourceArn, action: 'resource.repoll', ...context, detail: { coalesced: false } }, () =>
    deps.repollFlow(resourceArn),
  );
  return { resourceArn, coalesced: false, polled: true };
}
