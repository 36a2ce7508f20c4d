import type { MediaLiveClient } from '@aws-sdk/client-medialive';
import type { Clock } from '../../lambdas/shared/clock';
import type { StateStore } from '../../lambdas/store/state-store';

/**
 * The one call of the bench into the MediaLive inventory poller, kept apart because the engine and the MediaLive
 * service are built beside this bench.
 *
 * INTEGRATOR: replace the body with the engine's inventory cycle over the registered MediaLive service, as
 * lambdas/functions/medialive-inventory/handler.ts runs it, e.g.
 * `return () => pollServiceInventory(mediaLiveInventory, { client: deps.mediaLive, store: deps.store, clock: deps.clock,
 * account: deps.account, region: deps.region, budget: new RequestBudget(<unlimited, as UNLIMITED_RPS>) })`.
 * Until then each MediaLive cycle fails with this error and the report says why (a FAIL check, never a made-up figure).
 */
export interface MediaLiveInventoryDeps {
  readonly mediaLive: MediaLiveClient;
  readonly store: StateStore;
  readonly clock: Clock;
  readonly account: string;
  readonly region: string;
}

export class MediaLiveInventoryNotWiredError extends Error {
  constructor() {
    super('the MediaLive inventory poller is not wired into the bench (bin/bench/medialive-inventory-poll.ts)');
    this.name = 'MediaLiveInventoryNotWiredError';
  }
}

/** One MediaLive inventory cycle per call. */
export function mediaLiveInventoryPoll(deps: MediaLiveInventoryDeps): () => Promise<unknown> {
  void deps;
  return () => Promise.reject(new MediaLiveInventoryNotWiredError());
}
