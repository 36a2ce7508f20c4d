import { isRepollTarget } from '../../events/resource-repoller';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { META_SK, resourcePk } from '../../store/keys';
import type { ApiDeps } from '../api-deps';
import type { ActionContext } from '../mediaconnect/flow-actions';
import { resourceTarget } from '../targets';

export interface RepollResult {
  resourceArn: string;
  /** True when another re-poll of this resource within the coalescing window already covers this request. */
  coalesced: boolean;
  /** True when this request ran the re-poll. */
  polled: boolean;
}

/**
 * Forces a re-poll of one resource (inventory and metrics), coalesced with the re-polls that events trigger: at most
 * one per resource per window (`claimRepoll`). Any top-level resource of a polled service: a MediaConnect flow, a
 * MediaLive channel, input or input device, as long as the store knows it and it is not deleted, in a watched target
 * (NotWatchedError otherwise).
 */
export async function forceRepoll(
  deps: Pick<ApiDeps, 'store' | 'claimRepoll' | 'repoll' | 'repollable' | 'audit' | 'registry'>,
  resourceArn: string,
  context: ActionContext,
): Promise<RepollResult> {
  if (!isRepollTarget(resourceArn) || !deps.repollable(resourceArn)) {
    throw new ValidationError(
      'resourceArn must be the ARN of a polled resource: a MediaConnect flow, or a MediaLive channel, input or input device',
      'resourceArn',
    );
  }
  // The resource's target must be watched: the re-poll reads it there, with the target's read credentials.
  resourceTarget(await deps.registry(), resourceArn);
  const meta = await deps.store.get<{ tombstone?: boolean }>({ pk: resourcePk(resourceArn), sk: META_SK });
  if (!meta || meta.tombstone)
    throw new NotFoundError(`Resource ${resourceArn} is not known${meta?.tombstone ? ' (deleted)' : ''}`);
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
    deps.repoll(resourceArn),
  );
  return { resourceArn, coalesced: false, polled: true };
}
