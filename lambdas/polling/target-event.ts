import * as z from 'zod';
import { ValidationError } from '../shared/errors';
import { findTarget, parseTargetKey, type TargetRegistry, type WatchedTarget } from '../shared/watched-targets';

/**
 * What a poller's schedule sends. A deployment with many targets has one EventBridge Scheduler entry per target and
 * poller, whose input is `{"target": "<account>#<region>"}`: the function resolves the key in its registry, so an
 * invoker can name a target but never inject a role. A deployment that watches only itself keeps its EventBridge rule,
 * whose Scheduled Event means the deployment's own target.
 */
const targetEvent = z.strictObject({ target: z.string() });
const scheduledEvent = z.looseObject({ source: z.literal('aws.events'), 'detail-type': z.literal('Scheduled Event') });

/** The target a poller invocation is for; ValidationError for anything else or a target not in the registry. */
export function targetOfScheduledInvocation(event: unknown, registry: TargetRegistry): WatchedTarget {
  const byKey = targetEvent.safeParse(event);
  if (byKey.success) {
    const where = parseTargetKey(byKey.data.target);
    if (!where) throw new ValidationError(`target "${byKey.data.target}" is not <account>#<region>`);
    const target = findTarget(registry, where);
    if (!target) throw new ValidationError(`target ${byKey.data.target} is not watched by this deployment`);
    return target;
  }
  const scheduled = scheduledEvent.safeParse(event);
  if (scheduled.success) {
    const own = findTarget(registry, registry.deployment);
    if (!own) throw new ValidationError('a Scheduled Event means the deployment itself, which it does not watch');
    return own;
  }
  throw new ValidationError('Expected an EventBridge scheduled event or {"target": "<account>#<region>"}');
}
