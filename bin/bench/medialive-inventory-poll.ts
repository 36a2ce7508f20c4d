import type { MediaLiveClient } from '@aws-sdk/client-medialive';
import { mediaLiveInventory } from '../../lambdas/medialive/service';
import { pollServiceInventory, summarizeServiceCycle } from '../../lambdas/polling/inventory-cycle';
import type { Clock } from '../../lambdas/shared/clock';
import { TokenBucket } from '../../lambdas/shared/rate-limiter';
import type { StateStore } from '../../lambdas/store/state-store';

/** What the bench's MediaLive worker runs the inventory with. */
export interface MediaLiveInventoryDeps {
  readonly mediaLive: MediaLiveClient;
  readonly store: StateStore;
  readonly clock: Clock;
  readonly account: string;
  readonly region: string;
  /** Requests per second the worker paces MediaLive at. @default no limit (moto has no quota) */
  readonly rps?: number;
}

/**
 * One MediaLive inventory cycle per call: the engine's cycle over the registered MediaLive service, as the
 * medialive-inventory function runs it (inputs, channels, input devices), answered as the handler answers.
 */
export function mediaLiveInventoryPoll(deps: MediaLiveInventoryDeps): () => Promise<unknown> {
  const rps = deps.rps ?? 1_000_000;
  const inventoryDeps = {
    client: deps.mediaLive,
    store: deps.store,
    clock: deps.clock,
    limiter: new TokenBucket(rps, Math.max(1, Math.ceil(rps)), deps.clock),
    accountId: deps.account,
  };
  return async () =>
    summarizeServiceCycle(
      mediaLiveInventory,
      await pollServiceInventory(inventoryDeps, mediaLiveInventory, { accountId: deps.account }),
    );
}
