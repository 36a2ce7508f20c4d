import { tryParseArn } from '../shared/arn';
import { describeError, ValidationError } from '../shared/errors';
import {
  clientRegion,
  DEFAULT_TOMBSTONE_RETENTION_HOURS,
  InventoryDeps,
  newRequestBudget,
  RegionalClient,
} from './inventory-deps';
import type { RefreshOptions, RefreshOutcome, ResourceRefresher } from './refresh';
import { GONE, InventoryKind, ServiceInventory } from './resource-kind';
import { readStoredResource, SyncContext, syncDescribed, tombstoneResource } from './tree-sync';

/**
 * The refresher of a service (or of one kind): re-reads one resource from AWS and writes what changed, through the
 * same path as the cycle (lookup, describe, diff, conditional writes, then the kind's `afterSync`); a resource AWS no
 * longer has is tombstoned, one neither AWS nor the store knows is `not-found`. Used by the real-time re-poll and
 * after API actions. Refuses (ValidationError) an ARN no kind of the service polls, and one of another region when the
 * ARN names a region (moto's MediaLive ARNs name none: those are taken as the client's). Throws for other errors
 * (e.g. `ThrottledError`), leaving the store as it is.
 */
export function createRefresher<Client extends RegionalClient>(
  deps: InventoryDeps<Client>,
  target: ServiceInventory<Client> | InventoryKind<Client>,
): ResourceRefresher {
  return async (arn: string, options: RefreshOptions = {}): Promise<RefreshOutcome> => {
    const refresh = options.refresh === true;
    // moto's MediaLive ARNs (`arn:aws:medialive:channel:<hex>`) are no ARNs to the parser: no region, no account.
    const parsed = tryParseArn(arn);
    const kind = 'kinds' in target ? target.kindOf(arn) : target;
    if (!kind) throw new ValidationError(`${arn} is not a resource the ${target.service} inventory polls`, 'arn');
    const region = await clientRegion(deps.client);
    if (parsed?.region && parsed.region !== region)
      throw new ValidationError(`Resource ${arn} is in ${parsed.region}, this inventory covers ${region}`, 'arn');
    const account = parsed?.account || deps.accountId;
    if (!account) throw new ValidationError(`Resource ${arn} names no account, and none is configured`, 'arn');

    const startedAtMs = deps.clock.now();
    const budget = newRequestBudget(deps);
    const ctx: SyncContext<Client> = {
      client: deps.client,
      budget,
      clock: deps.clock,
      account,
      region,
      store: deps.store,
      polledAt: new Date(startedAtMs).toISOString(),
      tombstoneRetentionHours: deps.tombstoneRetentionHours ?? DEFAULT_TOMBSTONE_RETENTION_HOURS,
    };
    const looked = await kind.lookup(ctx, arn);
    const stored = await readStoredResource(deps.store, arn);
    const described = looked === GONE ? GONE : await kind.describe(ctx, looked, stored, { refresh });
    if (described === GONE) {
      const result = await tombstoneResource(ctx, kind, { arn }, stored, deps.clock.now());
      const change = !stored && result.writes === 0 ? 'not-found' : result.change;
      return { arn, change, writes: result.writes, ...budget.snapshot() };
    }
    const result = await syncDescribed(ctx, kind, described, stored, { refresh });
    let { writes, warning } = result;
    if (kind.afterSync) {
      // As in the cycle, the kind's work after the sync never fails the refresh.
      try {
        const done = await kind.afterSync(ctx, described.tree);
        writes += done.writes;
        warning ??= done.degraded;
      } catch (error) {
        warning ??= describeError(error);
      }
    }
    return { arn, change: result.change, writes, ...(warning ? { warning } : {}), ...budget.snapshot() };
  };
}
